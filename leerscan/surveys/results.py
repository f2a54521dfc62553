"""Round-level results from stored answers, with the anonymity threshold applied."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import Count, F, Q

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


def summarize_round(scan_round: ScanRound) -> RoundSummary:
    """Number of submitted responses and, when the group is large enough, the scale means.

    The threshold holds per scale too, by the report's rule
    (:func:`leerscan.analytics.organization.shown_scales`): a scale that fewer people answered than
    the round's threshold gets no mean (NaN) and is listed in ``suppressed``. An open round's figures
    change as answers come in, so a mean shown for a small group could be narrowed down to one
    person by comparing two moments.
    """
    answers = answers_frame(scan_round)
    n = len(answers)
    threshold = scan_round.anonymity_threshold
    if n < threshold:
        return RoundSummary(scan_round, n, False, None)
    instrument = get_instrument(scan_round.instrument_id)
    scores = score_responses(answers, instrument)
    shown, suppressed = shown_scales(scores, threshold)
    means = scores.mean().where(scores.columns.isin(shown))
    return RoundSummary(scan_round, n, True, means, tuple(suppressed))
