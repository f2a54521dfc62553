"""The lot's network: provider-level ties from the respondents' circles, and the metrics of the map.

Counted here in plain Python (the tests check every figure against networkx on generated networks).
A node is a provider of the lot; a tie is directed, ego -> alter, with the forms the ego ticked
(f1 information/referral, f2 feedback/help/support, f3 co-creation; annex 6 of seed 003). Several
consultants of one provider give one node: their forms are joined and their contributions averaged
(design note 3.8, a proposal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

FORMS = ("f1", "f2", "f3")


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    role: str = "partner"  # coordinator | partner | inactive | facilitator


@dataclass(frozen=True)
class Tie:
    """One provider's view of another: ``source`` -> ``target``."""

    source: int
    target: int
    forms: frozenset[str]
    contribution: float | None = None  # 1-4, the highest over the ticked forms
    direction: str | None = None  # for f2: give | receive | both

    @property
    def deepest(self) -> str | None:
        """The deepest form ticked (f3 deeper than f2 deeper than f1), which styles the edge."""
        return max(self.forms) if self.forms else None


@dataclass
class Network:
    nodes: list[Node]
    ties: list[Tie] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [n.id for n in self.nodes]

    def coordinator(self) -> int | None:
        return next((n.id for n in self.nodes if n.role == "coordinator"), None)


def join_reports(reports: list[dict]) -> list[Tie]:
    """Provider-level ties from respondent-level reports.

    Each report is ``{"source", "target", "forms", "contribution", "direction"}`` (one consultant about
    one partner). Forms are joined, contributions averaged, directions joined ("give" and "receive" give
    "both"). A report without a form is no tie.
    """
    grouped: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for report in reports:
        if report["forms"] and report["source"] != report["target"]:
            grouped[(report["source"], report["target"])].append(report)
    ties = []
    for (source, target), rows in sorted(grouped.items()):
        contributions = [r["contribution"] for r in rows if r.get("contribution")]
        directions = {r.get("direction") for r in rows} - {None, ""}
        direction = "both" if "both" in directions or len(directions) > 1 else next(iter(directions), None)
        ties.append(
            Tie(
                source=source,
                target=target,
                forms=frozenset().union(*(frozenset(r["forms"]) for r in rows)),
                contribution=mean(contributions) if contributions else None,
                direction=direction,
            )
        )
    return ties


def _possible(network: Network) -> int:
    n = len(network.nodes)
    return n * (n - 1)


def density(network: Network, form: str | None = None) -> float:
    """Share of the n(n-1) possible directed ties that exist (in ``form``, or in any form)."""
    possible = _possible(network)
    if possible == 0:
        return 0.0
    return sum(1 for t in network.ties if form is None or form in t.forms) / possible


def reciprocity(network: Network, form: str | None = None) -> float | None:
    """Share of ties whose reverse tie also exists (None without ties)."""
    pairs = {(t.source, t.target) for t in network.ties if form is None or form in t.forms}
    if not pairs:
        return None
    return sum(1 for s, t in pairs if (t, s) in pairs) / len(pairs)


def in_degree(network: Network, form: str | None = None) -> dict[int, int]:
    """How many partners name each node (in ``form``, or in any form)."""
    counts = dict.fromkeys(network.ids, 0)
    for t in network.ties:
        if form is None or form in t.forms:
            counts[t.target] += 1
    return counts


def out_degree(network: Network) -> dict[int, int]:
    counts = dict.fromkeys(network.ids, 0)
    for t in network.ties:
        counts[t.source] += 1
    return counts


def coordinator_load(network: Network) -> float | None:
    """The coordinator's share of all feedback/help/support ties (f2) in the lot that point at it.

    The seed: the coordinator "was asked for help far more often" (line 1237). None without a
    coordinator or without f2 ties.
    """
    coordinator = network.coordinator()
    f2 = [t for t in network.ties if "f2" in t.forms]
    if coordinator is None or not f2:
        return None
    return sum(1 for t in f2 if t.target == coordinator) / len(f2)


def isolates(network: Network) -> list[int]:
    """Nodes with no tie in or out."""
    tied = {t.source for t in network.ties} | {t.target for t in network.ties}
    return [i for i in network.ids if i not in tied]


def silent(network: Network) -> list[int]:
    """Active nodes that name nobody (no outgoing tie): a sign of dropping out (line 1223)."""
    sending = {t.source for t in network.ties}
    return [n.id for n in network.nodes if n.role != "inactive" and n.id not in sending]


def multiplexity(network: Network) -> float | None:
    """Mean number of forms per tie (1 to 3)."""
    if not network.ties:
        return None
    return sum(len(t.forms) for t in network.ties) / len(network.ties)


def metrics(network: Network) -> dict:
    """Everything the lot map shows beside the drawing."""
    return {
        "nodes": len(network.nodes),
        "ties": len(network.ties),
        "density": density(network),
        "density_by_form": {form: density(network, form) for form in FORMS},
        "reciprocity": reciprocity(network),
        "in_degree": in_degree(network),
        "coordinator_load": coordinator_load(network),
        "isolates": isolates(network),
        "silent": silent(network),
        "multiplexity": multiplexity(network),
        "share_f3": (
            sum(1 for t in network.ties if "f3" in t.forms) / len(network.ties) if network.ties else None
        ),
    }


def perception_gaps(network: Network) -> list[dict]:
    """A about B against B about A, for every pair where at least one names the other.

    Flags: forms differ; contributions differ by 2 or more (design note 4.2, a proposal); A says it gives
    help (f2 give/both) while B does not say it receives it from A.
    """
    by_pair = {(t.source, t.target): t for t in network.ties}
    rows = []
    ids = network.ids
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ab, ba = by_pair.get((a, b)), by_pair.get((b, a))
            if ab is None and ba is None:
                continue
            forms_ab = ab.forms if ab else frozenset()
            forms_ba = ba.forms if ba else frozenset()
            c_ab = ab.contribution if ab else None
            c_ba = ba.contribution if ba else None
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "forms_ab": sorted(forms_ab),
                    "forms_ba": sorted(forms_ba),
                    "contribution_ab": c_ab,
                    "contribution_ba": c_ba,
                    "forms_differ": forms_ab != forms_ba,
                    "contribution_gap": c_ab is not None and c_ba is not None and abs(c_ab - c_ba) >= 2,
                    "help_unseen": _gives(ab) and not _receives(ba) or _gives(ba) and not _receives(ab),
                }
            )
    return rows


def _gives(tie: Tie | None) -> bool:
    return tie is not None and "f2" in tie.forms and tie.direction in ("give", "both")


def _receives(tie: Tie | None) -> bool:
    return tie is not None and "f2" in tie.forms and tie.direction in ("receive", "both")
