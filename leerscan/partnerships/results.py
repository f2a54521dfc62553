"""From the stored answers to what the pages show: the network of a round, a respondent's circle, the
layer profile, the gaps and the programme's pooled figures. Reads only; the views decide who sees it."""

from __future__ import annotations

from leerscan.partnerships import advice, scoring
from leerscan.partnerships import network as net
from leerscan.partnerships.instrument import get_instrument, translate
from leerscan.partnerships.models import PartnershipResponse, PartnershipRound, TieReport

POOL_MINIMUM = 5  # the platform's anonymity threshold: a lot joins the pool with at least 5 respondents
POOL_LOTS = 2  # a pool of one lot would be that lot's own figures: shown from two lots on


def submitted(round: PartnershipRound):
    return PartnershipResponse.objects.filter(round=round, submitted_at__isnull=False)


def role_of_partner(partner) -> str:
    if not partner.active:
        return "inactive"
    return "coordinator" if partner.is_coordinator else "partner"


def round_network(round: PartnershipRound) -> net.Network:
    """The providers of the round as nodes and the submitted circles joined into provider-level ties."""
    nodes = [
        net.Node(p.provider_id, p.provider.name, role_of_partner(p))
        for p in round.partners.select_related("provider")
    ]
    reports = [
        {
            "source": t.response.provider_id,
            "target": t.alter_id,
            "forms": t.forms,
            "contribution": t.contribution,
            "direction": t.f2_direction or None,
        }
        for t in TieReport.objects.filter(response__in=submitted(round)).select_related("response")
    ]
    return net.Network(nodes, net.join_reports(reports))


def ego_placements(response: PartnershipResponse) -> list[dict]:
    """The respondent's circle: a partner once per ticked form, on the ring of its contribution."""
    placed = []
    for tie in response.ties.select_related("alter").order_by("alter__name"):
        for form in tie.forms:
            placed.append(
                {
                    "name": tie.alter.name,
                    "form": form,
                    "contribution": getattr(tie, f"contribution_{form}") or None,
                }
            )
    return placed


def form_labels(language: str) -> dict[str, str]:
    return {f.code: translate(f.label, language) for f in get_instrument().forms}


def profile_rows(profile: dict, language: str) -> list[dict]:
    """The layer profile as rows for a table: each layer, then its subscales (autonomy beside layer 1)."""
    instrument = get_instrument()
    rows = []
    for layer in instrument.layers:
        rows.append(
            {"level": "layer", "label": translate(layer.label, language), **profile["layers"][layer.key]}
        )
        keys = list(layer.subscales) + [k for k, s in instrument.subscales.items() if s.beside == layer.key]
        for key in keys:
            label = translate(instrument.subscales[key].label, language)
            rows.append({"level": "subscale", "key": key, "label": label, **profile["subscales"][key]})
    outcome = instrument.subscales["ou"]
    rows.append({"level": "layer", "label": translate(outcome.label, language), **profile["subscales"]["ou"]})
    return rows


def round_profile(round: PartnershipRound) -> dict:
    return scoring.profile(get_instrument(), [r.answers for r in submitted(round)])


def gap_rows(round: PartnershipRound) -> list[dict]:
    network = round_network(round)
    names = {n.id: n.name for n in network.nodes}
    return [
        {**gap, "a_name": names[gap["a"]], "b_name": names[gap["b"]]} for gap in net.perception_gaps(network)
    ]


def pooled_answers() -> tuple[list[dict], int]:
    """The latest round of every lot with at least 5 submitted answers, pooled: (answers, lots)."""
    pooled, lots = [], 0
    latest: dict[int, PartnershipRound] = {}
    for round in PartnershipRound.objects.exclude(status=PartnershipRound.Status.DRAFT).order_by("number"):
        latest[round.lot_id] = round
    for round in latest.values():
        answers = [r.answers for r in submitted(round)]
        if len(answers) >= POOL_MINIMUM:
            pooled += answers
            lots += 1
    return pooled, lots


def advice_for(round: PartnershipRound, profile: dict, language: str) -> list[dict]:
    """The advice cards the round's figures point to, with their text and the seed lines."""
    graph = round_network(round)
    contributions = [t.contribution for t in graph.ties if t.contribution is not None]
    answers = [r.answers for r in submitted(round)]
    chosen = advice.triggered(profile, net.metrics(graph), answers, contributions)
    return [
        {
            "id": key,
            "text": advice.cards()[key]["text"][language],
            "seed_lines": advice.cards()[key]["seed_lines"],
        }
        for key in chosen
    ]


def change_rows(round: PartnershipRound) -> list[dict]:
    """This round and the lot's earlier open-reflection rounds: layers, density, coordinator load, ties
    that appeared or disappeared, and partners that joined, left or became inactive."""
    earlier = PartnershipRound.objects.filter(
        lot=round.lot, number__lte=round.number, mode=PartnershipRound.Mode.OPEN
    ).exclude(status=PartnershipRound.Status.DRAFT)
    rows, before = [], None
    for each in earlier.order_by("number"):
        graph = round_network(each)
        figures = net.metrics(graph)
        profile = round_profile(each)
        pairs = {(t.source, t.target) for t in graph.ties}
        members = {n.id: n for n in graph.nodes}
        names = {n.id: n.name for n in graph.nodes}
        row = {
            "round": each,
            "respondents": profile["respondents"],
            "layers": [profile["layers"][layer.key]["mean"] for layer in get_instrument().layers],
            "density": figures["density"],
            "coordinator_load": figures["coordinator_load"],
            "new_ties": None,
            "lost_ties": None,
            "membership": [],
        }
        if before is not None:
            old_pairs, old_members, old_names = before
            row["new_ties"] = len(pairs - old_pairs)
            row["lost_ties"] = len(old_pairs - pairs)
            joined = [names[i] for i in members if i not in old_members]
            left = [old_names[i] for i in old_members if i not in members]
            inactive = [
                names[i]
                for i, n in members.items()
                if n.role == "inactive" and i in old_members and old_members[i].role != "inactive"
            ]
            row["membership"] = [("joined", joined), ("left", left), ("inactive", inactive)]
        rows.append(row)
        before = (pairs, members, names)
    return rows


def support_needs(all_answers: list[dict], language: str) -> list[dict]:
    """The support needs (part E) ranked by how many respondents chose them, to set the agenda of the
    cross-lot sessions (seed 003 lines 1334, 1797)."""
    question = get_instrument().question("e4")
    counts = {o.code: 0 for o in question.options}
    for answers in all_answers:
        for code in answers.get("e4") or []:
            if code in counts:
                counts[code] += 1
    ranked = sorted(question.options, key=lambda o: (-counts[o.code], o.code))
    return [{"label": translate(o.label, language), "count": counts[o.code]} for o in ranked]


def open_lots() -> list[dict]:
    """The latest open-reflection round of each lot, side by side (by lot number, never ranked):
    layer means, n and the form mix (share of ties with each form)."""
    latest: dict[int, PartnershipRound] = {}
    rounds = PartnershipRound.objects.filter(mode=PartnershipRound.Mode.OPEN).exclude(
        status=PartnershipRound.Status.DRAFT
    )
    for each in rounds.select_related("lot").order_by("lot__number", "number"):
        latest[each.lot_id] = each
    rows = []
    for each in latest.values():
        profile = round_profile(each)
        ties = round_network(each).ties
        rows.append(
            {
                "round": each,
                "n": profile["respondents"],
                "layers": [profile["layers"][layer.key]["mean"] for layer in get_instrument().layers],
                "forms": [
                    sum(1 for t in ties if form in t.forms) / len(ties) if ties else None
                    for form in net.FORMS
                ],
            }
        )
    return rows
