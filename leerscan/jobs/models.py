"""A background job as a person sees it: what it is, how far it is, its file, and who may fetch it.

The queue itself is django-tasks with its database backend (docs/decisions.md); a :class:`Job` row
carries what the queue does not: progress, an idempotency key (a double click or a repeated command
starts one job, not two), attempts with back-off, the worker that holds it, and the finished file,
kept in the database so every web node can hand it out without shared disks.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        RETRYING = "retrying"  # failed for a passing reason; runs again after ``run_after``
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=100)  # a name from leerscan.jobs.registry
    params = models.JSONField(default=dict)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    language = models.CharField(max_length=10, default="nl")
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    completions = models.PositiveSmallIntegerField(default=0)  # stays 1: the proof of "exactly once"
    worker_id = models.CharField(max_length=64, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)  # {"message": msgid, "params": {...}}
    result = models.JSONField(null=True, blank=True)  # small outcomes (an import's summary)
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "worker_id"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


class JobFile(models.Model):
    """The finished file of a job, until the job expires."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, primary_key=True, related_name="file")
    content = models.BinaryField()

    def __str__(self) -> str:
        return str(self.job_id)


class WorkerBeat(models.Model):
    """A worker's heartbeat: readiness reports a stopped worker, and a job held by a worker whose
    heartbeat stopped is handed to another one."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class OutgoingEmail(models.Model):
    """An e-mail leerscan sends, through a background job. Its key makes sending it twice impossible:
    the same key is the same e-mail. It is sent at most once; a worker killed in the moment between
    the mail server's "accepted" and this row's "sent" leaves it ``unknown``, never sent again."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        SENDING = "sending"
        SENT = "sent"
        UNKNOWN = "unknown"  # the sender died while sending: maybe sent, never sent again
        REFUSED = "refused"  # the mail server refused the address for good (5xx): never tried again

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.subject} ({self.status})"
