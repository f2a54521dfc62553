"""Round-level results from stored answers, with the anonymity threshold applied."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db import transaction
from django.db.models import Count, F, Q

from leerscan.analytics.organization import figures_may_move, role_groups, shown_scales
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.surveys.models import Answer, Response, ScanRound


def answers_frame(scan_round: ScanRound, submitted_only: bool = True) -> pd.DataFrame:
    """Item-level answers of a round: one row per response, one column per question id."""
    responses = Response.objects.filter(scan_round=scan_round)
    if submitted_only:
        responses = responses.filter(status=Response.Status.SUBMITTED)
    return answers_of(responses)


@dataclass(frozen=True)
class Figures:
    """The answers a round's figures are built from, and how many newer answers wait to join them."""

    answers: pd.DataFrame
    waiting: int = 0


def figures_frame(scan_round: ScanRound) -> Figures:
    """The submitted answers the round's report and round page show (item level, one row each).

    New answers join in batches (:func:`leerscan.analytics.organization.figures_may_move`), so
    comparing the figures of two moments never narrows them down to fewer people than the round's
    threshold. Deciding marks the joined responses (``Response.in_figures``), one decision at a time.
    """
    submitted = Response.objects.filter(scan_round=scan_round, status=Response.Status.SUBMITTED)
    if not submitted.filter(in_figures=False).exists():
        return Figures(answers_of(submitted))
    with transaction.atomic():
        ScanRound.objects.select_for_update().filter(pk=scan_round.pk).exists()
        waiting = set(submitted.filter(in_figures=False).values_list("id", flat=True))
        everything = answers_of(submitted)
        shown = everything.loc[~everything.index.isin(waiting)]
        if len(shown):
            instrument = get_instrument(scan_round.instrument_id)
            may_move = figures_may_move(
                score_responses(shown, instrument),
                role_groups(shown),
                score_responses(everything, instrument),
                role_groups(everything),
                scan_round.anonymity_threshold,
            )
            if not may_move:
                return Figures(shown, len(waiting))
        Response.objects.filter(pk__in=waiting).update(in_figures=True)
        return Figures(everything)


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
    waiting: int = 0  # submitted answers not in the figures yet (figures_frame)


def summarize_round(scan_round: ScanRound) -> RoundSummary:
    """Number of submitted responses and, when the group is large enough, the scale means.

    The threshold holds per scale too, by the report's rule
    (:func:`leerscan.analytics.organization.shown_scales`): a scale that fewer people answered than
    the round's threshold gets no mean (NaN) and is listed in ``suppressed``. An open round's figures
    change as answers come in; they are built from :func:`figures_frame`, so comparing two moments
    never narrows a figure down to fewer people than the threshold.
    """
    figures = figures_frame(scan_round)
    answers = figures.answers
    n = len(answers)
    threshold = scan_round.anonymity_threshold
    if n < threshold:
        return RoundSummary(scan_round, n + figures.waiting, False, None)
    instrument = get_instrument(scan_round.instrument_id)
    scores = score_responses(answers, instrument)
    shown, suppressed = shown_scales(scores, threshold)
    means = scores.mean().where(scores.columns.isin(shown))
    return RoundSummary(scan_round, n, True, means, tuple(suppressed), figures.waiting)
