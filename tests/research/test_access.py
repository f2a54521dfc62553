"""Only the programme role and platform administrators reach the evaluator workspace."""

import uuid

import pytest

from leerscan.jobs.models import Job
from tests.research.conftest import visit

URLS = [
    "/research/",
    "/research/tables/reliability.csv",
    "/research/tables/regression_coefficients.csv",
    "/research/tables/all.zip",
    "/research/report.html",
    "/research/report.pdf",
    "/research/export/",
    "/research/export/?lot=1&format=sav",
    f"/research/analysis/{uuid.uuid4()}/progress/",
    "/research/codebook.html",
    "/research/codebook.csv",
]
#: What starts work: a job, or the analysis again.
POSTS = [
    ("/research/export/", {"format": "csv", "level": "items"}),
    ("/research/export/", {"format": "parquet", "level": "items", "with_names": "on"}),
    ("/research/report.pdf", {}),
    ("/research/analysis/retry/", {}),
]
ALLOWED_URLS = [u for u in URLS if not u.endswith(".pdf") and "/analysis/" not in u]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["contact", "consultant", "provider", "no_role"])
def test_other_roles_are_refused_everywhere(programme, client, who):
    client.force_login(programme.users[who])
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 403, (who, url)
        assert b"ORG-" not in response.content
    for url, data in POSTS:
        assert client.post(url, data).status_code == 403, (who, url)
    assert not Job.objects.exists()  # nothing was started


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["programme", "admin"])
def test_programme_and_admin_reach_every_page_and_file(programme, client, who):
    client.force_login(programme.users[who])
    visit(client)  # the page makes the analysis the downloads read
    for url in ALLOWED_URLS:
        response = client.get(url)
        assert response.status_code == 200, (who, url)
    for url, data in POSTS[:3]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/jobs/"), (who, url)


@pytest.mark.django_db
def test_the_dashboard_links_to_the_workspace_only_for_programme_and_admin(programme, client):
    for who, shown in [("programme", True), ("admin", True), ("contact", False), ("consultant", False)]:
        client.force_login(programme.users[who])
        response = client.get("/manage/")
        assert response.status_code == 200
        assert (b'href="/research/"' in response.content) is shown, who
