"""/healthz says the process answers; /readyz says whether leerscan can do its work, and which part
cannot: a stopped worker, a waiting queue, a missing migration. Neither shows a secret."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leerscan.jobs.heartbeat import Heartbeat
from leerscan.jobs.models import WorkerBeat
from leerscan.jobs.services import start_job
from tests.jobs import kinds


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_with_a_live_worker_and_says_what_it_checked(client, settings):
    with Heartbeat("w-live", sweep=False, thread=False):
        response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "workers", "queue", "disk", "backup"}
    assert body["checks"]["workers"]["running"] == 1
    assert settings.SECRET_KEY not in response.content.decode()
    assert str(settings.DATA_DIR) not in response.content.decode()


@pytest.mark.django_db
def test_readyz_reports_a_worker_that_stopped_or_went_silent(client, settings):
    response = client.get("/readyz")  # no worker ever ran
    assert response.status_code == 503 and response.json()["checks"]["workers"]["ok"] is False
    with Heartbeat("w-gone", sweep=False, thread=False):
        pass  # a worker that stopped cleanly removes its heartbeat
    assert client.get("/readyz").json()["checks"]["workers"]["running"] == 0
    silent = timezone.now() - timedelta(seconds=settings.LEERSCAN_WORKER_SILENT_SECONDS + 1)
    WorkerBeat.objects.create(worker_id="w-killed", host="h", pid=1, started_at=silent, beat_at=silent)
    workers = client.get("/readyz").json()["checks"]["workers"]
    assert (
        workers["ok"] is False
        and workers["last_heartbeat_seconds_ago"] > settings.LEERSCAN_WORKER_SILENT_SECONDS
    )


@pytest.mark.django_db
def test_readyz_reports_a_queue_nobody_takes_jobs_from(client):
    from django_tasks_db.models import DBTaskResult

    start_job(kinds.FILE.name)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    with Heartbeat("w-busy", sweep=False, thread=False):
        queue = client.get("/readyz").json()["checks"]["queue"]
    assert queue["ok"] is False and queue["waiting"] == 1 and queue["oldest_wait_seconds"] >= 600
