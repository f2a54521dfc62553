"""Three consultants of one lot answer the partnership scan on a phone; the map, profile and gaps
appear only in open reflection, and only to that lot's partners and the programme."""

import pytest
from django.contrib.auth.models import User

from leerscan.accounts.models import Profile, Role, ServiceProvider
from leerscan.organizations.models import Lot
from leerscan.partnerships import services

PHONE = {"width": 375, "height": 812}
PASSWORD = "geheim-wachtwoord-42"


def user(username, role, provider=None):
    person = User.objects.create_user(username, password=PASSWORD)
    Profile.objects.create(user=person, role=role, service_provider=provider)
    return person


@pytest.fixture
def lot(transactional_db):
    lot = Lot.objects.create(number=4, name="Zorg")
    other = Lot.objects.create(number=5, name="Handel")
    funds = [
        ServiceProvider.objects.create(name="Vivo", lot=lot, is_coordinator=True),
        ServiceProvider.objects.create(name="Diverscity", lot=lot),
        ServiceProvider.objects.create(name="Fonds 318", lot=lot),
    ]
    elsewhere = ServiceProvider.objects.create(name="Unizo", lot=other, is_coordinator=True)
    for index, fund in enumerate(funds):
        user(f"consulent{index}", Role.CONSULTANT, fund)
        user(f"fonds{index}", Role.SERVICE_PROVIDER, fund)
    user("buiten", Role.SERVICE_PROVIDER, elsewhere)
    user("programma", Role.PROGRAMME)
    open_round = services.create_round(lot, "open")
    confidential = services.create_round(lot, "confidential")
    services.open_round(confidential)
    return open_round, confidential


def log_in(browser, live_server, username, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/manage/")
    return context, page


def answer_on_a_phone(page, live_server, round_pk, partner, form_label):
    page.goto(f"{live_server.url}/manage/partnerships/{round_pk}/")
    page.get_by_test_id("answer-link").click()
    roster = page.get_by_test_id(f"roster-{partner}")
    roster.get_by_label(form_label).check()
    roster.locator("select").first.select_option("3")
    for item in ("ps1", "ps2", "ps3", "sv1", "sv2"):
        page.locator(f"#q-{item}").get_by_label("Agree", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/circle/")
    assert page.locator(f'svg [data-partner="{partner}"]').count() == 1


def test_three_consultants_answer_on_a_phone_and_only_the_open_lot_sees_its_picture(
    browser, live_server, lot
):
    open_round, confidential = lot
    for index in range(3):  # every active partner agrees before the round opens
        context, page = log_in(browser, live_server, f"fonds{index}")
        page.goto(f"{live_server.url}/manage/partnerships/{open_round.pk}/")
        page.get_by_role("button", name="We agree to open reflection").click()
        if index == 0:
            page.get_by_role("button", name="Open the round").click()
            assert page.get_by_test_id("status").inner_text() == "In preparation"  # two agreements missing
        context.close()
    context, page = log_in(browser, live_server, "fonds0")
    page.goto(f"{live_server.url}/manage/partnerships/{open_round.pk}/")
    page.get_by_role("button", name="Open the round").click()
    assert page.get_by_test_id("status").inner_text() == "Open"
    context.close()

    label = "Sharing information / referring"
    for index, partner in enumerate(["Diverscity", "Fonds 318", "Vivo"]):
        context, page = log_in(browser, live_server, f"consulent{index}")
        answer_on_a_phone(page, live_server, open_round.pk, partner, label)
        answer_on_a_phone(page, live_server, confidential.pk, partner, label)
        context.close()

    context, page = log_in(browser, live_server, "consulent1")
    page.goto(f"{live_server.url}/manage/partnerships/{open_round.pk}/")
    page.get_by_test_id("map-link").click()
    assert page.locator("svg [data-edge]").count() == 3
    assert page.get_by_test_id("map-nodes").get_by_text("Coordinator").is_visible()
    page.go_back()
    page.get_by_role("link", name="Layer profile").click()
    assert page.get_by_test_id("profile").is_visible()
    page.go_back()
    page.get_by_role("link", name="Perception gaps").click()
    assert page.get_by_test_id("gaps").is_visible()
    page.goto(f"{live_server.url}/manage/partnerships/{confidential.pk}/")
    assert page.get_by_test_id("map-link").count() == 0
    assert page.goto(f"{live_server.url}/manage/partnerships/{confidential.pk}/map/").status == 403
    context.close()

    context, page = log_in(browser, live_server, "programma")
    assert page.goto(f"{live_server.url}/manage/partnerships/{open_round.pk}/map/").status == 200
    assert page.goto(f"{live_server.url}/manage/partnerships/{confidential.pk}/map/").status == 403
    context.close()

    context, page = log_in(browser, live_server, "buiten")
    for url in ("", "map/", "profile/", "gaps/"):
        assert page.goto(f"{live_server.url}/manage/partnerships/{open_round.pk}/{url}").status == 404
    context.close()
