"""A large import is stored by a background job, once: a double click starts one job, the kept file
goes in the same transaction as the answers, and the person sees what happened on the job's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerscan.jobs.models import Job
from leerscan.jobs.runner import execute
from leerscan.surveys.models import PendingImport, Response
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db


def csv_file(rows: int, start: int = 1):
    lines = ["respondent,ll_1,ll_2"] + [f"r{start + i},3,4" for i in range(rows)]
    return SimpleUploadedFile("answers.csv", ("\n".join(lines) + "\n").encode())


@pytest.fixture
def small_limit(settings):
    settings.LEERSCAN_IMPORT_JOB_ROWS = 5


def post_import(client, scan_round, rows, token="tok1", start=1):
    url = reverse("manage:round_import", args=[scan_round.pk])
    data = {"file": csv_file(rows, start), "job_token": token}
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_large_file_is_stored_by_a_job_and_the_page_says_how_many(login, world, small_limit):
    client = login(world.users["consultant_a"])
    response = post_import(client, world.round_a, 8)
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert Response.objects.filter(scan_round=world.round_a).count() == 0  # not yet: the worker does it
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for its turn" in page and 'hx-trigger="every 1s"' in page
    assert f'href="/manage/rounds/{world.round_a.pk}/"' in page  # the way back to the round
    run_jobs()
    assert Response.objects.filter(scan_round=world.round_a).count() == 8
    assert not PendingImport.objects.exists()
    progress = client.get(response["Location"].split("?")[0] + "progress/", HTTP_ACCEPT_LANGUAGE="en")
    assert "8 questionnaires imported." in progress.content.decode()
    assert "hx-trigger" not in progress.content.decode()  # finished: the page stops asking


def test_a_double_click_starts_one_import(login, world, small_limit):
    client = login(world.users["consultant_a"])
    first = post_import(client, world.round_a, 8, token="same")
    second = post_import(client, world.round_a, 8, token="same")
    assert first["Location"] == second["Location"]
    run_jobs()
    assert Response.objects.filter(scan_round=world.round_a).count() == 8
    job = Job.objects.get(kind="surveys.import")
    assert (job.status, job.completions) == ("done", 1)
    assert execute(job.id, "another-worker") is None  # a late copy of its task does nothing


def test_an_import_whose_file_was_cancelled_says_so(login, world, small_limit):
    client = login(world.users["consultant_a"])
    response = post_import(client, world.round_a, 8)
    PendingImport.objects.all().delete()  # cancelled meanwhile
    run_jobs()
    progress = client.get(response["Location"].split("?")[0] + "progress/", HTTP_ACCEPT_LANGUAGE="en")
    assert "already imported, or its import was cancelled" in progress.content.decode()
    assert Response.objects.count() == 0


def test_someone_else_cannot_follow_or_fetch_the_job(login, world, small_limit):
    response = post_import(login(world.users["consultant_a"]), world.round_a, 8)
    job_url = response["Location"].split("?")[0]
    other = login(world.users["consultant_b"])
    for suffix in ("", "progress/", "file/"):
        assert other.get(job_url + suffix).status_code == 404
