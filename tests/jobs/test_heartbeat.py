"""A job held by a worker that went silent goes to another worker; periodic jobs start once per slot
however many workers reach it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leerscan.jobs.heartbeat import hand_on_orphans, start_periodic_jobs
from leerscan.jobs.models import Job, WorkerBeat
from leerscan.jobs.runner import claim
from leerscan.jobs.services import start_job
from tests.conftest import run_jobs
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


def beat(worker_id, seconds_ago):
    when = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id=worker_id, host="h", pid=1, started_at=when, beat_at=when)


def test_the_job_of_a_silent_worker_is_done_by_another():
    job = start_job(kinds.FILE.name)
    beat("killed", 120)
    claim(job.id, "killed")
    beat("alive", 1)
    busy = start_job(kinds.FILE.name)
    claim(busy.id, "alive")
    assert hand_on_orphans() == 1
    assert Job.objects.get(id=busy.id).status == "running"  # a live worker keeps its job
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.completions, job.attempts) == ("done", 1, 2)


def test_periodic_jobs_start_once_per_slot_on_any_number_of_workers():
    now = timezone.now()
    first = start_periodic_jobs(now)
    again = start_periodic_jobs(now)  # a second worker, same moment
    assert [j.id for j in first] == [j.id for j in again]
    names = {job.kind for job in first}
    assert {"jobs.purge", "surveys.purge_pending"} <= names
    later = start_periodic_jobs(now + timedelta(hours=1, minutes=1))  # the next hourly slot
    hourly = {j.id for j in first if j.kind in ("jobs.purge", "surveys.purge_pending")}
    assert hourly and not {j.id for j in later} & hourly


def test_the_hourly_purge_removes_expired_files_and_keeps_the_rest():
    old, fresh = start_job(kinds.FILE.name), start_job(kinds.FILE.name)
    run_jobs()
    Job.objects.filter(id=old.id).update(expires_at=timezone.now() - timedelta(minutes=1))
    start_job("jobs.purge")
    run_jobs()
    assert not Job.objects.filter(id=old.id).exists()
    assert Job.objects.get(id=fresh.id).file_name == "numbers.csv"
