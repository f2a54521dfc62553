"""A respondent answers the questionnaire: consent, pages, resume, language switch, review, submit."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from leerscan.surveys import respond
from leerscan.surveys.models import Answer, PageSave, Response, ScanRound


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
    bad = laptop.post(resume, {"code": "AAAAA-AAAAA"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "We kennen deze code niet. Controleer hem en probeer opnieuw." in bad.content.decode()
    assert "We do not know this code" not in bad.content.decode()
    good = laptop.post(resume, {"code": shown.lower()})
    assert good.status_code == 302
    assert good["Location"] == page_url(world.round_a, 2)  # the first page not saved yet
    html = laptop.get(page_url(world.round_a, 1)).content.decode()
    assert re.search(r'name="fl_1" value="3"[^>]*checked', html)


def test_returning_respondents_continue_on_the_first_unfinished_page(world):
    client = Client()
    r = start(client, world.round_a)
    landing = reverse("respond:landing", args=[world.round_a.public_token])
    assert client.get(landing)["Location"] == page_url(world.round_a, 1)
    for number in (1, 2):
        client.post(page_url(world.round_a, number), page_data(world.round_a, number))
    client.post(page_url(world.round_a, 4), page_data(world.round_a, 4))  # jumped ahead
    assert client.get(landing)["Location"] == page_url(world.round_a, 3)
    # a page saved with a required answer missing (e.g. left with "Back") is not finished
    partial = page_data(world.round_a, 3)
    partial.pop(next(iter(partial)))
    client.post(page_url(world.round_a, 3), {**partial, "action": "back"})
    assert client.get(landing)["Location"] == page_url(world.round_a, 3)
    for number in range(3, len(respond.sections_for(world.round_a)) + 1):
        client.post(page_url(world.round_a, number), page_data(world.round_a, number))
    resume = reverse("respond:resume", args=[world.round_a.public_token])
    code = Client().post(resume, {"code": r.resume_code})
    assert code["Location"] == reverse("respond:review", args=[world.round_a.public_token])


def test_double_click_on_agree_starts_one_response(world):
    client = Client()
    url = reverse("respond:landing", args=[world.round_a.public_token])
    first = client.post(url, {"consent": "agree"})
    second = client.post(url, {"consent": "agree"})  # the second click comes with the first's cookie
    assert Response.objects.count() == 1
    assert first["Location"] == second["Location"] == page_url(world.round_a, 1)
    # A second click that leaves before the first one's cookie arrives sends the same consent form.
    html = Client().get(url).content.decode()
    form = {"consent": "agree", "start": re.search(r'name="start" value="([^"]+)"', html).group(1)}
    quick, quicker = Client(), Client()
    quick.post(url, form)
    quicker.post(url, form)
    assert Response.objects.count() == 2
    [(name, cookie)] = quick.cookies.items()
    # both clicks continue the same response (the signature's timestamp may differ by a second)
    # ("secret:timestamp:signature"); the secret is the response's
    secrets = set(Response.objects.values_list("secret", flat=True))
    assert quicker.cookies[name].value.split(":")[0] == cookie.value.split(":")[0] in secrets
    # after submitting, agreeing again on the same device starts a new questionnaire
    complete(client, world.round_a)
    client.post(url, {"consent": "agree"})
    assert Response.objects.count() == 3


def test_back_button_resave_of_an_earlier_page_loses_nothing(client, world):
    r = start(client, world.round_a)
    for number in (1, 2, 3):
        saved = client.post(page_url(world.round_a, number), page_data(world.round_a, number))
        assert saved.status_code == 302
    everything = sorted(Answer.objects.filter(response=r).values_list("question_id", "number"))
    # The browser's back button shows page 1 as it was sent; sending it again changes nothing.
    again = client.post(page_url(world.round_a, 1), page_data(world.round_a, 1))
    assert again["Location"].endswith(page_url(world.round_a, 2))
    assert sorted(Answer.objects.filter(response=r).values_list("question_id", "number")) == everything
    # Changing one answer there changes that answer only; the later pages keep theirs.
    client.post(page_url(world.round_a, 1), {**page_data(world.round_a, 1), "fl_1": "5"})
    after = dict(Answer.objects.filter(response=r).values_list("question_id", "number"))
    assert after == {**dict(everything), "fl_1": 5.0}
    # An old copy of page 3, shown before it was answered (history, another tab), sent with its
    # "Back" or "Save" button: nothing ticked there removes the answers given since.
    client.post(page_url(world.round_a, 3), {"action": "back"})
    assert client.post(page_url(world.round_a, 3), {"action": "next"}).status_code == 200
    assert dict(Answer.objects.filter(response=r).values_list("question_id", "number")) == after
    assert PageSave.objects.filter(response=r).count() == 3


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
    assert invitation.started and invitation.completed
    assert Response.objects.get().status == "submitted"


def test_csrf_is_enforced_on_respondent_forms(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("respond:landing", args=[world.round_a.public_token]), {"consent": "agree"}
    )
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_output_is_escaped(client, world):
    from leerscan.organizations.models import Organization

    Organization.objects.filter(pk=world.org_a.pk).update(name="<script>alert(1)</script>")
    html = client.get(reverse("respond:landing", args=[world.round_a.public_token])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def limits(settings):
    """Set request limits per address for a test (the counters start from zero)."""
    from django.core.cache import cache

    def _set(**rates):
        settings.LEERSCAN_RATE_LIMITS = {**settings.LEERSCAN_RATE_LIMITS, **rates}
        cache.clear()

    yield _set
    cache.clear()


def test_resume_codes_are_rate_limited(world, limits):
    limits(resume="3/m")
    client = Client()
    url = reverse("respond:resume", args=[world.round_a.public_token])
    statuses = [client.post(url, {"code": f"AAAAA-AAAA{i}"}).status_code for i in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429


def test_starting_is_rate_limited_per_address(world, limits):
    limits(start="3/m")
    url = reverse("respond:landing", args=[world.round_a.public_token])
    statuses = [Client().post(url, {"consent": "agree"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Response.objects.count() == 3
    refused = Client().post(url, {"consent": "agree"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Je gaat wat te snel" in refused.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")  # another address has its own budget
    assert other.post(url, {"consent": "agree"}).status_code == 302


def test_saving_is_rate_limited_per_address(client, world, limits):
    start(client, world.round_a)
    limits(save="3/m")
    data = page_data(world.round_a, 1)
    statuses = [client.post(page_url(world.round_a, 1), data).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_opening_pages_is_rate_limited_per_address(client, world, limits):
    start(client, world.round_a)
    limits(view="4/m")
    urls = [
        page_url(world.round_a, 1),
        page_url(world.round_a, 2),
        reverse("respond:review", args=[world.round_a.public_token]),
        reverse("respond:landing", args=[world.round_a.public_token]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200, 302]
    assert client.get(page_url(world.round_a, 1)).status_code == 429  # one budget for all pages
    assert client.post(page_url(world.round_a, 1), page_data(world.round_a, 1)).status_code == 302


def test_behind_a_proxy_the_client_address_comes_from_the_configured_header(world, limits, settings):
    settings.LEERSCAN_CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    limits(start="2/m")
    url = reverse("respond:landing", args=[world.round_a.public_token])

    def agree(forwarded):
        return Client(HTTP_X_FORWARDED_FOR=forwarded).post(url, {"consent": "agree"}).status_code

    # every request comes from the proxy (127.0.0.1); the header tells the respondents apart
    assert [agree("203.0.113.1"), agree("203.0.113.1"), agree("203.0.113.1")] == [302, 302, 429]
    assert agree("203.0.113.2") == 302
    # a client cannot escape by adding its own address in front: the proxy's entry (the last) counts
    assert agree("198.51.100.9, 203.0.113.1") == 429
    assert agree("not an address") == 302  # malformed: the connection's address counts


def test_client_address_header_setting_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.LEERSCAN_CLIENT_IP_META_KEY)"
    env = dict(os.environ, LEERSCAN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="leerscan.settings")
    for value, meta_key in [("X-Forwarded-For", "HTTP_X_FORWARDED_FOR"), ("", "REMOTE_ADDR")]:
        env["LEERSCAN_CLIENT_IP_HEADER"] = value
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup();" + code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == meta_key


def test_an_unexpected_error_shows_a_plain_page_in_four_languages(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(respond, "check_open", broken)
    client = Client(raise_request_exception=False)
    response = client.get(
        reverse("respond:landing", args=[world.round_a.public_token]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = response.content.decode()
    assert response.status_code == 500
    for text in ("Er ging iets mis", "Something went wrong", "Une erreur s'est produite", "Etwas ist"):
        assert text in html
    assert "Réessayez dans quelques minutes." in html and "in ein paar Minuten" in html
    for leak in ("Traceback", "RuntimeError", "secret internal detail", "respondent_views", 'File "'):
        assert leak not in html
