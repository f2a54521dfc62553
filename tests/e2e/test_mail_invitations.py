"""A consultant invites 30 addresses by e-mail and 30 mails arrive over SMTP (aiosmtpd); 12 people
answer through their links; the reminder goes to the 18 others, also when it is asked for twice at
once; after closing, no address is left anywhere in the database."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.contrib.auth.models import User

from leerscan.accounts.models import Profile, Role
from leerscan.organizations.models import Organization
from leerscan.surveys import mailing
from leerscan.surveys.models import Addressee, Invitation, Response, ScanRound
from tests.conftest import run_jobs
from tests.e2e.test_respondent_journey import answer_until_review
from tests.surveys.test_no_join import text_values

PASSWORD = "consulent-wachtwoord-42"
LINK = re.compile(r"https?://\S+/p/[\w-]+/")
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def scan_round(transactional_db):
    organization = Organization.objects.create(name="Schrijnwerkerij Peeters", language="nl")
    consultant = User.objects.create_user(
        "consulent", password=PASSWORD, first_name="Lies", last_name="Janssens"
    )
    Profile.objects.create(user=consultant, role=Role.CONSULTANT)
    organization.consultants.add(consultant)
    return ScanRound.objects.create(
        organization=organization, wave=1, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )


def serious_axe_findings(page) -> list[str]:
    return [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_invite_answer_remind_close(browser, live_server, scan_round, mailbox, artifacts):
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/manage/rounds/{scan_round.pk}/")
    page.locator("input[name=username]").fill("consulent")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    page.get_by_test_id("mail-invitations").click()
    page.wait_for_load_state()
    addresses = [f"medewerker{i}@example.org" for i in range(30)]
    page.locator("#addresses").fill("\n".join([*addresses, "geen-adres", addresses[0]]))
    page.locator("form.stacked button.primary").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("invalid").inner_text().strip() == "geen-adres"
    assert page.get_by_test_id("duplicates").inner_text().strip() == addresses[0]
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(artifacts / "mail-invitations.png"), full_page=True)

    run_jobs()  # the worker hands the 30 invitations to the mail server
    assert sorted(m["To"] for m in mailbox.messages) == sorted(addresses)
    first = mailbox.to(addresses[0])[0]
    assert "Schrijnwerkerij Peeters" in first["Subject"] and "Lies Janssens" in mailbox.text(first)

    # 12 people answer through the link in their mail, each in a browser of their own.
    for address in addresses[:12]:
        link = LINK.search(mailbox.text(mailbox.to(address)[0])).group(0)
        person = browser.new_context(viewport=DESKTOP, locale="nl-BE")
        tab = person.new_page()
        tab.goto(link)
        tab.locator("button[name=consent][value=agree]").click()
        tab.wait_for_load_state()
        answer_until_review(tab)
        tab.locator("button[name=action][value=submit]").click()
        tab.wait_for_load_state()
        assert "/thanks/" in tab.url
        person.close()
    assert Invitation.objects.filter(completed=True).count() == 12
    assert Response.objects.filter(status="submitted").count() == 12

    # Two reminder runs started together: both plan before either queues a mail (the worst
    # interleaving; pytest-django's in-memory SQLite cannot run two writers at once, so the same
    # race with real threads runs on PostgreSQL in tests/surveys/test_mail_race.py). 18, not 36.
    plans = [mailing.reminder_plan(scan_round, now=True) for _run in range(2)]
    queued = [len(mailing.send_reminders(scan_round, plan, live_server.url).queued) for plan in plans]
    assert queued == [18, 0]
    run_jobs()
    reminders = mailbox.messages[30:]
    assert len(reminders) == 18
    assert sorted(m["To"] for m in reminders) == sorted(addresses[12:])
    # The consultant's "Send a reminder now" the same day sends nothing more.
    page.get_by_test_id("remind-now").click()
    page.wait_for_load_state()
    run_jobs()
    assert len(mailbox.messages) == 48

    # The stop page works without login and passes axe.
    stop = re.search(r"https?://\S+/stop/[\w-]+/", mailbox.text(reminders[0])).group(0)
    anonymous = browser.new_context(viewport=DESKTOP, locale="nl-BE").new_page()
    anonymous.goto(stop)
    anonymous.get_by_role("button").last.click()
    anonymous.wait_for_load_state()
    assert anonymous.get_by_test_id("stopped").is_visible()
    assert serious_axe_findings(anonymous) == []

    # The mail text page (with its preview) and the cockpit pass axe; the cockpit shows the forecast.
    page.goto(f"{live_server.url}/manage/rounds/{scan_round.pk}/mail/reminder/fr/")
    assert page.get_by_test_id("preview").is_visible()
    assert serious_axe_findings(page) == []
    page.goto(f"{live_server.url}/manage/cockpit/")
    row = page.get_by_test_id("cockpit-row")
    assert row.count() == 1 and "30" in row.inner_text()
    assert re.search(r"\d+%", page.get_by_test_id("forecast").inner_text())
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(artifacts / "cockpit.png"), full_page=True)

    # Closing the round erases every address, wherever it was stored.
    page.goto(f"{live_server.url}/manage/rounds/{scan_round.pk}/")
    page.locator("button[name=action][value=close]").click()
    page.wait_for_load_state()
    assert Addressee.objects.count() == 0
    stored = text_values(apps.get_models(include_auto_created=True))
    assert not [value for value in stored if "@example.org" in value]
    context.close()
