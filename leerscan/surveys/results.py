"""Round-level results from stored answers, with the anonymity threshold applied."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from leerscan.analytics.organization import shown_scales
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.surveys.models import Answer, Response, ScanRound


def answers_frame(scan_round: ScanRound, submitted_only: bool = True) -> pd.DataFrame:
    """Item-level answers of a round: one row per response, one column per question id."""
    responses = Response.objects.filter(scan_round=scan_round)
    if submitted_only:
        responses = responses.filter(status=Response.Status.SUBMITTED)
    return answers_of(responses)


def response_rate(answered: int, expected: int | None) -> int | None:
    """``answered`` as a whole percentage of ``expected`` (None when nobody is expected).

    Rounded as usual, except at the ends, where rounding would tell something false: 100 only when
    everyone expected answered (199 of 200 is 99, not 100), 1 or more when anyone answered (1 of 300
    is 1, not 0), and never over 100 (201 of 200 is 100; the pages say "more than expected" in words).
    """
    if not expected:
        return None
    if answered >= expected:
        return 100
    if answered <= 0:
        return 0
    return min(99, max(1, math.floor(100 * answered / expected + 0.5)))


@dataclass(frozen=True)
class Figures:
    """The answers a round's figures are built from (none while the round is open)."""

    answers: pd.DataFrame
    still_open: bool = False  # the round takes answers: only their number is shown
    submitted: int = 0  # answers submitted so far


def figures_frame(scan_round: ScanRound) -> Figures:
    """The submitted answers the round's report and round page show (item level, one row each).

    Figures exist only for a closed round. While a round takes answers its figures would change with
    every new answer, and whoever compares two moments learns about the people who answered in
    between (one new answer among six gives that person's scores exactly: 6 x new - 5 x old).
    Once a closed round has enough answers for figures it is marked as shown *before* its answers
    are read (:func:`mark_results_shown`), so an import at the same moment either comes first and
    is in these figures, or is refused: the figures never get a second version.
    """
    submitted = Response.objects.filter(scan_round=scan_round, status=Response.Status.SUBMITTED)
    if scan_round.status != ScanRound.Status.CLOSED:
        return Figures(pd.DataFrame(), still_open=True, submitted=submitted.count())
    with transaction.atomic():
        if submitted.count() >= scan_round.anonymity_threshold:
            mark_results_shown(scan_round)  # waits for an import that is being stored
        answers = answers_of(submitted)
    return Figures(answers, submitted=len(answers))


def mark_results_shown(*rounds: ScanRound) -> None:
    """Record that figures of these closed rounds are out: their answers, threshold and status stay."""
    pks = [r.pk for r in rounds if r.results_shown_at is None]
    if pks:
        now = timezone.now()
        # a row lock (PostgreSQL) or the write lock (SQLite): waits for answers being stored
        ScanRound.objects.filter(pk__in=pks, results_shown_at__isnull=True).update(results_shown_at=now)
        for scan_round in rounds:
            scan_round.results_shown_at = scan_round.results_shown_at or now


def answers_of(responses, questions=None) -> pd.DataFrame:
    """Item-level answers of a set of responses (a queryset), optionally only some question ids."""
    ids = list(responses.values_list("id", flat=True))
    rows = Answer.objects.filter(response__in=responses)
    if questions is not None:
        rows = rows.filter(question_id__in=list(questions))
    rows = rows.values_list("response_id", "question_id", "number")
    frame = pd.DataFrame.from_records(list(rows), columns=["response", "question", "value"])
    if frame.empty:
        return pd.DataFrame(index=pd.Index(ids, name="response"))
    wide = frame.pivot(index="response", columns="question", values="value")
    return wide.reindex(ids)


def rounds_with_enough_responses():
    """Scan rounds with at least their own anonymity threshold of submitted responses (a queryset).

    Only such rounds feed figures beyond the round itself (own norms, research selections and
    exports): a smaller round is a small group, whatever it is pooled with.
    """
    return ScanRound.objects.annotate(
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
    ).filter(submitted__gte=F("anonymity_threshold"))


@dataclass(frozen=True)
class RoundSummary:
    scan_round: ScanRound
    respondents: int
    shown: bool  # False when there are fewer respondents than the threshold
    means: pd.Series | None  # scale key -> mean over respondents (None when not shown; NaN per scale
    # when that scale is suppressed or was not asked)
    suppressed: tuple[str, ...] = ()  # scale keys answered by some, but fewer than the threshold
    still_open: bool = False  # an open round shows only its number of answers (figures_frame)


def summarize_round(scan_round: ScanRound) -> RoundSummary:
    """Number of submitted responses and, when the group is large enough, the scale means.

    The threshold holds per scale too, by the report's rule
    (:func:`leerscan.analytics.organization.shown_scales`): a scale that fewer people answered than
    the round's threshold gets no mean (NaN) and is listed in ``suppressed``. An open round's figures
    would change as answers come in, so they come only once the round is closed (:func:`figures_frame`).
    """
    figures = figures_frame(scan_round)
    answers = figures.answers
    n = figures.submitted
    threshold = scan_round.anonymity_threshold
    if figures.still_open or n < threshold:
        return RoundSummary(scan_round, n, False, None, still_open=figures.still_open)
    instrument = get_instrument(scan_round.instrument_id)
    scores = score_responses(answers, instrument)
    shown, suppressed = shown_scales(scores, threshold)
    means = scores.mean().where(scores.columns.isin(shown))
    return RoundSummary(scan_round, n, True, means, tuple(suppressed))
