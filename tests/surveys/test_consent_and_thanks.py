"""What a respondent, or a stranger, notices around the questionnaire: refusals counted once, the
thank-you page only for who sent the answers, the same minimum age in the consent text and the form."""

import re

from django.test import Client
from django.urls import reverse

from leerscan.surveys import respond
from leerscan.surveys.models import Answer, Invitation, Response, ScanRound
from tests.surveys.test_respond import complete, page_data, start


def refusals(scan_round):
    return ScanRound.objects.get(pk=scan_round.pk).refusals


def test_no_counts_once_per_browser_session(world):
    url = reverse("respond:landing", args=[world.round_a.public_token])
    browser = Client()
    for _click in range(5):
        page = browser.post(url, {"consent": "refuse"}, HTTP_ACCEPT_LANGUAGE="nl")
        assert page.status_code == 200 and "Je koos ervoor om niet deel te nemen" in page.content.decode()
    assert refusals(world.round_a) == 1
    Client().post(url, {"consent": "refuse"})  # another person, another browser
    assert refusals(world.round_a) == 2
    # a double click that leaves before the first click's cookie arrives sends the same form twice
    form = {
        "consent": "refuse",
        "start": re.search(r'name="start" value="([^"]+)"', Client().get(url).content.decode()).group(1),
    }
    Client().post(url, form)
    Client().post(url, form)
    assert refusals(world.round_a) == 3


def test_no_counts_once_per_personal_link(world):
    [invitation] = respond.create_invitations(world.round_a, 1)
    url = reverse("respond:personal", args=[invitation.token])
    for browser in (Client(), Client(), Client()):  # the same link opened on three devices
        browser.post(url, {"consent": "refuse"})
        browser.post(url, {"consent": "refuse"})
    assert refusals(world.round_a) == 1
    assert Invitation.objects.get().refused
    # changing one's mind later still works
    assert Client().post(url, {"consent": "agree"}).status_code == 302
    assert Invitation.objects.get().started and Response.objects.count() == 1


def test_thanks_only_for_the_browser_that_sent_the_answers(world):
    thanks = reverse("respond:thanks", args=[world.round_a.public_token])
    landing = reverse("respond:landing", args=[world.round_a.public_token])
    sent_text = "Je antwoorden zijn verstuurd"

    stranger = Client(HTTP_ACCEPT_LANGUAGE="nl")
    response = stranger.get(thanks, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0] == (landing, 302)
    assert sent_text not in html and "Ja, ik ga akkoord en wil deelnemen" in html  # the start page

    halfway = Client(HTTP_ACCEPT_LANGUAGE="nl")
    start(halfway, world.round_a)
    html = halfway.get(thanks, follow=True).content.decode()
    assert sent_text not in html and "Pagina 1 van" in html  # back to where they were

    respondent = Client(HTTP_ACCEPT_LANGUAGE="nl")
    start(respondent, world.round_a)
    assert complete(respondent, world.round_a)["Location"] == thanks
    assert sent_text in respondent.get(thanks).content.decode()
    assert sent_text not in stranger.get(thanks, follow=True).content.decode()

    ScanRound.objects.filter(pk=world.round_a.pk).update(status=ScanRound.Status.CLOSED)
    closed = stranger.get(thanks, follow=True)
    assert closed.status_code == 410 and sent_text not in closed.content.decode()
    assert sent_text in respondent.get(thanks).content.decode()
    assert Client().get("/s/no-such-round/thanks/").status_code == 404


def test_the_consent_text_and_the_age_question_agree_on_the_minimum_age(world):
    said = {
        "nl": "18 jaar of ouder",
        "en": "18 or older",
        "fr": "18 ans ou plus",
        "de": "mindestens 18 Jahre",
    }
    landing = reverse("respond:landing", args=[world.round_a.public_token])
    for language, words in said.items():
        assert words in Client().get(landing + f"?lang={language}").content.decode()
    client = Client()
    start(client, world.round_a)
    sections = respond.sections_for(world.round_a)
    number = next(n for n, s in enumerate(sections, start=1) if any(q.id == "age" for q in s.questions))
    url = reverse("respond:page", args=[world.round_a.public_token, number])
    data = page_data(world.round_a, number)
    html = client.post(url, {**data, "age": "17"}).content.decode()
    assert "Vul een getal in van 18 tot 80." in html
    assert not Answer.objects.filter(question_id="age").exists()
    assert client.post(url, {**data, "age": "18"}).status_code == 302
    assert Answer.objects.get(question_id="age").number == 18
