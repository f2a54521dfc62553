"""The queue's own periodic job: finished files past their time, and old queue records, go."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from leerscan.jobs.models import Job, WorkerBeat
from leerscan.jobs.registry import Kind, Output

#: Queue records and stopped workers' heartbeats are kept this long, for whoever looks into a problem.
KEEP_RECORDS = timedelta(days=14)


def purge_expired(job, progress) -> Output:
    now = timezone.now()
    jobs, _ = Job.objects.filter(expires_at__lt=now).delete()
    old = now - KEEP_RECORDS
    tasks, _ = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=old).delete()
    beats, _ = WorkerBeat.objects.filter(beat_at__lt=old).delete()
    return Output(result={"jobs": jobs, "queue_records": tasks, "heartbeats": beats})


PURGE = Kind(
    name="jobs.purge",
    run=purge_expired,
    title=gettext_noop("Clearing expired files"),
    retries=3,
    keep=timedelta(days=1),
    every=timedelta(hours=1),
)
