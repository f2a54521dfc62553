"""An owner fills in the maturity scan in the browser and finds the profile section in the report."""

import pytest
from django.contrib.auth.models import User

from leerscan.accounts.models import Profile, Role
from leerscan.organizations.models import Organization
from leerscan.surveys.models import ScanRound

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def owner(transactional_db):
    organization = Organization.objects.create(name="Schrijnwerkerij Peeters", language="nl")
    user = User.objects.create_user("peeters", password="geheim-wachtwoord-42")
    Profile.objects.create(user=user, role=Role.ORGANIZATION, organization=organization)
    scan_round = ScanRound.objects.create(
        organization=organization, wave=1, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )
    return organization, scan_round


def test_owner_fills_in_the_maturity_scan_and_sees_it_in_the_report(browser, live_server, owner, artifacts):
    organization, scan_round = owner
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/manage/organizations/{organization.pk}/")
    page.locator("input[name=username]").fill("peeters")
    page.locator("input[name=password]").fill("geheim-wachtwoord-42")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.get_by_test_id("maturity-link").click()
    page.get_by_test_id("fill-owner").click()

    page.locator("input[name=employees]").fill("24")
    page.locator("input[name=training_plan][value='3']").check()  # no training plan yet
    for fieldset in page.locator("fieldset.question").all():
        name = fieldset.locator("input[type=radio]").first.get_attribute("name")
        if name == "training_plan":
            continue
        # a workplace that is building its basics: roles and functions apply, the rest a little
        answer = "4" if name.startswith("basis_") else "2"
        fieldset.locator(f"input[value='{answer}']").check()
    page.screenshot(path=str(artifacts / "maturity-scan-nl.png"), full_page=False)
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert "/maturity/" in page.url and "/fill/" not in page.url
    assert page.get_by_test_id("current-profile").is_visible()

    page.goto(f"{live_server.url}/manage/rounds/{scan_round.pk}/report/")
    section = page.get_by_test_id("maturity")
    assert section.is_visible()
    assert section.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert section.get_by_test_id("legal-notice").is_visible()  # 24 employees, no training plan
    section.screenshot(path=str(artifacts / "report-maturity-nl.png"))
    context.close()
