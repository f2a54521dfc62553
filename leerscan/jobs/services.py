"""Starting jobs and reading them back: the functions the other apps and the views call."""

from __future__ import annotations

import os
import socket

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext

from leerscan.jobs.models import Job
from leerscan.jobs.registry import get_kind
from leerscan.jobs.runner import enqueue, execute


def start_job(
    kind: str, params: dict | None = None, *, owner=None, language: str = "nl", key: str = ""
) -> Job:
    """Queue a job; with the same ``key`` again (a double click, a repeated command, a periodic slot
    two workers both reach) the job already started is returned instead of a second one."""
    get_kind(kind)  # an unknown kind is a programming error: fail here, not in the worker
    key = key or None
    if key and (existing := Job.objects.filter(idempotency_key=key).first()):
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, params=params or {}, owner=owner, language=language[:10], idempotency_key=key
            )
            enqueue(job)
    except IntegrityError:
        if key is None:
            raise
        return Job.objects.get(idempotency_key=key)  # another request started it a moment ago
    return job


def command_line_worker_id() -> str:
    return f"cli-{socket.gethostname()}-{os.getpid()}"[:64]


def run_now(kind: str, params: dict | None = None, *, language: str = "nl", key: str = "", bar=None) -> Job:
    """Start a job and run it in this process (a command line with a tqdm ``bar``), while it is also a
    queued job: a worker never runs it a second time, and a repeated ``key`` returns the earlier job."""
    from leerscan.jobs.heartbeat import Heartbeat

    job = start_job(kind, params, language=language, key=key)
    worker_id = command_line_worker_id()
    with Heartbeat(worker_id, sweep=False):
        ran = execute(job.id, worker_id, bar=bar)
    return ran or Job.objects.get(id=job.id)


def job_for(user, job_id) -> Job:
    """The job, for the person who started it; anyone else gets a 404 (a job id says nothing)."""
    job = Job.objects.filter(id=job_id, owner=user).first() if user.is_authenticated else None
    if job is None:
        raise Http404
    return job


def _message(stored: dict | None) -> str:
    if not stored:
        return ""
    message, params = stored.get("message", ""), stored.get("params") or {}
    text = gettext(message)
    return text % params if params else text


def error_text(job: Job) -> str:
    """A failed job's message in the current language."""
    return _message(job.error)


def summary_text(job: Job) -> str:
    """What a finished job did (``Output.result["summary"]``), in the current language."""
    return _message((job.result or {}).get("summary"))


def title(job: Job) -> str:
    return gettext(get_kind(job.kind).title)
