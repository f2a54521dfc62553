"""An uploaded answer file from its check to its storing: kept in the database in between (waiting
for **Import anyway**, or for a worker), and stored by a background job when it is large.

A large import is an *atomic* job: its answers and its "done" mark commit together, and it deletes the
kept file in that same transaction, so it is stored exactly once, even when a worker is killed
halfway. It is never retried blindly: a failure says what to do.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop

from leerscan.instrument.answers import AnswerFileError, read_answers
from leerscan.jobs.models import Job
from leerscan.jobs.registry import JobRefused, Kind, Output
from leerscan.jobs.services import start_job
from leerscan.surveys import respond
from leerscan.surveys.access import get_round_for
from leerscan.surveys.imports import NeedsConfirmation, check_import, import_answers
from leerscan.surveys.models import PendingImport, ScanRound

#: A file kept for **Import anyway** that nobody confirmed is removed after this time.
KEEP_PENDING = timedelta(hours=24)
IMPORTED = gettext_noop("%(count)d questionnaires imported.")


def job_rows() -> int:
    """Files with more questionnaires than this are stored by a background job."""
    return int(getattr(settings, "LEERSCAN_IMPORT_JOB_ROWS", 200))


def keep_upload(scan_round: ScanRound, owner, upload) -> PendingImport:
    content = b"".join(upload.chunks())
    return PendingImport.objects.create(
        scan_round=scan_round, owner=owner, file_name=Path(upload.name).name[:200], content=content
    )


def read_pending(pending: PendingImport) -> pd.DataFrame:
    """The kept file, read and checked like any answer file (:func:`read_answers`)."""
    suffix = Path(pending.file_name).suffix.lower()[:6] or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        copy.write(bytes(pending.content))
        copy.flush()
        return read_answers(copy.name, respond.instrument_for(pending.scan_round), name=pending.file_name)


def check_upload(scan_round: ScanRound, owner, upload) -> tuple[PendingImport, pd.DataFrame]:
    """Keep and check an upload. Refused (:class:`AnswerFileError`): nothing is kept. Not fitting the
    round (:class:`NeedsConfirmation`): the file stays kept for **Import anyway**."""
    pending = keep_upload(scan_round, owner, upload)
    try:
        answers = read_pending(pending)
        check_import(scan_round, answers)
    except NeedsConfirmation as exc:
        exc.pending = pending  # kept for Import anyway
        raise
    except BaseException:
        pending.delete()
        raise
    return pending, answers


def pending_for(owner, scan_round: ScanRound, pending_id) -> PendingImport | None:
    try:
        return PendingImport.objects.filter(id=pending_id, owner=owner, scan_round=scan_round).first()
    except (ValueError, TypeError):  # not a UUID
        return None


def store_pending(pending: PendingImport, answers: pd.DataFrame, *, allow: bool, key: str = "") -> int | Job:
    """Store the kept file now (a small one: returns the number stored) or start the job that stores
    it (a large one: returns the job)."""
    if len(answers) > job_rows():
        params = {"pending": str(pending.id), "allow": allow}
        return start_job(IMPORT.name, params, owner=pending.owner, language=get_language() or "nl", key=key)
    with transaction.atomic():
        stored = import_answers(pending.scan_round, answers, allow_more=allow, allow_not_open=allow)
        pending.delete()
    return stored


def drop_pending(pending: PendingImport | None) -> None:
    if pending is not None:
        pending.delete()


def store_import_job(job, progress) -> Output:
    """The job: read the kept file again, check it again (someone may have imported meanwhile), store it
    and forget the file, all in the job's transaction."""
    pending = PendingImport.objects.filter(id=job.params["pending"], owner=job.owner).first()
    if pending is None:
        raise JobRefused(gettext_noop("This file was already imported, or its import was cancelled."))
    try:
        scan_round = get_round_for(job.owner, pending.scan_round_id, manage=True)
    except (Http404, PermissionDenied):
        raise JobRefused(gettext_noop("You can no longer change this scan round.")) from None
    progress.start(3)
    answers = read_pending(pending)
    progress.advance()
    allow = bool(job.params.get("allow"))
    try:
        stored = import_answers(scan_round, answers, allow_more=allow, allow_not_open=allow)
    except AnswerFileError as exc:
        problems = "; ".join(problem.localized(gettext) for problem in exc.problems[:20])
        raise JobRefused(gettext_noop("Nothing was imported: %(problems)s"), problems=problems) from None
    except NeedsConfirmation:
        changed = gettext_noop("The scan round changed after the file was checked. Nothing was imported.")
        raise JobRefused(changed) from None
    progress.advance()
    pending.delete()
    progress.advance()
    return Output(result={"summary": {"message": IMPORTED, "params": {"count": stored}}, "stored": stored})


def purge_pending(job, progress) -> Output:
    gone, _ = PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP_PENDING).delete()
    return Output(result={"files": gone})


IMPORT = Kind(
    name="surveys.import",
    run=store_import_job,
    title=gettext_noop("Importing answers"),
    atomic=True,
    keep=timedelta(days=2),
)
PURGE_PENDING = Kind(
    name="surveys.purge_pending",
    run=purge_pending,
    title=gettext_noop("Clearing expired files"),
    retries=3,
    keep=timedelta(days=1),
    every=timedelta(hours=1),
)
