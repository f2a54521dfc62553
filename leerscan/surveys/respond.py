"""The respondent's questionnaire: starting, saving pages, resuming and submitting.

Every page is saved in one transaction when it is submitted. Saving is idempotent: answers are
upserted by (response, question), so a double click, a retried request, the back button or two
tabs saving the same page never lose or duplicate an answer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument, Question, Section
from leerscan.surveys import page_store
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
    return tuple(
        section for section, _asked in _pages(instrument_for(scan_round), scan_round.variant).values()
    )


def asked_questions(scan_round: ScanRound, section: Section) -> tuple[Question, ...]:
    """The questions of one page that the respondent answers."""
    page = _pages(instrument_for(scan_round), scan_round.variant).get(section.id)
    if page is None or page[0] is not section:  # a section of another instrument object
        return tuple(q for q in section.questions_for(scan_round.variant) if q.asked)
    return page[1]


@functools.cache
def _pages(instrument: Instrument, variant: str) -> dict[str, tuple[Section, tuple[Question, ...]]]:
    # Instruments are immutable and cached (hashed by identity), so their pages are cached too:
    # section id -> (section, its asked questions), in questionnaire order, for sections with any.
    pages = {}
    for section in instrument.sections_for(variant):
        asked = tuple(q for q in section.questions_for(variant) if q.asked)
        if asked:
            pages[section.id] = (section, asked)
    return pages


def check_open(scan_round: ScanRound, today: date | None = None) -> None:
    """Raise :class:`RoundUnavailable` unless respondents may answer this round today."""
    today = today or timezone.localdate()
    if scan_round.status == ScanRound.Status.CLOSED:
        raise RoundUnavailable("closed")
    if scan_round.status == ScanRound.Status.DRAFT or (scan_round.opens_on and today < scan_round.opens_on):
        raise RoundUnavailable("not_open")
    if scan_round.closes_on and today > scan_round.closes_on:
        raise RoundUnavailable("expired")


def record_refusal(
    scan_round: ScanRound,
    invitation: Invitation | None = None,
    counted_before: bool = False,
    form_key: str = "",
) -> None:
    """Someone declined consent: only a count is kept, once per personal link and per browser session.

    ``counted_before``: this browser session already declined in this round (its cookie says so).
    ``form_key``: the random key of the consent form, so a double click (sent before the cookie
    arrives) counts once.
    """
    if counted_before:
        return
    if form_key and not cache.add("leerscan.refusal." + _derived_secret("refusal", form_key), 1, 3600):
        return
    with transaction.atomic():
        if invitation is not None:
            if not Invitation.objects.filter(pk=invitation.pk, refused=False).update(refused=True):
                return  # this personal link's refusal was counted already
        ScanRound.objects.filter(pk=scan_round.pk).update(refusals=F("refusals") + 1)


def start_response(
    scan_round: ScanRound, language: str, invitation: Invitation | None = None, start_key: str = ""
) -> Response | None:
    """Create a response after consent, at most one per consent form, also under double clicks.

    ``start_key`` is the random key of the consent form that was sent: the response's secret is
    derived from it, so the same form sent twice (a double click that arrives before the first
    answer's cookie) finds the response the first click created instead of starting a second one.
    A personal link is used once: its first consent form claims it (None for any other form), and
    it keeps no key of the response, so no address leads to answers.
    """
    instrument = instrument_for(scan_round)
    fields = {"scan_round": scan_round, "language": language, "instrument_version": instrument.version}
    if start_key:
        # No transaction around it: the secret is unique, so get_or_create holds against a double
        # click on its own, and SQLite's write lock is held for its INSERT only.
        response, created = Response.objects.get_or_create(
            secret=_derived_secret("start", start_key), defaults=fields
        )
        if response.scan_round_id != scan_round.pk:
            response, created = Response.objects.create(**fields), True
    else:
        response, created = Response.objects.create(**fields), True
    if invitation is not None and created:
        if not Invitation.objects.filter(pk=invitation.pk, started=False).update(started=True):
            response.delete()  # the link was used by another consent form
            return None
    if created and scan_round.invited_by_email:
        Response.objects.filter(pk=response.pk).update(started_at=day_only(timezone.now()))
    return response


def day_only(moment):
    """The start of the day of ``moment``: what an invited round keeps of an answer's time."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def mark_completed(scan_round: ScanRound, invitation_token: str) -> None:
    """The personal link this browser came with (a signed cookie) was completed: yes, and nothing more."""
    Invitation.objects.filter(scan_round=scan_round, token=invitation_token, started=True).update(
        completed=True
    )


def _derived_secret(purpose: str, key: str, server_key: str | None = None) -> str:
    """A response secret derived from ``key`` with the server's secret key (as long as a new one)."""
    digest = salted_hmac(f"leerscan.response.{purpose}", key, secret=server_key, algorithm="sha256")
    return digest.hexdigest()[:32]


def import_secret(scan_round: ScanRound, respondent: str) -> str:
    """The secret of the response imported for ``respondent`` (the id column of an import file) in
    this round: a keyed hash, so a second import of the same respondent is recognised while the id
    itself is never stored."""
    return _derived_secret("import", f"{scan_round.pk}:{respondent}")


def earlier_import_secrets(scan_round: ScanRound, respondent: str) -> list[str]:
    """The secrets the same respondent was imported under with the server's earlier secret keys
    (``SECRET_KEY_FALLBACKS``), so a re-import is still recognised after the key was rotated."""
    key = f"{scan_round.pk}:{respondent}"
    return [_derived_secret("import", key, old) for old in settings.SECRET_KEY_FALLBACKS]


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    reason: str = ""  # 'submitted' when the response was already submitted


def save_page(response: Response, section: Section, values: dict[str, object]) -> SaveResult:
    """Store the answers of one page.

    ``values`` maps question ids of this section to a number, a text, or None (clear the answer);
    questions of the page that are not in ``values`` keep what was stored before.

    One transaction (on PostgreSQL one statement, see ``page_store.write_page``): refuse if
    submitted, clear, upsert the answers, upsert the page's save mark. Upserts keyed by (response,
    question) and (response, page) make a repeated save change nothing; one transaction makes a page
    saved whole or not. The rows are built before the transaction starts, so that the transaction
    (which holds SQLite's single write lock) only runs its statements.
    """
    instrument = instrument_for(response.scan_round)
    rows, cleared = [], []
    for question in asked_questions(response.scan_round, section):
        if question.id not in values:
            continue
        value = values[question.id]
        if value is None or value == "":
            cleared.append(question.id)
        elif instrument.questions[question.id].type == "text":
            rows.append((question.id, None, str(value)))
        else:
            rows.append((question.id, float(value), ""))
    now = timezone.now()
    if response.scan_round.invited_by_email:
        now = day_only(now)
    if not page_store.write_page(response.pk, section.id, rows, cleared, now):
        return SaveResult(False, "submitted")
    return SaveResult(True)


def saved_values(response: Response) -> dict[str, object]:
    """The stored answers of a response: question id -> number or text."""

    def value(number, text):
        if number is None:
            return text
        return int(number) if number.is_integer() else number

    rows = page_store.stored_answers(response.pk)
    return {question_id: value(number, text) for question_id, number, text in rows}


def missing_required(response: Response) -> list[str]:
    """Ids of required questions of this round's variant that have no answer yet."""
    answered = set(Answer.objects.filter(response=response).values_list("question_id", flat=True))
    return [
        q.id
        for s in sections_for(response.scan_round)
        for q in asked_questions(response.scan_round, s)
        if q.required and q.id not in answered
    ]


def resume_page(response: Response) -> int | None:
    """The page to continue on: the first page never saved or with a required answer missing
    (None when every page is complete, i.e. the review step)."""
    saved = set(PageSave.objects.filter(response=response).values_list("section_id", flat=True))
    answered = set(Answer.objects.filter(response=response).values_list("question_id", flat=True))
    for number, section in enumerate(sections_for(response.scan_round), start=1):
        questions = asked_questions(response.scan_round, section)
        if section.id not in saved or any(q.required and q.id not in answered for q in questions):
            return number
    return None


def submit(response: Response) -> bool:
    """Mark the response as submitted (idempotent). False when required answers are missing."""
    if missing_required(response):
        return False
    # One statement (no read under the write lock first); it orders against a page save as the save's
    # update of the same row does, and a second submit changes nothing.
    now = timezone.now()
    Response.objects.filter(pk=response.pk, status=Response.Status.STARTED).update(
        status=Response.Status.SUBMITTED,
        submitted_at=day_only(now) if response.scan_round.invited_by_email else now,
    )
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
