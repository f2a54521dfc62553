"""Running one job: claim it, report progress, finish it once, or fail it clearly, or try again later.

Every state change is a conditional update on the job row (``status`` and ``worker_id`` must still be
what this runner set), so a job handed to another worker after its own worker went silent can never be
finished twice: the late runner's "done" matches no row, and for atomic kinds its writes roll back.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from leerscan.jobs.models import Job, JobFile
from leerscan.jobs.registry import UNEXPECTED, JobRefused, Output, get_kind

logger = logging.getLogger("leerscan.jobs")

#: Seconds before the first retry; doubled for every further attempt, up to ``MAX_BACKOFF``.
FIRST_BACKOFF = 10
MAX_BACKOFF = 15 * 60


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 10 s, 20 s, 40 s ... at most 15 minutes."""
    return timedelta(seconds=min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** max(0, attempts - 1)))


class Progress:
    """How far a job is, written to its row at most twice a second (and to a tqdm bar on the
    command line)."""

    def __init__(self, job: Job, worker_id: str, bar=None, interval: float = 0.5):
        self.job_id, self.worker_id, self.bar, self.interval = job.id, worker_id, bar, interval
        self.done, self.total = 0, 0
        self._written, self._written_percent = 0.0, 0

    def start(self, total: int) -> None:
        """The job has ``total`` steps; none done yet."""
        self.done, self.total = 0, max(0, int(total))
        if self.bar is not None:
            self.bar.reset(total=self.total)
        self._write(force=True)

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total) if self.total else self.done + steps
        if self.bar is not None:
            self.bar.update(steps)
        self._write()

    def _percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    def _write(self, force: bool = False) -> None:
        """Write when half a second passed or the bar moved a tenth: a job of a few slow steps shows
        each step, a job of thousands does not write thousands of times."""
        now = time.monotonic()
        moved = self._percent() - self._written_percent >= 10
        if not (force or moved or now - self._written >= self.interval or self.done >= self.total):
            return
        self._written, self._written_percent = now, self._percent()
        _mine(self.job_id, self.worker_id).update(done=self.done, total=self.total)


def _mine(job_id, worker_id):
    return Job.objects.filter(id=job_id, worker_id=worker_id, status=Job.Status.RUNNING)


def claim(job_id, worker_id: str) -> Job | None:
    """Take a queued job for this worker; None when it is not (or no longer) waiting."""
    claimed = Job.objects.filter(id=job_id, status__in=[Job.Status.QUEUED, Job.Status.RETRYING]).update(
        status=Job.Status.RUNNING,
        worker_id=worker_id,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        done=0,
    )
    return Job.objects.get(id=job_id) if claimed else None


def _finish(job: Job, worker_id: str, output: Output | None) -> bool:
    output = output or Output()
    now = timezone.now()
    with transaction.atomic():
        finished = _mine(job.id, worker_id).update(
            status=Job.Status.DONE,
            completions=F("completions") + 1,
            done=F("total"),
            result=output.result,
            file_name=output.file_name,
            error=None,
            finished_at=now,
            expires_at=now + get_kind(job.kind).keep,
        )
        if finished and output.content is not None:
            JobFile.objects.update_or_create(job_id=job.id, defaults={"content": output.content})
    return bool(finished)


def _fail(job: Job, worker_id: str, message: str, params: dict | None = None) -> None:
    now = timezone.now()
    _mine(job.id, worker_id).update(
        status=Job.Status.FAILED,
        error={"message": message, "params": params or {}},
        finished_at=now,
        expires_at=now + get_kind(job.kind).keep,
    )


def _retry(job: Job, worker_id: str) -> None:
    run_after = timezone.now() + backoff(job.attempts)
    with transaction.atomic():
        if _mine(job.id, worker_id).update(status=Job.Status.RETRYING, run_after=run_after):
            enqueue(job, run_after=run_after)


def enqueue(job: Job, run_after=None) -> None:
    """Put a job's run on the queue (in the caller's transaction: the database backend writes a row)."""
    task_ = run_job.using(run_after=run_after) if run_after else run_job
    task_.enqueue(str(job.id))


def execute(job_id, worker_id: str, bar=None) -> Job | None:
    """Run one job now in this process, if it is waiting; returns the job as it ended."""
    job = claim(job_id, worker_id)
    if job is None:
        return None
    kind = get_kind(job.kind)
    progress = Progress(job, worker_id, bar=bar)
    try:
        with translation.override(job.language):
            if kind.atomic:
                with transaction.atomic():
                    output = kind.run(job, progress)
                    if not _finish(job, worker_id, output):
                        transaction.set_rollback(True)  # another worker holds it now
            else:
                _finish(job, worker_id, kind.run(job, progress))
    except JobRefused as refusal:
        _fail(job, worker_id, refusal.message, refusal.params)
    except Exception:
        logger.exception("job %s (%s) failed on attempt %s", job.id, job.kind, job.attempts)
        if job.attempts <= kind.retries:
            _retry(job, worker_id)
        else:
            _fail(job, worker_id, UNEXPECTED)
    job.refresh_from_db()
    return job


@task(takes_context=True)
def run_job(context, job_id: str) -> None:
    """The queue's task: run the job as the worker that picked it up."""
    worker_ids = context.task_result.worker_ids
    execute(job_id, worker_ids[-1] if worker_ids else "immediate")
