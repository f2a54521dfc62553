"""Writing answers: every write is one transaction, so a batch is stored whole or not at all."""

from __future__ import annotations

import math

import pandas as pd
from django.db import transaction
from django.utils import timezone

from leerscan.instrument.answers import META_COLUMNS
from leerscan.instrument.loader import get_instrument
from leerscan.surveys.models import Answer, Response, ScanRound


class ResultsShownError(ValueError):
    """The round's figures are out, so no answer can be added (it would show in a comparison)."""


@transaction.atomic
def store_submitted_responses(
    scan_round: ScanRound, answers: pd.DataFrame, source: str, secrets: list[str | None] | None = None
) -> int:
    """Store already-checked answers (see ``leerscan.instrument.answers``) as submitted responses.

    One response per row; all rows or none are stored. ``secrets`` gives rows a fixed response secret
    (a unique key, e.g. derived from an import's respondent id; None: a random one). Returns the
    number of responses stored. Refused with :class:`ResultsShownError` once the round's figures
    were shown (``ScanRound.results_shown_at``).
    """
    locked = ScanRound.objects.select_for_update().filter(pk=scan_round.pk)
    if locked.filter(results_shown_at__isnull=False).exists():
        raise ResultsShownError(f"the results of round {scan_round.pk} are already out")
    instrument = get_instrument(scan_round.instrument_id)
    questions = [c for c in answers.columns if c in instrument.questions and c not in META_COLUMNS]
    now = timezone.now()
    language = answers["language"] if "language" in answers.columns else None
    links = answers["linking_code"] if "linking_code" in answers.columns else None
    responses = Response.objects.bulk_create(
        [
            Response(
                scan_round=scan_round,
                status=Response.Status.SUBMITTED,
                source=source,
                language=(language.iloc[i] if language is not None and _filled(language.iloc[i]) else "nl"),
                instrument_version=instrument.version,
                submitted_at=now,
                linking_code=str(links.iloc[i])[:64] if links is not None and _filled(links.iloc[i]) else "",
                **({"secret": secrets[i]} if secrets and secrets[i] else {}),
            )
            for i in range(len(answers))
        ]
    )
    if not all(r.pk for r in responses):  # backends without RETURNING: fetch ids in order
        responses = list(Response.objects.filter(scan_round=scan_round, submitted_at=now).order_by("id"))
    rows = []
    for response, (_, record) in zip(responses, answers[questions].iterrows(), strict=True):
        for question_id, value in record.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if instrument.questions[question_id].type == "text":
                rows.append(Answer(response=response, question_id=question_id, text=str(value)))
            else:
                rows.append(Answer(response=response, question_id=question_id, number=float(value)))
    Answer.objects.bulk_create(rows, batch_size=2000)
    return len(responses)


def _filled(value) -> bool:
    return value is not None and not pd.isna(value) and value != ""
