"""The programme opens the participation cockpit: every open round with its forecast, the round at
risk flagged, the page without serious axe findings on a laptop and a phone."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from leerscan.accounts.models import Profile, Role
from leerscan.organizations.models import Organization
from leerscan.surveys.models import Response, ScanRound
from tests.e2e.test_mail_invitations import serious_axe_findings

PASSWORD = "programma-wachtwoord-42"


@pytest.fixture
def rounds(transactional_db):
    today = timezone.localdate()
    user = User.objects.create_user("programma", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.PROGRAMME)
    for name, done in (("Bouwbedrijf Claes", 3), ("Zorghuis De Linde", 17)):
        scan_round = ScanRound.objects.create(
            organization=Organization.objects.create(name=name),
            instrument_version="1.0.0",
            status=ScanRound.Status.OPEN,
            opens_on=today - timedelta(days=12),
            closes_on=today + timedelta(days=9),
            expected_respondents=20,
        )
        for day in range(done):
            Response.objects.create(
                scan_round=scan_round,
                instrument_version="1.0.0",
                status="submitted",
                submitted_at=timezone.now() - timedelta(days=day % 10),
            )


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_programme_sees_every_open_round_and_its_forecast(
    browser, live_server, rounds, artifacts, viewport
):
    page = browser.new_context(viewport=viewport, locale="en").new_page()
    page.goto(f"{live_server.url}/manage/cockpit/")
    page.locator("input[name=username]").fill("programma")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("cockpit-row")
    assert rows.count() == 2
    assert page.locator("tr.at-risk").count() == 1
    assert "Bouwbedrijf Claes" in page.locator("tr.at-risk").inner_text()
    assert all("%" in text for text in page.get_by_test_id("forecast").all_inner_texts())
    assert page.locator("svg.curve polyline").count() == 2
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(artifacts / f"cockpit-{viewport['width']}.png"), full_page=True)
