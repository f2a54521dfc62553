"""What the map, profile and gaps pages show, as template contexts: used by the pages and by the
feedback report (PDF), so both always show the same figures."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.partnerships import network, results, svg

ROLE_LABELS = {
    "coordinator": gettext_lazy("Coordinator"),
    "partner": gettext_lazy("Partner"),
    "inactive": gettext_lazy("Inactive"),
    "facilitator": gettext_lazy("Facilitator"),
}


def map_context(round, language: str) -> dict:
    graph = results.round_network(round)
    figures = network.metrics(graph)
    outs = network.out_degree(graph)
    names = {n.id: n.name for n in graph.nodes}
    labels = results.form_labels(language)
    return {
        "svg": svg.lot_map(_("Network map of the lot"), graph),
        "figures": figures,
        "density_by_form": [(labels[f], d) for f, d in figures["density_by_form"].items()],
        "isolates": [names[i] for i in figures["isolates"]],
        "silent": [names[i] for i in figures["silent"]],
        "nodes": [
            {
                "name": n.name,
                "role": str(ROLE_LABELS[n.role]),
                "in": figures["in_degree"][n.id],
                "out": outs[n.id],
            }
            for n in graph.nodes
        ],
        "ties": [
            {
                "source": names[t.source],
                "target": names[t.target],
                "forms": ", ".join(labels[f] for f in sorted(t.forms)),
                "contribution": t.contribution,
            }
            for t in graph.ties
        ],
    }


def profile_context(round, language: str) -> dict:
    profile = results.round_profile(round)
    return {
        "profile": profile,
        "rows": results.profile_rows(profile, language),
        "advice": results.advice_for(round, profile, language),
    }


def gaps_context(round, language: str) -> dict:
    labels = results.form_labels(language)
    return {
        "gaps": [
            {
                **gap,
                "forms_ab": ", ".join(labels[f] for f in gap["forms_ab"]) or "—",
                "forms_ba": ", ".join(labels[f] for f in gap["forms_ba"]) or "—",
            }
            for gap in results.gap_rows(round)
        ]
    }


def feedback_context(round, language: str) -> dict:
    """Everything of the feedback report of one partnership for its steering group."""
    return {
        "round": round,
        **map_context(round, language),
        **profile_context(round, language),
        **gaps_context(round, language),
    }
