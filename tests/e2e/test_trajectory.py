"""A consultant registers an organization, the programme approves its eligibility, and the consultant
takes the trajectory through intake, plan of approach and completion, then downloads the fiche."""

import io

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from leerscan.accounts.models import Profile, Role, ServiceProvider
from leerscan.organizations.models import Lot
from leerscan.trajectories.models import TimeEntry, Trajectory

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "geheim-wachtwoord-42"


@pytest.fixture
def people(transactional_db):
    lot = Lot.objects.create(number=1, name="Bouw, hout, elektriciteit, auto", target_organizations=130)
    fund = ServiceProvider.objects.create(name="Constructiv", lot=lot, is_coordinator=True)
    consultant = User.objects.create_user("consulent", password=PASSWORD)
    Profile.objects.create(user=consultant, role=Role.CONSULTANT, service_provider=fund)
    programme = User.objects.create_user("programma", password=PASSWORD)
    Profile.objects.create(user=programme, role=Role.PROGRAMME)
    return consultant, programme


def log_in(browser, live_server, username):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/manage/")
    return context, page


def test_a_consultant_takes_an_organization_from_registration_to_the_fiche(
    browser, live_server, people, artifacts
):
    context, page = log_in(browser, live_server, "consulent")
    page.get_by_role("link", name="New organization").click()
    page.get_by_label("Name").fill("Dakwerken Claes")
    page.get_by_label("Enterprise number").fill("0417.497.107")  # a typing error
    page.get_by_label("Joint committees").fill("PC 124")
    page.get_by_label("Employees").fill("12")
    page.get_by_label("Municipality").fill("Lier")
    page.locator("main button.primary[type=submit]").click()
    assert page.get_by_text("This enterprise number does not exist").is_visible()
    page.get_by_label("Enterprise number").fill("0417.497.106")
    page.locator("main button.primary[type=submit]").click()
    page.get_by_test_id("trajectory-link").click()
    page.get_by_test_id("register-trajectory").click()
    assert page.get_by_test_id("trajectory-status").inner_text() == "registered"
    assert page.get_by_test_id("move-intake").count() == 0  # no start before the approval
    context.close()

    context, page = log_in(browser, live_server, "programma")
    page.get_by_test_id("approvals-link").click()
    page.get_by_role("link", name="Dakwerken Claes").click()
    assert "0417.497.106" in page.get_by_test_id("review-facts").inner_text()
    page.get_by_label("Approve eligibility").check()
    page.get_by_label("Note").fill("Checked in the KBO")
    page.get_by_test_id("save-review").click()
    assert page.get_by_text("Decision saved.").is_visible()
    context.close()

    context, page = log_in(browser, live_server, "consulent")
    page.get_by_role("link", name="Dakwerken Claes").click()
    page.get_by_test_id("trajectory-link").click()
    page.get_by_test_id("move-intake").click()
    assert page.get_by_test_id("trajectory-status").inner_text() == "intake"

    page.get_by_test_id("edit-needs").click()
    page.get_by_label("What does the organization need").fill("Clear job profiles for the roofers.")
    page.get_by_label("job and function profiles").check()
    page.locator("main button.primary[type=submit]").click()
    page.get_by_test_id("add-action").click()
    page.get_by_label("Action").fill("Workshop job profiles with the roofers")
    page.get_by_label("Planned hours").fill("6")
    page.get_by_label("Planned sessions").fill("2")
    page.get_by_label("Cost estimate (EUR)").fill("570")
    page.locator("main button.primary[type=submit]").click()
    page.get_by_test_id("de-minimis").click()
    page.get_by_label("De minimis declaration signed on").fill("2026-02-20")
    page.get_by_label("Signed by").fill("Jan Claes")
    page.locator("main button.primary[type=submit]").click()
    assert "Workshop job profiles with the roofers" in page.get_by_test_id("plan-table").inner_text()
    page.get_by_test_id("move-plan_agreed").click()
    page.get_by_test_id("move-running").click()
    page.get_by_role("link", name="Record time").click()
    page.get_by_label("Hours").fill("3")
    page.get_by_label("What was done").fill("Workshop 1")
    # An impatient double click: the page sends the form once and ignores the second submit.
    first, second = page.evaluate(
        """() => {
            const form = document.querySelector("main form.stacked");
            const send = () => { const e = new Event("submit", {bubbles: true, cancelable: true});
                                 form.dispatchEvent(e); return e.defaultPrevented; };
            const result = [send(), send()];
            delete form.dataset.sending;
            return result;
        }"""
    )
    assert (first, second) == (False, True)
    page.locator("main button.primary[type=submit]").dblclick()
    page.wait_for_url("**/trajectory/")
    assert TimeEntry.objects.count() == 1
    page.get_by_test_id("edit-action-plan").click()
    page.get_by_label("Practices anchored").fill("Job profiles are used in every yearly talk.")
    page.get_by_label("How the organization continues").fill("The owner updates the profiles each January.")
    page.locator("main button.primary[type=submit]").click()
    page.get_by_test_id("move-completed").click()
    assert page.get_by_test_id("trajectory-status").inner_text() == "completed"
    history = page.get_by_test_id("history").inner_text()
    for step in ("registered", "eligibility approved", "intake", "plan agreed", "running", "completed"):
        assert step in history
    page.screenshot(path=str(artifacts / "trajectory-completed-en.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("fiche-link").click()
    fiche = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = " ".join(p.extract_text() for p in fiche.pages)
    for fact in (
        "Dakwerken Claes",
        "0417.497.106",
        "Lier",
        "Workshop job profiles",
        "Jan Claes",
        "every yearly talk",
    ):
        assert fact in text, fact
    assert Trajectory.objects.get().status == "completed"
    context.close()
