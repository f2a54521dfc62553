"""A worker's life signs and housekeeping: its heartbeat, handing on jobs of workers that went silent,
and starting the periodic jobs.

A background thread writes the heartbeat every ``BEAT`` seconds. A job held by a worker without a
heartbeat for ``SILENT_AFTER`` seconds (killed, machine gone) is queued again; the runner's conditional
updates make sure it still finishes once. Periodic jobs get one idempotency key per time slot, so
several workers start each of them once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leerscan.jobs.models import Job, WorkerBeat
from leerscan.jobs.registry import periodic_kinds
from leerscan.jobs.runner import enqueue

logger = logging.getLogger("leerscan.jobs")


def beat_seconds() -> float:
    return float(getattr(settings, "LEERSCAN_WORKER_BEAT_SECONDS", 10))


def silent_after() -> timedelta:
    """A worker without a heartbeat for this long counts as stopped."""
    return timedelta(seconds=float(getattr(settings, "LEERSCAN_WORKER_SILENT_SECONDS", 30)))


def live_workers():
    return WorkerBeat.objects.filter(beat_at__gte=timezone.now() - silent_after())


def hand_on_orphans() -> int:
    """Queue again the jobs held by workers that went silent; returns how many."""
    live = set(live_workers().values_list("worker_id", flat=True))
    orphans = Job.objects.filter(status=Job.Status.RUNNING).exclude(worker_id__in=live)
    handed = 0
    for job in orphans:
        with transaction.atomic():
            if Job.objects.filter(id=job.id, status=Job.Status.RUNNING, worker_id=job.worker_id).update(
                status=Job.Status.QUEUED, worker_id=""
            ):
                enqueue(job)
                handed += 1
                logger.warning("job %s (%s) handed on: worker %s is silent", job.id, job.kind, job.worker_id)
    # The queue's own record of the lost run would say "running" for ever.
    for task_result in DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids"):
        if task_result.worker_ids and task_result.worker_ids[-1] not in live:
            DBTaskResult.objects.filter(id=task_result.id, status="RUNNING").update(status="FAILED")
    return handed


def start_periodic_jobs(now=None) -> list[Job]:
    """Start each periodic job whose current slot has not started yet (on any worker)."""
    from leerscan.jobs.services import start_job

    now = now or timezone.now()
    started = []
    for kind in periodic_kinds():
        slot = int(now.timestamp() // kind.every.total_seconds())
        started.append(start_job(kind.name, key=f"periodic:{kind.name}:{slot}"))
    return started


def beat(worker_id: str, started_at) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


class Heartbeat:
    """``with Heartbeat(worker_id):`` beats in a thread while the block runs; a worker also hands on
    orphans and starts periodic jobs (``sweep=True``). Leaving the block removes the heartbeat, so
    readiness sees a stopped worker at once."""

    def __init__(self, worker_id: str, sweep: bool = True, thread: bool = True):
        self.worker_id, self.sweep, self.use_thread = worker_id, sweep, thread
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{worker_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        beat(self.worker_id, self.started_at)
        if self.sweep:
            self.housekeeping()
        if self.use_thread:
            self._thread.start()
        return self

    def housekeeping(self) -> None:
        hand_on_orphans()
        start_periodic_jobs()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(beat_seconds()):
                try:
                    beat(self.worker_id, self.started_at)
                    if self.sweep:
                        self.housekeeping()
                except Exception:  # a locked or unreachable database: try again next beat
                    logger.exception("heartbeat of worker %s failed", self.worker_id)
        finally:
            connection.close()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=beat_seconds() + 5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
