"""E-mail invitations and reminders over a real SMTP server: each address gets its own link once,
reminders go only to people who have not completed and did not opt out, two runs at once send each
mail once, and closing the round erases every address."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leerscan.jobs.heartbeat import start_periodic_jobs
from leerscan.jobs.models import OutgoingEmail
from leerscan.surveys import mailing
from leerscan.surveys.models import Addressee, Invitation, MailText, PageSave, Response, ScanRound
from tests.conftest import run_jobs
from tests.surveys.test_respond import complete

LINK = re.compile(r"https?://\S+/p/([\w-]+)/")
STOP = re.compile(r"https?://\S+/stop/([\w-]+)/")


def addresses(count: int, start: int = 0) -> list[str]:
    return [f"person{i}@example.org" for i in range(start, start + count)]


def invite(scan_round, tmp_path, lines) -> str:
    path = tmp_path / "addresses.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = StringIO()
    call_command("invite", "--round", str(scan_round.pk), str(path), stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def remind(scan_round) -> str:
    out = StringIO()
    call_command("remind", "--round", str(scan_round.pk), stdout=out)
    return out.getvalue().strip()


def answer_through_link(mailbox, address, scan_round) -> None:
    """The person opens the link in their invitation, agrees and sends every page."""
    [message] = [m for m in mailbox.to(address) if LINK.search(mailbox.text(m))][:1]
    token = LINK.search(mailbox.text(message)).group(1)
    browser = Client()
    assert browser.post(reverse("respond:personal", args=[token]), {"consent": "agree"}).status_code == 302
    assert complete(browser, scan_round).status_code == 302


def test_addresses_are_read_and_bad_ones_listed():
    text = "e-mail;language\nAnna@Example.org;fr\nnot-an-address\nbert@example.org\nanna@example.org\n\n"
    parsed = mailing.parse_addresses(text, ["nl", "fr"])
    assert parsed.valid == [("anna@example.org", "fr"), ("bert@example.org", "")]
    assert parsed.invalid == ["not-an-address"]
    assert parsed.duplicates == ["anna@example.org"]
    plain = mailing.parse_addresses("carl@example.org\ndirk@example\n", ["nl"])
    assert plain.valid == [("carl@example.org", "")] and plain.invalid == ["dirk@example"]


def test_invite_remind_close(world, tmp_path, mailbox, settings):
    """30 invited, 30 mails; 12 answer; the reminder goes to 18; a second run (or two runs planned at
    the same moment) sends no second copy; someone who opted out gets none; closing erases addresses."""
    settings.LEERSCAN_BASE_URL = "http://testserver"
    scan_round = world.round_a
    assert invite(scan_round, tmp_path, addresses(30)) == "sent 30, skipped 0, refused 0"
    assert len(mailbox.messages) == 30
    assert invite(scan_round, tmp_path, addresses(30)) == "sent 0, skipped 30, refused 0"  # idempotent
    assert len(mailbox.messages) == 30

    first = mailbox.to("person0@example.org")[0]
    assert "Bakkerij A" in first["Subject"] and "consultant_a" in mailbox.text(first)
    assert first.get_body(preferencelist=("html",)) is not None  # plain text and HTML
    stop_token = STOP.search(first["List-Unsubscribe"]).group(1)
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    for address in addresses(12):
        answer_through_link(mailbox, address, scan_round)
    assert Response.objects.filter(scan_round=scan_round, status="submitted").count() == 12
    assert Invitation.objects.filter(scan_round=scan_round, completed=True).count() == 12

    # Two runs that plan at the same moment queue the same keys: 18 mails, not 36.
    plan_a, plan_b = mailing.reminder_plan(scan_round, now=True), mailing.reminder_plan(scan_round, now=True)
    queued_a = mailing.send_reminders(scan_round, plan_a).queued
    queued_b = mailing.send_reminders(scan_round, plan_b).queued
    assert len(queued_a) == 18 and queued_b == []
    run_jobs()
    reminders = mailbox.messages[30:]
    assert len(reminders) == 18
    assert {m["To"] for m in reminders} == set(addresses(18, start=12))
    assert remind(scan_round).startswith("sent 0,")  # once a day at most

    # "Stop reminding me" without login: no further reminder for that person.
    stopper = mailbox.to("person20@example.org")[0]
    assert (
        Client().post(reverse("respond:stop", args=[STOP.search(mailbox.text(stopper)).group(1)])).status_code
        == 200
    )
    Addressee.objects.update(reminded_on=timezone.localdate() - timedelta(days=1))
    assert remind(scan_round) == "sent 17, skipped 13, refused 0"
    assert not mailbox.to("person20@example.org")[2:]
    assert Client().get(reverse("respond:stop", args=[stop_token])).status_code == 200

    login = Client()
    login.force_login(world.users["contact_a"])
    login.post(reverse("manage:round_status", args=[scan_round.pk]), {"action": "close"})
    assert Addressee.objects.count() == 0
    everything = " ".join(
        str(row) for row in OutgoingEmail.objects.values_list("to", "body", "html", "headers")
    )
    assert "@example.org" not in everything
    with pytest.raises(CommandError):  # a closed round sends nothing
        remind(scan_round)


def test_answer_times_of_an_invited_round_are_kept_to_the_day(world, tmp_path, mailbox, settings):
    settings.LEERSCAN_BASE_URL = "http://testserver"
    invite(world.round_a, tmp_path, ["anna@example.org"])
    answer_through_link(mailbox, "anna@example.org", world.round_a)
    response = Response.objects.get()
    times = [response.started_at, response.submitted_at, response.last_saved_at]
    times += list(PageSave.objects.values_list("saved_at", flat=True))
    for moment in times:
        local = timezone.localtime(moment)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def test_a_refused_address_is_marked_and_not_tried_again(world, tmp_path, mailbox, login):
    mailbox.refuse.add("gone@example.org")
    assert invite(world.round_a, tmp_path, ["gone@example.org", "here@example.org"]) == (
        "sent 1, skipped 0, refused 1"
    )
    assert Addressee.objects.get(email="gone@example.org").refused
    page = login(world.users["consultant_a"]).get(reverse("manage:round_mail", args=[world.round_a.pk]))
    assert 'data-testid="refused"' in page.content.decode() and "gone@example.org" in page.content.decode()
    assert remind(world.round_a) == "sent 1, skipped 1, refused 0"


def test_scheduled_reminders_follow_the_round_and_stop_at_closing(world, tmp_path, mailbox):
    scan_round = world.round_a
    opened = timezone.localdate() - timedelta(days=3)
    ScanRound.objects.filter(pk=scan_round.pk).update(opens_on=opened, closes_on=opened + timedelta(days=14))
    scan_round.refresh_from_db()
    invite(scan_round, tmp_path, addresses(4))
    assert mailing.reminder_plan(scan_round, today=opened + timedelta(days=2)) == []
    start_periodic_jobs()  # day 3: the first reminder is due
    run_jobs()
    assert len(mailbox.messages) == 8
    later = mailing.reminder_plan(scan_round, today=opened + timedelta(days=7))
    assert [number for _pk, number in later] == [3, 3, 3, 3]  # the second reminder on day 7
    assert mailing.reminder_plan(scan_round, today=opened + timedelta(days=15)) == []  # closed by date
    ScanRound.objects.filter(pk=scan_round.pk).update(status=ScanRound.Status.CLOSED)
    scan_round.refresh_from_db()
    assert mailing.reminder_plan(scan_round, now=True) == []


def test_at_most_three_reminders(world, tmp_path, mailbox):
    invite(world.round_a, tmp_path, ["anna@example.org"])
    for day in range(5):
        Addressee.objects.update(reminded_on=date(2020, 1, 1 + day))
        remind(world.round_a)
    assert len(mailbox.to("anna@example.org")) == 4  # the invitation and three reminders


def test_the_consultant_pastes_addresses_and_sees_what_was_not_used(world, login, mailbox):
    client = login(world.users["consultant_a"])
    url = reverse("manage:round_mail", args=[world.round_a.pk])
    page = client.post(url, {"addresses": "anna@example.org\nanna@example.org\nnope\nbert@example.org"})
    html = page.content.decode()
    assert re.search(r'data-testid="invalid">\s*<li>nope</li>', html)
    assert re.search(r'data-testid="duplicates">\s*<li>anna@example.org</li>', html)
    run_jobs()
    assert sorted(m["To"] for m in mailbox.messages) == ["anna@example.org", "bert@example.org"]
    assert "http://testserver/p/" in mailbox.text(mailbox.messages[0])


def test_a_round_text_in_french_with_a_preview(world, login, mailbox):
    client = login(world.users["contact_b"])
    url = reverse("manage:round_mail_text", args=[world.round_b.pk, "invitation", "fr"])
    default = client.get(url).content.decode()
    assert "Garage B" in default and 'data-testid="preview"' in default
    body = "Bonjour,\n{{ organization }} et {{ consultant }} vous invitent : {{ link }}"
    preview = client.post(url, {"subject": "Votre avis", "body": body, "action": "preview"}).content.decode()
    assert "Garage B et consultant_b vous invitent" in preview
    assert not MailText.objects.exists()
    client.post(url, {"subject": "Votre avis", "body": body, "action": "save"})
    client.post(reverse("manage:round_mail", args=[world.round_b.pk]), {"addresses": "cleo@example.org"})
    run_jobs()
    [message] = mailbox.messages
    assert message["Subject"] == "Votre avis" and "Garage B et consultant_b vous invitent" in mailbox.text(
        message
    )
    assert "stop" in mailbox.text(message)  # the stop link is added when the text leaves it out
    broken = client.post(url, {"subject": "x", "body": "{% if %}", "action": "save"})
    assert 'role="alert"' in broken.content.decode()


@pytest.mark.parametrize("who", ["contact_b", "consultant_b", "provider_b"])
def test_other_organizations_cannot_mail_this_round(world, login, who):
    client = login(world.users[who])
    for url in (
        reverse("manage:round_mail", args=[world.round_a.pk]),
        reverse("manage:round_mail_text", args=[world.round_a.pk, "reminder", "nl"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("manage:round_remind", args=[world.round_a.pk])).status_code == 404


def test_the_programme_may_not_mail(world, login):
    client = login(world.users["programme"])
    assert client.get(reverse("manage:round_mail", args=[world.round_a.pk])).status_code == 403


def test_a_used_link_in_another_browser_asks_for_the_resume_code(world, tmp_path, mailbox):
    invite(world.round_a, tmp_path, ["anna@example.org"])
    token = LINK.search(mailbox.text(mailbox.messages[0])).group(1)
    Client().post(reverse("respond:personal", args=[token]), {"consent": "agree"})
    other = Client().get(reverse("respond:personal", args=[token]))
    assert other.status_code == 302 and other["Location"].endswith("/resume/")
    assert Response.objects.count() == 1
