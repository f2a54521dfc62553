"""What a partnership sees of itself in open reflection (map, profile, gaps), and the programme's pooled
profile. Confidential rounds show none of these: nobody sees tie-level data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.accounts.models import Role
from leerscan.jobs.services import start_job
from leerscan.jobs.views import idempotency_key, redirect_to_job
from leerscan.partnerships import access, network, results, scoring, svg
from leerscan.partnerships.instrument import get_instrument, translate
from leerscan.partnerships.jobs import EXPORT


def _language() -> str:
    return (get_language() or "nl")[:2]


def _open_round(request, pk):
    round = access.get_round_for(request.user, pk)
    if not access.can_see_lot_results(request.user, round):
        raise PermissionDenied("lot results exist only in open reflection, for the lot's partners")
    return round


ROLE_LABELS = {
    "coordinator": gettext_lazy("Coordinator"),
    "partner": gettext_lazy("Partner"),
    "inactive": gettext_lazy("Inactive"),
    "facilitator": gettext_lazy("Facilitator"),
}


@role_required()
def lot_map(request, pk):
    round = _open_round(request, pk)
    graph = results.round_network(round)
    figures = network.metrics(graph)
    names = {n.id: n.name for n in graph.nodes}
    labels = results.form_labels(_language())
    nodes = [
        {
            "name": n.name,
            "role": str(ROLE_LABELS[n.role]),
            "in": figures["in_degree"][n.id],
            "out": network.out_degree(graph)[n.id],
        }
        for n in graph.nodes
    ]
    ties = [
        {
            "source": names[t.source],
            "target": names[t.target],
            "forms": ", ".join(labels[f] for f in sorted(t.forms)),
            "contribution": t.contribution,
        }
        for t in graph.ties
    ]
    return render(
        request,
        "partnerships/map.html",
        {
            "round": round,
            "svg": svg.lot_map(_("Network map of the lot"), graph),
            "figures": figures,
            "density_by_form": [(labels[f], d) for f, d in figures["density_by_form"].items()],
            "isolates": [names[i] for i in figures["isolates"]],
            "silent": [names[i] for i in figures["silent"]],
            "nodes": nodes,
            "ties": ties,
        },
    )


@role_required()
def layer_profile(request, pk):
    round = _open_round(request, pk)
    profile = results.round_profile(round)
    return render(
        request,
        "partnerships/profile.html",
        {
            "round": round,
            "profile": profile,
            "rows": results.profile_rows(profile, _language()),
            "advice": results.advice_for(round, profile, _language()),
        },
    )


@role_required()
def change(request, pk):
    """This round beside the lot's earlier open-reflection rounds, with membership changes marked."""
    round = _open_round(request, pk)
    return render(
        request,
        "partnerships/change.html",
        {
            "round": round,
            "rows": results.change_rows(round),
            "layers": [translate(layer.label, _language()) for layer in get_instrument().layers],
        },
    )


@role_required()
def gaps(request, pk):
    round = _open_round(request, pk)
    labels = results.form_labels(_language())
    rows = [
        {
            **gap,
            "forms_ab": ", ".join(labels[f] for f in gap["forms_ab"]) or "—",
            "forms_ba": ", ".join(labels[f] for f in gap["forms_ba"]) or "—",
        }
        for gap in results.gap_rows(round)
    ]
    return render(request, "partnerships/gaps.html", {"round": round, "rows": rows})


@role_required(Role.PROGRAMME)
def pooled(request):
    """The programme's cross-lot view: a profile pooled over lots with at least 5 respondents each (never
    one lot alone), the support needs ranked, and the open-reflection lots side by side."""
    answers, lots = results.pooled_answers()
    shown = lots >= results.POOL_LOTS
    profile = scoring.profile(get_instrument(), answers) if shown else None
    language = _language()
    return render(
        request,
        "partnerships/pooled.html",
        {
            "shown": shown,
            "lots": lots,
            "profile": profile,
            "rows": results.profile_rows(profile, language) if shown else [],
            "needs": results.support_needs(answers, language) if shown else [],
            "open_lots": results.open_lots(),
            "layers": [translate(layer.label, language) for layer in get_instrument().layers],
            "forms": list(results.form_labels(language).values()),
            "minimum": results.POOL_MINIMUM,
        },
    )


@require_POST
@role_required(Role.PROGRAMME)
def export(request, pk):
    """The research files of an open-reflection round, made by a background job."""
    round = _open_round(request, pk)
    job = start_job(
        EXPORT.name,
        {"round": round.pk},
        owner=request.user,
        language=_language(),
        key=idempotency_key(request, EXPORT.name),
    )
    return redirect_to_job(job, back=reverse("partnerships:round", args=[round.pk]))
