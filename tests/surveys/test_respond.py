"""A respondent answers the questionnaire: consent, pages, resume, language switch, review, submit."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from leerscan.surveys import respond
from leerscan.surveys.models import Answer, Invitation, PageSave, Response, ScanRound


def page_data(scan_round, number, value=3):
    """Valid answers for every question on a page (background questions left empty)."""
    section = respond.sections_for(scan_round)[number - 1]
    data = {}
    for question in section.questions_for(scan_round.variant):
        if question.asked and question.type == "likert":
            data[question.id] = str(min(max(value, question.codes[0]), question.codes[-1]))
        if question.id == "age":
            data["age"] = "41"
    return data


def start(client, scan_round, lang="nl"):
    url = reverse("respond:landing", args=[scan_round.public_token])
    response = client.post(url + f"?lang={lang}", {"consent": "agree"})
    assert response.status_code == 302
    return Response.objects.latest("id")


def page_url(scan_round, number):
    return reverse("respond:page", args=[scan_round.public_token, number])


def test_consent_page_in_the_respondents_language(client, world):
    url = reverse("respond:landing", args=[world.round_a.public_token])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in html
    assert "Ja, ik ga akkoord" not in html  # French text, not Dutch
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Ja, ik ga akkoord en wil deelnemen" in html


def test_refusal_stores_only_a_count(client, world):
    url = reverse("respond:landing", args=[world.round_a.public_token])
    response = client.post(url, {"consent": "refuse"})
    assert response.status_code == 200
    world.round_a.refresh_from_db()
    assert world.round_a.refusals == 1
    assert Response.objects.count() == 0


def test_page_is_saved_and_double_submit_changes_nothing(client, world):
    r = start(client, world.round_a)
    data = page_data(world.round_a, 1)
    first = client.post(page_url(world.round_a, 1), data)
    assert first.status_code == 302 and first["Location"].endswith(page_url(world.round_a, 2))
    snapshot = sorted(Answer.objects.filter(response=r).values_list("question_id", "number"))
    client.post(page_url(world.round_a, 1), data)  # double click / retry
    assert sorted(Answer.objects.filter(response=r).values_list("question_id", "number")) == snapshot
    assert PageSave.objects.filter(response=r).count() == 1
    assert len(snapshot) == 5  # fl_1..fl_5; the optional percentage was left empty


def test_validation_messages_in_dutch_and_nothing_lost(client, world):
    start(client, world.round_a)
    data = page_data(world.round_a, 1)
    data.pop("fl_2")
    data["mandatory_pct"] = "150"
    html = client.post(page_url(world.round_a, 1), data).content.decode()
    assert "Beantwoord deze vraag" in html
    assert "Vul een getal in van 0 tot 100" in html
    # the valid answers of the invalid page are kept
    assert Answer.objects.filter(question_id="fl_1").exists()


def test_language_switch_keeps_answers_and_changes_text(client, world):
    r = start(client, world.round_a)
    data = page_data(world.round_a, 1)
    data.pop("fl_5")
    data["switch_language"] = "de"
    response = client.post(page_url(world.round_a, 1), data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'lang="de"' in html
    assert Answer.objects.filter(response=r).count() == 4
    assert re.search(r'name="fl_1" value="3"[^>]*checked', html)
    r.refresh_from_db()
    assert r.language == "de"


def test_resume_from_another_device_with_the_code(world):
    phone, laptop = Client(), Client()
    r = start(phone, world.round_a)
    phone.post(page_url(world.round_a, 1), page_data(world.round_a, 1))
    html = phone.get(page_url(world.round_a, 2)).content.decode()
    shown = re.search(r'data-testid="resume-code">([A-Z0-9-]+)<', html).group(1)
    assert shown.replace("-", "") == r.resume_code
    resume = reverse("respond:resume", args=[world.round_a.public_token])
    bad = laptop.post(resume, {"code": "AAAAA-AAAAA"})
    assert (
        "We kennen deze code niet" in bad.content.decode()
        or "We do not know this code" in bad.content.decode()
    )
    good = laptop.post(resume, {"code": shown.lower()})
    assert good.status_code == 302
    html = laptop.get(page_url(world.round_a, 1)).content.decode()
    assert re.search(r'name="fl_1" value="3"[^>]*checked', html)


def complete(client, scan_round):
    sections = respond.sections_for(scan_round)
    for number in range(1, len(sections) + 1):
        response = client.post(page_url(scan_round, number), page_data(scan_round, number))
        assert response.status_code == 302, (number, response.content.decode()[:2000])
    return client.post(reverse("respond:review", args=[scan_round.public_token]), {"action": "submit"})


def test_complete_review_submit_thanks(client, world):
    r = start(client, world.round_a)
    review = client.get(reverse("respond:review", args=[world.round_a.public_token]))
    assert (
        "Verstuur mijn antwoorden" in review.content.decode() or "Send my answers" in review.content.decode()
    )
    response = complete(client, world.round_a)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    r.refresh_from_db()
    assert r.status == "submitted" and r.submitted_at
    n_answers = Answer.objects.filter(response=r).count()
    # After submitting, nothing can be changed any more, and a repeated submit changes nothing.
    again = client.post(page_url(world.round_a, 1), page_data(world.round_a, 1, value=1))
    assert again.status_code == 200
    assert Answer.objects.filter(response=r, question_id="fl_1").get().number == 3
    client.post(reverse("respond:review", args=[world.round_a.public_token]), {"action": "submit"})
    assert Answer.objects.filter(response=r).count() == n_answers
    assert Response.objects.count() == 1


def test_submit_refused_while_required_answers_missing(client, world):
    r = start(client, world.round_a)
    client.post(reverse("respond:review", args=[world.round_a.public_token]), {"action": "submit"})
    r.refresh_from_db()
    assert r.status == "started"


@pytest.mark.parametrize("status,reason_text", [("closed", "gesloten"), ("draft", "nog niet open")])
def test_closed_and_unopened_rounds_are_friendly(client, world, status, reason_text):
    ScanRound.objects.filter(pk=world.round_a.pk).update(status=status)
    response = client.get(
        reverse("respond:landing", args=[world.round_a.public_token]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 410
    assert reason_text in response.content.decode()


def test_expired_round(client, world):
    import datetime

    ScanRound.objects.filter(pk=world.round_a.pk).update(closes_on=datetime.date(2020, 1, 1))
    response = client.get(
        reverse("respond:landing", args=[world.round_a.public_token]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 410 and "fermé" in response.content.decode()


def test_unknown_token_is_a_plain_404(client, world):
    assert client.get("/s/not-a-real-token/").status_code == 404


def test_personal_link_is_single_use(world):
    [invitation] = respond.create_invitations(world.round_a, 1)
    assert len(invitation.token) >= 22
    url = reverse("respond:personal", args=[invitation.token])
    first, second = Client(), Client()
    first.post(url, {"consent": "agree"})
    first.post(url, {"consent": "agree"})  # double click
    assert Response.objects.count() == 1
    complete(first, world.round_a)
    html = second.get(url).content.decode()
    assert "al verstuurd" in html or "already been sent" in html
    invitation.refresh_from_db()
    assert invitation.response.status == "submitted"
    assert Invitation.objects.get().response_id == Response.objects.get().pk


def test_csrf_is_enforced_on_respondent_forms(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("respond:landing", args=[world.round_a.public_token]), {"consent": "agree"}
    )
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_output_is_escaped(client, world):
    from leerscan.surveys.models import Organization

    Organization.objects.filter(pk=world.org_a.pk).update(name="<script>alert(1)</script>")
    html = client.get(reverse("respond:landing", args=[world.round_a.public_token])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_resume_codes_are_rate_limited(world, settings):
    settings.LEERSCAN_RATE_LIMITS = {**settings.LEERSCAN_RATE_LIMITS, "resume": "3/m"}
    from django.core.cache import cache

    cache.clear()
    client = Client()
    url = reverse("respond:resume", args=[world.round_a.public_token])
    statuses = [client.post(url, {"code": f"AAAAA-AAAA{i}"}).status_code for i in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429
