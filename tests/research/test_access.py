"""Only the programme role and platform administrators reach the evaluator workspace."""

import pytest

URLS = [
    "/research/",
    "/research/tables/reliability.csv",
    "/research/tables/regression_coefficients.csv",
    "/research/tables/all.zip",
    "/research/report.html",
    "/research/report.pdf",
    "/research/export/",
    "/research/export/?download=1&format=csv&level=items",
    "/research/export/?download=1&format=sav&level=scales",
    "/research/export/?download=1&format=parquet&level=items&with_names=on",
    "/research/codebook.html",
    "/research/codebook.csv",
]
ALLOWED_URLS = [u for u in URLS if not u.endswith(".pdf")]  # the PDF is rendered once, in test_workspace


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


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["programme", "admin"])
def test_programme_and_admin_reach_every_page_and_file(programme, client, who):
    client.force_login(programme.users[who])
    for url in ALLOWED_URLS:
        response = client.get(url)
        assert response.status_code == 200, (who, url)


@pytest.mark.django_db
def test_the_dashboard_links_to_the_workspace_only_for_programme_and_admin(programme, client):
    for who, shown in [("programme", True), ("admin", True), ("contact", False), ("consultant", False)]:
        client.force_login(programme.users[who])
        response = client.get("/manage/")
        assert response.status_code == 200
        assert (b'href="/research/"' in response.content) is shown, who
