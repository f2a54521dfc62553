"""A respondent on a phone in Dutch and one on a desktop in French complete the questionnaire."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from leerscan.accounts.models import Profile, Role
from leerscan.instrument.model import translate
from leerscan.organizations.models import Organization
from leerscan.surveys import respond
from leerscan.surveys.models import Answer, Response, ScanRound

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def scan_round(transactional_db):
    organization = Organization.objects.create(name="Drukkerij Van Dijk", language="nl")
    user = User.objects.create_user("eigenaar", password="geheim-wachtwoord-42")
    Profile.objects.create(user=user, role=Role.ORGANIZATION, organization=organization)
    return ScanRound.objects.create(
        organization=organization,
        wave=1,
        instrument_version="1.0.0",
        status=ScanRound.Status.OPEN,
        expected_respondents=8,
    )


def answer_current_page(page):
    """Choose the third option of every question on the page, fill in age; keyboard-friendly labels."""
    for fieldset in page.locator("fieldset.question").all():
        options = fieldset.locator("label.option")
        options.nth(min(2, options.count() - 1)).click()
    age = page.locator("input[name=age]")
    if age.count():
        age.fill("37")


def answer_until_review(page, stop_after=None, next_button=None):
    """Answer page after page until the review step. ``next_button``: the expected name of the
    button that saves a page (checks the page's language); else the button is found by its value."""
    pages = 0
    while "/review/" not in page.url:
        answer_current_page(page)
        if next_button is None:
            page.locator("button[value=next]").click()
        else:
            page.get_by_role("button", name=next_button).click()
        page.wait_for_load_state()
        pages += 1
        if stop_after and pages == stop_after:
            return


def test_phone_dutch_with_resume_and_desktop_french(browser, live_server, scan_round, artifacts):
    link = f"{live_server.url}/s/{scan_round.public_token}/"

    # 1. Dutch, phone: consent, two pages, then stop and note the resume code.
    phone = browser.new_context(viewport=PHONE, locale="nl-BE", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("button", name="Ja, ik ga akkoord en wil deelnemen").click()
    # a required question left open gives a Dutch message and keeps the page
    page.locator("button[value=next]").click()
    assert page.get_by_text("Beantwoord deze vraag.").first.is_visible()
    answer_until_review(page, stop_after=2)
    code = page.get_by_test_id("resume-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    page.screenshot(path=str(artifacts / "respondent-phone-nl.png"), full_page=True)
    phone.close()

    # 2. Same person, another phone (a new browser context): resume with the code and finish.
    other = browser.new_context(viewport=PHONE, locale="nl-BE", is_mobile=True, has_touch=True)
    page = other.new_page()
    page.goto(link + "resume/")
    page.get_by_label("Je code (10 tekens, bijvoorbeeld 7KQ4M-X2P9D)").fill(code)
    page.get_by_role("button", name="Verder", exact=True).click()
    # it continues on the first page not yet saved, and the answers given before are still there
    assert page.url.endswith("/page/3/")
    assert page.get_by_text("Pagina 3 van").is_visible()
    page.get_by_role("button", name="Terug", exact=True).click()
    assert page.url.endswith("/page/2/")
    assert page.locator("fieldset.question input:checked").count() > 0
    answer_until_review(page)
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    assert "/thanks/" in page.url
    assert page.get_by_role("heading", name="Bedankt!").is_visible()
    other.close()

    # 3. French, desktop, from start to end.
    desktop = browser.new_context(viewport=DESKTOP, locale="fr-BE")
    page = desktop.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Consentement").is_visible()
    page.get_by_role("button", name="Oui, je suis d'accord et je veux participer").click()
    assert page.get_by_role("heading", name="Activités d'apprentissage : formations et cours").is_visible()
    assert page.get_by_text(re.compile(r"^Page 1 sur \d+$")).is_visible()
    answer_until_review(page, next_button=re.compile("^Enregistrer et (continuer|vérifier)$"))
    assert page.get_by_role("heading", name="Vérifiez vos réponses").is_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    assert "/thanks/" in page.url
    assert page.get_by_role("heading", name="Merci !").is_visible()
    page.screenshot(path=str(artifacts / "respondent-desktop-fr-thanks.png"))
    desktop.close()

    assert Response.objects.filter(status="submitted").count() == 2

    # 4. The owner logs in and sees two submitted questionnaires in the progress view.
    owner = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    page = owner.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("eigenaar")
    page.locator("input[name=password]").fill("geheim-wachtwoord-42")
    page.locator("form.stacked button[type=submit]").click()
    page.get_by_role("link", name="Drukkerij Van Dijk").click()
    page.locator(f'a[href="{reverse("manage:round", args=[scan_round.pk])}"]').click()
    assert page.get_by_test_id("submitted").inner_text().strip() == "2"
    page.screenshot(path=str(artifacts / "progress-view.png"), full_page=True)
    owner.close()


PHONE_844 = {"width": 390, "height": 844}


def typed_fields(scan_round):
    """(page number, question) of every text and number field of the questionnaire, from the instrument."""
    return [
        (number, question)
        for number, section in enumerate(respond.sections_for(scan_round), start=1)
        for question in respond.asked_questions(scan_round, section)
        if question.type in ("number", "text")
    ]


def typed_value(question):
    if question.type == "text":
        return "Zelf omschreven"
    return str(int((question.minimum + question.maximum) // 2))


def test_enter_in_every_typed_field_saves_the_page_in_the_same_language(browser, live_server, scan_round):
    fields = typed_fields(scan_round)
    pages = {number for number, _question in fields}
    assert pages == {1, 8}  # the percentage on page 1; age, hours, years and the "other" texts on page 8
    assert {"mandatory_pct", "age", "hours", "tenure", "gender_other", "statute_other"} <= {
        q.id for _n, q in fields
    }
    total = len(respond.sections_for(scan_round))
    phone = browser.new_context(viewport=PHONE_844, locale="fr-BE", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{scan_round.public_token}/")
    page.get_by_role("button", name="Oui, je suis d'accord et je veux participer").click()
    for number, question in fields:
        page.goto(f"{live_server.url}{reverse('respond:page', args=[scan_round.public_token, number])}")
        answer_current_page(page)
        if question.only_if:  # the option that asks for the text ("Other, namely")
            condition, code = question.only_if
            page.locator(f"input[name={condition}][value='{code}']").check()
        field = page.locator(f"input[name={question.id}]")
        field.fill(typed_value(question))
        with page.expect_navigation():
            field.press("Enter")
        following = "/review/" if number == total else f"/page/{number + 1}/"
        assert page.url.endswith(following), (question.id, page.url)
        assert page.locator("html").get_attribute("lang") == "fr", question.id
        stored = Answer.objects.get(question_id=question.id)
        assert (stored.text or str(int(stored.number))) == typed_value(question), question.id
    assert page.get_by_role("heading", name="Vérifiez vos réponses").is_visible()
    # The language buttons, now after "Save" in the form (shown at the top), still keep what was typed.
    page.goto(f"{live_server.url}{reverse('respond:page', args=[scan_round.public_token, 1])}")
    page.locator("input[name=mandatory_pct]").fill("55")
    page.locator("#page-form").get_by_role("button", name="EN", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en" and page.url.endswith("/page/1/?lang=en")
    assert page.locator("input[name=mandatory_pct]").input_value() == "55"
    assert Answer.objects.get(question_id="mandatory_pct").number == 55
    phone.close()


def test_review_shows_every_answer_as_its_label_in_four_languages(browser, live_server, scan_round):
    phone = browser.new_context(viewport=PHONE_844, locale="nl-BE", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{scan_round.public_token}/")
    page.get_by_role("button", name="Ja, ik ga akkoord en wil deelnemen").click()
    while "/review/" not in page.url:
        answer_current_page(page)
        satisfaction = page.locator("input[name=js_1][value='10']")
        if satisfaction.count():
            satisfaction.check()  # an end of the 0-10 scale, which has a label
        pct = page.locator("input[name=mandatory_pct]")
        if pct.count():
            pct.fill("40")
        page.locator("button[value=next]").click()
        page.wait_for_load_state()
    instrument = respond.instrument_for(scan_round)
    stored = dict(Answer.objects.values_list("question_id", "number"))
    # numbers stay numbers, with their unit as the language writes it ("40%", "40 %")
    percent = {"nl": "40%", "en": "40%", "fr": "40\u00a0%", "de": "40\u00a0%"}
    labels = {
        "nl": {"js_1": "10 – Zeer tevreden", "fl_1": "Af en toe"},
        "en": {"js_1": "10 – Very satisfied", "fl_1": "Now and then"},
        "fr": {"js_1": "10 – Très satisfait", "fl_1": "De temps en temps"},
        "de": {"js_1": "10 – Sehr zufrieden", "fl_1": "Ab und zu"},
    }
    expected = {
        language: {**words, "mandatory_pct": percent[language], "age": "37"}
        for language, words in labels.items()
    }
    for language, examples in expected.items():
        page.locator(f"header button[name=switch_language][value={language}]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        for question_id, number in stored.items():
            question = instrument.questions[question_id]
            shown = page.locator(f'dd[data-question="{question_id}"]').inner_text().strip()
            options = question.response_scale.options if question.response_scale else question.options
            if question_id in examples:
                assert shown == examples[question_id], (language, question_id)
            elif options:
                [label] = [translate(o.label, language) for o in options if o.code == number]
                assert shown == label, (language, question_id, shown)
    phone.close()
