"""All reports as one zip: the latest closed round of every organization the person may see, made by a
background job; a round with too few answers is left out and named."""

import io
import zipfile

import pytest

from leerscan.jobs.models import Job
from tests.conftest import close_round, run_jobs
from tests.reports.test_report import add_responses

pytestmark = pytest.mark.django_db


def zip_names(client, **data):
    started = client.post("/manage/reports.zip", data)
    assert started.status_code == 302 and "/jobs/" in started["Location"]
    run_jobs()
    job_url = started["Location"].split("?")[0]
    response = client.get(job_url + "file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist()), job_url


@pytest.fixture
def closed(world):
    add_responses(world.round_a, 8, seed=3)
    add_responses(world.round_b, 3, seed=4)  # under the threshold: no report figures
    close_round(world.round_a)
    close_round(world.round_b)
    return world


def test_a_consultant_gets_only_the_reports_of_their_organizations(login, closed):
    names, _job = zip_names(login(closed.users["consultant_a"]))
    assert names == ["leerscan-bakkerij-a-wave1.pdf"]


def test_the_programme_gets_every_lot_or_one_and_learns_what_was_left_out(login, closed):
    client = login(closed.users["programme"])
    names, job_url = zip_names(client, job_token="t1")
    assert names == ["leerscan-bakkerij-a-wave1.pdf"]
    assert Job.objects.get(kind="reports.zip").result["left_out"] == ["Garage B"]
    names, _job = zip_names(client, lot=str(closed.org_a.lot_id), job_token="t2")
    assert names == ["leerscan-bakkerij-a-wave1.pdf"]
    started = client.post("/manage/reports.zip", {"lot": str(closed.org_b.lot_id), "job_token": "t3"})
    run_jobs()
    page = client.get(started["Location"].split("?")[0] + "progress/", HTTP_ACCEPT_LANGUAGE="en")
    assert Job.objects.get(idempotency_key__endswith=":t3").status == "failed"
    assert "None of these scan rounds has enough answers for a report." in page.content.decode()


def test_someone_without_a_role_cannot_start_it(login, closed):
    assert login(closed.users["no_role"]).post("/manage/reports.zip").status_code == 403
    assert not Job.objects.exists()
