"""``/healthz`` (the process answers) and ``/readyz`` (it can do its work), as JSON for a load balancer
or a monitor. Readiness checks the database, that every migration is applied, the workers' heartbeat,
how long the oldest waiting job has waited, and the free disk space. No secret, path or host name
appears in either answer.
"""

from __future__ import annotations

import shutil

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

from leerscan.jobs.heartbeat import silent_after
from leerscan.jobs.models import WorkerBeat

#: A job waiting longer than this means the workers do not keep up (or none runs).
QUEUE_WAIT_LIMIT_SECONDS = 300

#: Checks that apps on higher floors add (name -> function returning a dict with "ok").
_EXTRA_CHECKS: dict = {}


def register_check(name: str, check) -> None:
    """Add a readiness check from another app (for example the age of the last backup)."""
    _EXTRA_CHECKS[name] = check


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _migrations() -> dict:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not pending, "pending": len(pending)}


def _workers(now) -> dict:
    last = WorkerBeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    live = WorkerBeat.objects.filter(beat_at__gte=now - silent_after()).count()
    age = round((now - last).total_seconds(), 1) if last else None
    return {"ok": live > 0, "running": live, "last_heartbeat_seconds_ago": age}


def _queue(now) -> dict:
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    wait = round((now - oldest).total_seconds(), 1) if oldest else 0.0
    return {"ok": wait <= QUEUE_WAIT_LIMIT_SECONDS, "waiting": waiting.count(), "oldest_wait_seconds": wait}


def _disk() -> dict:
    minimum = int(getattr(settings, "LEERSCAN_MIN_FREE_DISK_MB", 500))
    free = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    return {"ok": free >= minimum, "free_mb": free, "minimum_mb": minimum}


@never_cache
def readyz(request):
    """200 when every check passes, else 503; each check says what it saw."""
    now = timezone.now()
    checks: dict[str, dict] = {}
    for name, check in (
        ("database", _database),
        ("migrations", _migrations),
        ("workers", lambda: _workers(now)),
        ("queue", lambda: _queue(now)),
        ("disk", _disk),
        *_EXTRA_CHECKS.items(),
    ):
        try:
            checks[name] = check()
        except Exception as error:  # the database is down: say so, without the connection details
            checks[name] = {"ok": False, "error": type(error).__name__}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)
