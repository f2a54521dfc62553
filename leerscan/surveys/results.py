"""Round-level results from stored answers, with the anonymity threshold applied."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


@dataclass(frozen=True)
class RoundSummary:
    scan_round: ScanRound
    respondents: int
    shown: bool  # False when there are fewer respondents than the threshold
    means: pd.Series | None  # scale key -> mean over respondents (None when not shown)


def summarize_round(scan_round: ScanRound) -> RoundSummary:
    """Number of submitted responses and, when the group is large enough, the scale means."""
    answers = answers_frame(scan_round)
    n = len(answers)
    if n < scan_round.anonymity_threshold:
        return RoundSummary(scan_round, n, False, None)
    instrument = get_instrument(scan_round.instrument_id)
    scores = score_responses(answers, instrument)
    return RoundSummary(scan_round, n, True, scores.mean())
