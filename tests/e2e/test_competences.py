"""A consultant builds a small competence matrix with the organization, an employee self-assesses
on a phone, the manager agrees the levels after their conversation, and the training plan PDF
lists the agreed actions."""

import io

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from pypdf import PdfReader

from leerscan.accounts.models import Profile, Role, ServiceProvider
from leerscan.competences.models import Assessment, Employee, PlanAction
from leerscan.organizations.models import Lot, Organization

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def organization(transactional_db):
    lot = Lot.objects.create(number=2, name="Metaal")
    fund = ServiceProvider.objects.create(name="Sectorfonds Metaal", lot=lot)
    organization = Organization.objects.create(name="Draaierij Peeters", language="nl", lot=lot, employees=24)
    consultant = User.objects.create_user("consulent", password="geheim-wachtwoord-42")
    Profile.objects.create(user=consultant, role=Role.CONSULTANT, service_provider=fund)
    organization.consultants.add(consultant)
    return organization


def log_in(page, url):
    page.goto(url)
    page.locator("input[name=username]").fill("consulent")
    page.locator("input[name=password]").fill("geheim-wachtwoord-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def personal_link(page, live_server, organization, name):
    page.goto(f"{live_server.url}/manage/organizations/{organization.pk}/competences/people/")
    page.get_by_role("link", name=name, exact=True).click()
    return page.get_by_test_id("personal-link").inner_text().strip()


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", is_mobile=True, has_touch=True)
    return context, context.new_page()


def test_matrix_self_assessment_agreement_and_training_plan(browser, live_server, organization, artifacts):
    desk = browser.new_context(viewport=DESKTOP, locale="nl-BE", accept_downloads=True)
    page = desk.new_page()
    overview = f"{live_server.url}/manage/organizations/{organization.pk}/competences/"
    log_in(page, overview)

    # 1. The consultant and the owner build the pilot department's matrix.
    page.get_by_test_id("new-matrix").click()
    page.locator("input[name=name]").fill("Draaierij")
    page.get_by_role("button", name="Matrix maken").click()
    for role in ("Operator", "Ploegleider"):
        page.get_by_test_id("add-role").click()
        page.locator("input[name=name]").fill(role)
        page.get_by_role("button", name="Opslaan").click()
    for competence, critical in (("Draaibank instellen", True), ("Veilig werken", False)):
        page.get_by_test_id("add-competence").click()
        page.locator("input[name=name]").fill(competence)
        page.locator("textarea[name=description]").fill(
            f"{competence} zonder hulp, ook bij een nieuwe reeks."
        )
        if critical:
            page.locator("input[name=critical]").check()
        page.get_by_role("button", name="Opslaan").click()
    grid = page.get_by_test_id("matrix-grid")
    grid.get_by_label("Operator: Draaibank instellen").select_option("2")
    grid.get_by_label("Operator: Veilig werken").select_option("3")
    grid.get_by_label("Ploegleider: Draaibank instellen").select_option("3")
    grid.get_by_label("Ploegleider: Veilig werken").select_option("4")
    page.get_by_test_id("save-grid").click()
    page.wait_for_load_state()
    assert page.get_by_label("Operator: Draaibank instellen").input_value() == "2"

    # 2. The people: a manager and two operators, each with a personal link.
    page.goto(f"{overview}people/new/")
    page.locator("input[name=name]").fill("Mia")
    page.locator("select[name=role]").select_option(label="Ploegleider")
    page.get_by_role("button", name="Opslaan").click()
    page.goto(f"{overview}people/")
    page.locator("textarea[name=names]").fill("Ahmed\nSara")
    page.locator("select[name=role]").select_option(label="Operator")
    page.locator("select[name=manager]").select_option(label="Mia")
    page.get_by_role("button", name="Toevoegen").click()
    assert page.get_by_test_id("people").get_by_role("link", name="Sara").is_visible()
    links = {name: personal_link(page, live_server, organization, name) for name in ("Ahmed", "Sara", "Mia")}

    # 3. Ahmed, on his phone: consent, then his own levels with the level descriptions.
    phone, mobile = phone_page(browser)
    mobile.goto(links["Ahmed"])
    assert mobile.locator("html").get_attribute("lang") == "nl"
    mobile.get_by_test_id("consent-agree").click()
    mobile.get_by_test_id("start-self").click()
    setup = mobile.locator("fieldset", has=mobile.locator("legend", has_text="Draaibank instellen"))
    assert setup.get_by_text("Ik doe dit met hulp van een collega.").is_visible()
    setup.locator("label.option", has_text="Leert het").click()
    mobile.locator("fieldset", has=mobile.locator("legend", has_text="Veilig werken")).locator(
        "label.option", has_text="Ervaren"
    ).click()
    assert mobile.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )  # no sideways scroll
    mobile.get_by_label("Wat wil je leren? (niet verplicht)").fill("De draaibank leren instellen.")
    mobile.screenshot(path=str(artifacts / "competences-self-assessment-phone-nl.png"), full_page=True)
    mobile.get_by_test_id("save-self").click()
    assert mobile.get_by_test_id("saved").is_visible()
    assert "1 · Leert het" in mobile.get_by_test_id("my-levels").inner_text()
    phone.close()

    # Sara agrees on her phone too (she will be Ahmed's mentor).
    phone, mobile = phone_page(browser)
    mobile.goto(links["Sara"])
    mobile.get_by_test_id("consent-agree").click()
    phone.close()

    # 4. Mia, the manager, after the conversations: the agreed levels with a date and a note.
    phone, mobile = phone_page(browser)
    mobile.goto(links["Mia"])
    mobile.get_by_test_id("consent-agree").click()
    mobile.get_by_test_id("my-team").click()
    for person, levels, note in (
        ("Ahmed", {"Draaibank instellen": "1", "Veilig werken": "3"}, "Wil het leren met Sara"),
        ("Sara", {"Draaibank instellen": "4", "Veilig werken": "3"}, ""),
    ):
        mobile.get_by_test_id("team").get_by_role("link", name=person).click()
        form = mobile.get_by_test_id("agreed-form")
        assert "Zelf: 1 · Leert het" in form.inner_text() or person == "Sara"
        if person == "Ahmed":  # what he wants to learn, in his own words
            assert "De draaibank leren instellen." in mobile.get_by_test_id("report-wish").inner_text()
            assert mobile.get_by_text("Doet dit met hulp van een collega.").first.is_visible()
        for competence, level in levels.items():
            form.get_by_label(competence, exact=True).select_option(level)
        if note:
            form.get_by_label("Korte notitie (niet verplicht)").first.fill(note)
        mobile.get_by_test_id("save-agreed").click()
        mobile.wait_for_load_state()
        assert "saved=agreed" in mobile.url
        mobile.get_by_role("link", name="Terug naar mijn team").click()
    phone.close()
    ahmed = Employee.objects.get(name="Ahmed")
    agreed = Assessment.objects.get(employee=ahmed, competence__name="Draaibank instellen", source="agreed")
    assert (agreed.level, agreed.note, agreed.recorded_by_employee.name) == (
        1,
        "Wil het leren met Sara",
        "Mia",
    )

    # 5. The consultant turns the suggestions into the training plan and downloads the PDF.
    page.goto(f"{overview}insight/")
    assert "Sara" in page.get_by_test_id("gaps").inner_text()
    page.goto(f"{overview}plan/")
    assert page.get_by_text(
        "Met 20 of meer werknemers is een opleidingsplan wettelijk verplicht."
    ).is_visible()
    page.get_by_test_id("accept-all").click()
    actions = page.get_by_test_id("actions")
    assert "“Draaibank instellen” leren van Sara" in actions.inner_text()
    page.screenshot(path=str(artifacts / "competences-training-plan-nl.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("plan-pdf").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    with translation.override("nl"):
        labels = [action.label for action in PlanAction.objects.filter(organization=organization)]
    assert labels
    flat = " ".join(text.split())
    for label in labels:
        assert label in flat, label
    assert "Opleidingsplan" in text and "Ahmed" in text and "Sara" in text and "Draaibank instellen" in text
    assert "mentorschap" in text and "Acties in het plan: 1" in text
    desk.close()
