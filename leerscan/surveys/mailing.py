"""E-mail invitations and reminders for a round, anonymous by construction.

An address (:class:`Addressee`) points at its personal link (:class:`Invitation`); the link knows
"used" and "completed", nothing else: no key of a response is stored with it, so no join leads from
an address to answers. Addresses are erased when the round closes.

Every mail is a background job through ``jobs.mail`` with the key
``round:<round>:invitation:<link>:mail:<n>`` (1 = the invitation, 2 and up = reminders): two runs at
the same moment, or a run repeated, queue the same keys, and a key is sent once.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from leerscan.jobs.mail import queue_email
from leerscan.jobs.models import Job, OutgoingEmail
from leerscan.jobs.registry import Kind, Output
from leerscan.jobs.runner import execute
from leerscan.surveys.mail_texts import render_mail
from leerscan.surveys.models import Addressee, Invitation, MailText, ScanRound

MAX_REMINDERS = 3
MAX_ADDRESSES = 5000


@dataclass
class AddressList:
    """Addresses read from a paste or a file: the usable ones (address, language) and what was not."""

    valid: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a run did: mails it queued, mails it did not queue (already queued, completed, opted out),
    and the jobs to wait for."""

    queued: list[tuple[Job, str]] = field(default_factory=list)
    skipped: int = 0
    sent: int = 0
    refused: int = 0


def parse_addresses(text: str, languages: list[str]) -> AddressList:
    """Addresses one per line or as CSV (first cell the address, an optional second a language code;
    a header row is skipped). Invalid and repeated addresses are listed, not dropped silently."""
    result, seen = AddressList(), set()
    delimiter = max(",;\t", key=text.count)  # a spreadsheet's CSV uses "," or ";", a paste none
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    for number, row in enumerate(rows):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0]:
            continue
        address = cells[0].lower()
        if number == 0 and "@" not in address:
            continue  # a header row
        try:
            validate_email(address)
        except ValidationError:
            result.invalid.append(cells[0])
            continue
        if address in seen:
            result.duplicates.append(address)
            continue
        seen.add(address)
        language = cells[1].lower()[:2] if len(cells) > 1 else ""
        result.valid.append((address, language if language in languages else ""))
    return result


def base_url() -> str:
    return settings.LEERSCAN_BASE_URL.rstrip("/")


def add_addressees(scan_round: ScanRound, addresses: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Give each new address its personal link; returns (added, addresses already invited)."""
    offered = scan_round.languages or ["nl"]
    fallback = scan_round.organization.language if scan_round.organization.language in offered else offered[0]
    known = set(scan_round.addressees.values_list("email", flat=True))
    added, already = 0, []
    ScanRound.objects.filter(pk=scan_round.pk).update(invited_by_email=True)
    scan_round.invited_by_email = True
    for address, language in addresses:
        if address in known:
            already.append(address)
            continue
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(scan_round=scan_round)
                Addressee.objects.create(
                    scan_round=scan_round, invitation=invitation, email=address, language=language or fallback
                )
            added += 1
        except IntegrityError:  # another run added it a moment ago
            already.append(address)
    return added, already


def mail_key(addressee: Addressee, number: int) -> str:
    return f"round:{addressee.scan_round_id}:invitation:{addressee.invitation_id}:mail:{number}"


def _queue(scan_round: ScanRound, addressee: Addressee, number: int, base: str, owner=None):
    link = base + reverse("respond:personal", args=[addressee.invitation.token])
    stop = base + reverse("respond:stop", args=[addressee.stop_token])
    kind = MailText.Kind.INVITATION if number == 1 else MailText.Kind.REMINDER
    mail = render_mail(scan_round, kind, addressee.language, link, stop)
    headers = {"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    key = mail_key(addressee, number)
    job, created = queue_email(
        key, [addressee.email], mail.subject, mail.text, owner=owner, html=mail.html, headers=headers
    )
    return job, created, key


def send_invitations(scan_round: ScanRound, base: str = "", owner=None) -> Outcome:
    """Queue the invitation of every address that has none yet (once per address, whoever asks)."""
    outcome, base = Outcome(), base or base_url()
    for addressee in scan_round.addressees.select_related("invitation").order_by("pk"):
        if addressee.mails >= 1 or addressee.refused:
            outcome.skipped += 1
            continue
        job, created, key = _queue(scan_round, addressee, 1, base, owner)
        Addressee.objects.filter(pk=addressee.pk, mails=0).update(mails=1)
        if created:
            outcome.queued.append((job, key))
        else:
            outcome.skipped += 1
    return outcome


def opened_on(scan_round: ScanRound) -> date | None:
    if scan_round.opens_on:
        return scan_round.opens_on
    first = scan_round.invitations.order_by("created_at").values_list("created_at", flat=True).first()
    return timezone.localdate(first) if first else None


def reminder_plan(
    scan_round: ScanRound, today: date | None = None, now: bool = False
) -> list[tuple[int, int]]:
    """The reminders due: (addressee id, mail number). Only people who have not completed, did not
    opt out and were not refused; never in a round that is not open; at most one a day and
    ``MAX_REMINDERS`` in all. ``now``: a reminder asked for by hand, else the round's schedule."""
    today = today or timezone.localdate()
    if scan_round.status != ScanRound.Status.OPEN or (scan_round.closes_on and today > scan_round.closes_on):
        return []
    if now:
        due = MAX_REMINDERS
    else:
        start = opened_on(scan_round)
        days = sorted(scan_round.reminder_days or [])[:MAX_REMINDERS]
        due = sum(1 for d in days if start and start + timedelta(days=d) <= today)
    waiting = scan_round.addressees.filter(
        mails__gte=1, mails__lte=due, opted_out=False, refused=False, invitation__completed=False
    ).exclude(reminded_on=today)
    return [(pk, mails + 1) for pk, mails in waiting.order_by("pk").values_list("pk", "mails")]


def send_reminders(scan_round: ScanRound, plan: list[tuple[int, int]], base: str = "", owner=None) -> Outcome:
    """Queue the planned reminders. A plan made by another run at the same moment holds the same keys,
    so its mails are the same mails."""
    outcome, base, today = Outcome(), base or base_url(), timezone.localdate()
    addressees = Addressee.objects.select_related("invitation").in_bulk([pk for pk, _ in plan])
    for pk, number in plan:
        addressee = addressees.get(pk)
        if addressee is None:
            continue
        job, created, key = _queue(scan_round, addressee, number, base, owner)
        Addressee.objects.filter(pk=pk, mails=number - 1).update(mails=number, reminded_on=today)
        if created:
            outcome.queued.append((job, key))
        else:
            outcome.skipped += 1
    outcome.skipped += scan_round.addressees.count() - len(plan)
    return outcome


def wait_until_handed_over(
    scan_round: ScanRound, outcome: Outcome, worker_id: str, timeout: float = 300
) -> Outcome:
    """Run this run's mail jobs here (a job a worker holds already is left to it), wait until each is
    finished, and count what the mail server took and refused."""
    for job, _key in outcome.queued:
        execute(job.id, worker_id)
    ids = [job.id for job, _key in outcome.queued]
    deadline = time.monotonic() + timeout
    while Job.objects.filter(id__in=ids).exclude(status__in=[Job.Status.DONE, Job.Status.FAILED]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    statuses = dict(
        OutgoingEmail.objects.filter(key__in=[k for _j, k in outcome.queued]).values_list("key", "status")
    )
    outcome.sent = sum(1 for s in statuses.values() if s == OutgoingEmail.Status.SENT)
    outcome.refused = sum(1 for s in statuses.values() if s == OutgoingEmail.Status.REFUSED)
    note_refusals(scan_round)
    return outcome


def note_refusals(scan_round: ScanRound) -> int:
    """Mark the addresses the mail server refused for good (5xx), so they show as refused and get
    no further mail."""
    prefix = f"round:{scan_round.pk}:invitation:"
    keys = OutgoingEmail.objects.filter(key__startswith=prefix, status=OutgoingEmail.Status.REFUSED)
    links = {int(key[len(prefix) :].split(":")[0]) for key in keys.values_list("key", flat=True)}
    return scan_round.addressees.filter(invitation_id__in=links, refused=False).update(refused=True)


def erase_addresses(scan_round: ScanRound) -> int:
    """Erase the round's addresses, and every mail's copy of them (the keys stay: nothing is sent twice)."""
    with transaction.atomic():
        erased, _ = Addressee.objects.filter(scan_round=scan_round).delete()
        OutgoingEmail.objects.filter(key__startswith=f"round:{scan_round.pk}:").update(
            to=[], body="", html="", headers={}
        )
    return erased


def reminders_job(job, progress) -> Output:
    """Periodic: scheduled reminders of open rounds; addresses of closed or expired rounds erased."""
    today, queued, erased = timezone.localdate(), 0, 0
    for scan_round in ScanRound.objects.filter(addressees__isnull=False).distinct():
        if scan_round.status == ScanRound.Status.CLOSED or (
            scan_round.closes_on and today > scan_round.closes_on
        ):
            erased += erase_addresses(scan_round)
            continue
        note_refusals(scan_round)
        queued += len(send_reminders(scan_round, reminder_plan(scan_round, today)).queued)
    return Output(result={"queued": queued, "erased": erased})


REMINDERS = Kind(
    name="surveys.reminders",
    run=reminders_job,
    title=gettext_noop("Sending scheduled reminders"),
    retries=3,
    keep=timedelta(days=1),
    every=timedelta(hours=1),
)
