"""The respondent's questionnaire: starting, saving pages, resuming and submitting.

Every page is saved in one transaction when it is submitted. Saving is idempotent: answers are
upserted by (response, question), so a double click, a retried request, the back button or two
tabs saving the same page never lose or duplicate an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument, Section
from leerscan.surveys.models import Answer, Invitation, PageSave, Response, ScanRound


class RoundUnavailable(Exception):
    """The round cannot be answered now; ``reason`` is 'closed', 'not_open' or 'expired'."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def instrument_for(scan_round: ScanRound) -> Instrument:
    return get_instrument(scan_round.instrument_id)


def sections_for(scan_round: ScanRound) -> tuple[Section, ...]:
    """The pages of this round's questionnaire (its variant; platform-filled questions left out)."""
    instrument = instrument_for(scan_round)
    return tuple(
        s
        for s in instrument.sections_for(scan_round.variant)
        if any(q.asked for q in s.questions_for(scan_round.variant))
    )


def check_open(scan_round: ScanRound, today: date | None = None) -> None:
    """Raise :class:`RoundUnavailable` unless respondents may answer this round today."""
    today = today or timezone.localdate()
    if scan_round.status == ScanRound.Status.CLOSED:
        raise RoundUnavailable("closed")
    if scan_round.status == ScanRound.Status.DRAFT or (scan_round.opens_on and today < scan_round.opens_on):
        raise RoundUnavailable("not_open")
    if scan_round.closes_on and today > scan_round.closes_on:
        raise RoundUnavailable("expired")


def record_refusal(scan_round: ScanRound) -> None:
    """Someone declined consent: only a count is kept."""
    ScanRound.objects.filter(pk=scan_round.pk).update(refusals=F("refusals") + 1)


def start_response(scan_round: ScanRound, language: str, invitation: Invitation | None = None) -> Response:
    """Create a response after consent (for a personal link: at most one, also under double clicks)."""
    instrument = instrument_for(scan_round)
    with transaction.atomic():
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.response_id:
                return invitation.response
        response = Response.objects.create(
            scan_round=scan_round, language=language, instrument_version=instrument.version
        )
        if invitation is not None:
            invitation.response = response
            invitation.save(update_fields=["response"])
    return response


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    reason: str = ""  # 'submitted' when the response was already submitted


def save_page(response: Response, section: Section, values: dict[str, object]) -> SaveResult:
    """Store the answers of one page.

    ``values`` maps question ids of this section to a number, a text, or None (clear the answer);
    questions of the page that are not in ``values`` keep what was stored before.
    """
    instrument = instrument_for(response.scan_round)
    page_questions = [q for q in section.questions_for(response.scan_round.variant) if q.asked]
    now = timezone.now()
    with transaction.atomic():
        # Locks the response row (as submit does) and refuses changes after submission, in one query.
        updated = Response.objects.filter(pk=response.pk, status=Response.Status.STARTED).update(
            last_saved_at=now
        )
        if not updated:
            return SaveResult(False, "submitted")
        locked = response
        rows, cleared = [], []
        for question in page_questions:
            if question.id not in values:
                continue
            value = values[question.id]
            if value is None or value == "":
                cleared.append(question.id)
            elif instrument.questions[question.id].type == "text":
                rows.append(Answer(response=locked, question_id=question.id, text=str(value), number=None))
            else:
                rows.append(Answer(response=locked, question_id=question.id, number=float(value), text=""))
        if cleared:
            Answer.objects.filter(response=locked, question_id__in=cleared).delete()
        if rows:
            Answer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["response", "question_id"],
                update_fields=["number", "text"],
            )
        PageSave.objects.bulk_create(
            [PageSave(response=locked, section_id=section.id, saved_at=now)],
            update_conflicts=True,
            unique_fields=["response", "section_id"],
            update_fields=["saved_at"],
        )
    return SaveResult(True)


def saved_values(response: Response) -> dict[str, object]:
    """The stored answers of a response: question id -> number or text."""

    def value(answer):
        if answer.number is None:
            return answer.text
        return int(answer.number) if answer.number.is_integer() else answer.number

    return {a.question_id: value(a) for a in Answer.objects.filter(response=response)}


def missing_required(response: Response) -> list[str]:
    """Ids of required questions of this round's variant that have no answer yet."""
    answered = set(Answer.objects.filter(response=response).values_list("question_id", flat=True))
    return [
        q.id
        for s in sections_for(response.scan_round)
        for q in s.questions_for(response.scan_round.variant)
        if q.asked and q.required and q.id not in answered
    ]


def submit(response: Response) -> bool:
    """Mark the response as submitted (idempotent). False when required answers are missing."""
    if missing_required(response):
        return False
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if not locked.is_submitted:
            locked.status = Response.Status.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at"])
    return True


def find_by_resume_code(scan_round: ScanRound, code: str) -> Response | None:
    """The unfinished response of this round with this resume code (spaces, dashes and case ignored)."""
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(normalized) != 10:
        return None
    return Response.objects.filter(scan_round=scan_round, resume_code=normalized).first()


def create_invitations(scan_round: ScanRound, count: int) -> list[Invitation]:
    """A batch of single-use personal links."""
    if not 1 <= count <= 2000:
        raise ValueError("count must be between 1 and 2000")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Invitation.objects.bulk_create(
                    [Invitation(scan_round=scan_round) for _ in range(count)]
                )
        except IntegrityError:  # astronomically unlikely token collision: try again
            continue
    raise RuntimeError("could not create unique invitation tokens")
