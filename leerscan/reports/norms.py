"""Benchmarks for the report: the published survey of Flemish SMEs, and norms from leerscan's own data.

Own norms pool the respondents of other organizations' most recent round that reached its anonymity
threshold. They appear once ``LEERSCAN_NORM_MIN_ORGANIZATIONS`` organizations qualify, at the most
specific level that has enough of them: same sector and size, same sector, same size, all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.conf import settings

from leerscan.analytics.organization import shown_scales
from leerscan.analytics.reference import reference
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.organizations.models import Organization
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.results import answers_of, mark_results_shown, rounds_with_enough_responses

PUBLISHED = "published"
OWN = "own"
LEVELS = ("sector_size", "sector", "size", "all")


@dataclass(frozen=True)
class Benchmark:
    """Mean and SD per scale key of a comparison group, and how big that group is."""

    kind: str  # PUBLISHED or OWN
    level: str  # "published", or one of LEVELS
    respondents: int
    organizations: int | None
    means: dict[str, float]
    sds: dict[str, float]
    sector: str = ""
    size_class: int | None = None


def published_benchmark() -> Benchmark:
    """The seed report's survey (n = 95), leerscan's first benchmark."""
    ref = reference()
    table = ref.descriptives
    return Benchmark(
        PUBLISHED,
        PUBLISHED,
        ref.n,
        None,
        table["mean"].astype(float).to_dict(),
        table["sd"].astype(float).to_dict(),
    )


def _qualifying_rounds(organization: Organization) -> list[dict]:
    """Per other organization, its most recent closed round with enough submitted responses (an
    open round's answers would move the norms one person at a time)."""
    rounds = (
        rounds_with_enough_responses()
        .filter(status=ScanRound.Status.CLOSED)
        .exclude(organization=organization)
        .values("id", "organization_id", "organization__sector", "organization__size_class", "wave")
        .order_by("organization_id", "-wave", "-id")
    )
    latest: dict[int, dict] = {}
    for row in rounds:
        latest.setdefault(row["organization_id"], row)
    return list(latest.values())


def _sector_key(sector: str | None) -> str:
    """Sectors typed by hand match whatever their case and spacing: "Bouw", " bouw" and "BOUW"."""
    return " ".join((sector or "").split()).casefold()


def own_benchmark(organization: Organization, minimum: int | None = None) -> Benchmark | None:
    """Norms from other organizations like this one, or None while too few organizations qualify."""
    minimum = settings.LEERSCAN_NORM_MIN_ORGANIZATIONS if minimum is None else minimum
    rounds = _qualifying_rounds(organization)
    sector = _sector_key(organization.sector)
    same_size = organization.size_class is not None
    tests = {
        "sector_size": lambda r: (
            bool(sector)
            and same_size
            and _sector_key(r["organization__sector"]) == sector
            and r["organization__size_class"] == organization.size_class
        ),
        "sector": lambda r: bool(sector) and _sector_key(r["organization__sector"]) == sector,
        "size": lambda r: same_size and r["organization__size_class"] == organization.size_class,
        "all": lambda r: True,
    }
    for level in LEVELS:
        chosen = [r for r in rounds if tests[level](r)]
        if len(chosen) >= max(minimum, 1):
            break
    else:
        return None
    instrument = get_instrument()
    items = {item for scale in instrument.scales for item in scale.items}
    pooled = list(ScanRound.objects.filter(pk__in=[r["id"] for r in chosen]))
    mark_results_shown(*pooled)  # first: these rounds' answers are now part of figures others see
    responses = Response.objects.filter(scan_round__in=pooled, status=Response.Status.SUBMITTED)
    round_of = pd.Series(dict(responses.values_list("id", "scan_round_id")))
    all_scores = score_responses(answers_of(responses, items), instrument)  # one read for all rounds
    thresholds = {scan_round.pk: scan_round.anonymity_threshold for scan_round in pooled}
    parts = []
    for round_id, round_scores in all_scores.groupby(round_of.reindex(all_scores.index)):
        # a scale fewer people answered than the round's threshold is a small group: left out
        shown, _suppressed = shown_scales(round_scores, thresholds[round_id])
        parts.append(round_scores[shown].reindex(columns=round_scores.columns))
    scores = pd.concat(parts, ignore_index=True)
    return Benchmark(
        OWN,
        level,
        len(scores),
        len(chosen),
        scores.mean().to_dict(),
        scores.std(ddof=1).to_dict(),
        sector=organization.sector if level in ("sector_size", "sector") else "",
        size_class=organization.size_class if level in ("sector_size", "size") else None,
    )


def available_benchmarks(organization: Organization) -> list[Benchmark]:
    """Own norms first when they exist, then the published survey."""
    own = own_benchmark(organization)
    return ([own] if own else []) + [published_benchmark()]
