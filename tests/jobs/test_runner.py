"""A job runs once, reports progress, keeps its file, retries passing failures with back-off, and
tells its owner in their language when it cannot be done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from leerscan.jobs.models import Job, JobFile
from leerscan.jobs.runner import backoff, execute
from leerscan.jobs.services import error_text, start_job
from leerscan.organizations.models import Lot
from tests.conftest import run_jobs
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


def test_a_worker_runs_a_queued_job_and_keeps_its_file():
    job = start_job(kinds.FILE.name, {"steps": 4})
    assert job.status == Job.Status.QUEUED
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.percent, job.completions, job.file_name) == ("done", 100, 1, "numbers.csv")
    assert bytes(JobFile.objects.get(job=job).content) == b"a,b\n1,2\n"
    assert job.expires_at > timezone.now() + timedelta(days=6)


def test_the_same_key_starts_one_job_however_often_it_is_sent():
    first = start_job(kinds.FILE.name, key="owner:1:abc")
    again = start_job(kinds.FILE.name, key="owner:1:abc")
    other = start_job(kinds.FILE.name, key="owner:1:xyz")
    assert first.id == again.id != other.id
    assert DBTaskResult.objects.count() == 2
    run_jobs()
    run_jobs()
    assert Job.objects.get(id=first.id).completions == 1


def test_a_finished_job_is_not_run_again_when_its_task_comes_twice():
    job = start_job(kinds.FILE.name)
    kinds.CALLS.clear()
    assert execute(job.id, "w1").status == "done"
    assert execute(job.id, "w2") is None
    assert kinds.CALLS == [str(job.id)]


def test_a_passing_failure_is_tried_again_later_with_growing_waits():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [10, 20, 40, 900]
    job = start_job(kinds.FLAKY.name, {"fail_times": 1})
    before = timezone.now()
    job = execute(job.id, "w1")
    assert job.status == Job.Status.RETRYING
    assert job.run_after >= before + timedelta(seconds=10)
    soon = (before, before + timedelta(hours=1))
    waiting = DBTaskResult.objects.filter(status="READY", run_after__range=soon)
    assert waiting.count() == 1  # the retry waits on the queue until its time
    assert execute(job.id, "w1").status == Job.Status.DONE
    assert Job.objects.get(id=job.id).attempts == 2


def test_a_job_that_keeps_failing_stops_with_a_clear_message():
    job = start_job(kinds.FLAKY.name, {"fail_times": 10})
    for _ in range(3):
        job = execute(job.id, "w1")
    assert job.status == Job.Status.FAILED and job.attempts == 3
    with translation.override("nl"):
        assert "Probeer het later opnieuw" in error_text(job)
    assert "ConnectionError" not in error_text(job)


def test_bad_input_fails_at_once_in_the_reader_s_language():
    job = execute(start_job(kinds.REFUSE.name).id, "w1")
    assert job.status == Job.Status.FAILED and job.attempts == 1
    with translation.override("en"):
        assert error_text(job) == "Row 7: the number 120 is too large."


def test_an_atomic_job_taken_over_by_another_worker_leaves_no_rows_behind():
    """The first worker was thought dead; its job went to another. Its late finish must not count."""
    job = start_job(kinds.WRITE.name, {"first": 300, "count": 3})

    def taken_over(job_, progress):
        Job.objects.filter(id=job_.id).update(worker_id="w2")  # handed on meanwhile
        return kinds.write_lots(job_, progress)

    original = kinds.WRITE.run
    object.__setattr__(kinds.WRITE, "run", taken_over)
    try:
        execute(job.id, "w1")
    finally:
        object.__setattr__(kinds.WRITE, "run", original)
    assert not Lot.objects.filter(number__gte=300).exists()
    assert Job.objects.get(id=job.id).completions == 0
