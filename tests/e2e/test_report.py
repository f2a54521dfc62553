"""A consultant logs in, opens the demo organization's report, switches language and downloads the PDF."""

import re
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from leerscan.reports import jobs as report_jobs
from leerscan.surveys.models import ScanRound
from tests.conftest import run_jobs

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db):
    out = StringIO()
    call_command("demo", stdout=out)
    user = User.objects.get(username="demo-consulent")
    user.set_password("demo-wachtwoord-42")
    user.save()
    return ScanRound.objects.get(wave=2)


pdf_step_may_finish = threading.Event()


@pytest.fixture
def held_pdf_step(monkeypatch):
    """The worker makes the real PDF, but only once the test saw the bar stand at two thirds."""
    make_pdf = report_jobs.html_to_pdf

    def held(html):
        pdf_step_may_finish.wait(timeout=60)
        return make_pdf(html)

    pdf_step_may_finish.clear()
    monkeypatch.setattr(report_jobs, "html_to_pdf", held)


def run_jobs_in_thread():
    try:
        run_jobs()
    finally:
        connection.close()


def test_consultant_opens_report_and_downloads_pdf(browser, live_server, demo, artifacts, held_pdf_step):
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/manage/rounds/{demo.pk}/report/")
    # not logged in: the login page, which brings us back to the report
    page.locator("input[name=username]").fill("demo-consulent")
    page.locator("input[name=password]").fill("demo-wachtwoord-42")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert f"/manage/rounds/{demo.pk}/report/" in page.url
    report = page.get_by_test_id("report")
    assert report.get_by_role("heading", level=1).inner_text().startswith("Leerklimaatrapport")
    assert page.get_by_test_id("summary").locator("p").count() == 3
    # the climate chart and the maturity chart (the demo owner filled in the maturity scan)
    assert page.locator("img.chart").evaluate_all(
        "imgs => imgs.length === 2 && imgs.every(img => img.complete && img.naturalWidth > 0)"
    )
    assert page.get_by_test_id("maturity").is_visible()
    assert page.get_by_test_id("climate-table").locator("tbody tr").count() == 6
    assert page.get_by_test_id("change").is_visible()  # the demo has an earlier round
    page.screenshot(path=str(artifacts / "report-nl.png"), full_page=True)

    # switch the report to English with the form above it
    page.get_by_label("Taal van het rapport").select_option("en")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-language").get_attribute("lang") == "en"
    assert page.get_by_text("Questions for the follow-up session").is_visible()
    # the frame stays in the user's language
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("link", name="Terug naar de scanronde").is_visible()
    assert page.get_by_label("Taal van het rapport").locator("option").all_inner_texts() == [
        "Nederlands",
        "English",
        "Français",
        "Deutsch",
    ]

    # The PDF is made by a background job: its page shows a bar that moves, then the file.
    page.get_by_role("button", name="Maak een PDF").click()
    page.wait_for_load_state()
    assert "/jobs/" in page.url
    assert page.get_by_test_id("job-status").inner_text() == "Even wachten tot het aan de beurt is…"
    worker = threading.Thread(target=run_jobs_in_thread)
    worker.start()
    progress = page.get_by_role("progressbar")
    progress.and_(page.locator("[value='66']")).wait_for(timeout=30_000)  # held before the last step
    assert "Bezig: 66% klaar" in page.get_by_test_id("job-status").inner_text()  # Dutch: no space before %
    pdf_step_may_finish.set()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=re.compile("downloaden")).click()
    worker.join(timeout=60)
    download = download_info.value
    assert download.suggested_filename == "leerscan-de-leerfabriek-demo-wave2.pdf"
    path = artifacts / "report-en.pdf"
    download.save_as(str(path))
    assert path.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Terug").click()
    page.wait_for_load_state()
    assert f"/manage/rounds/{demo.pk}/report/" in page.url

    # the header's FR button switches the interface and the report
    page.locator("header.site button[value=fr]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_test_id("report-language").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    context.close()
