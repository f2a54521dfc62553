"""Two tabs or a double click saving the same page at the same moment: one answer per question."""

import re
import sqlite3
import tempfile
import threading

import httpx
import pytest
from django.db import connection

from benchmarks.loadlib import CSRF_RE, START_RE, Server, free_port, prepare_round, server_env
from leerscan.organizations.models import Organization
from leerscan.surveys import respond
from leerscan.surveys.models import Answer, PageSave, ScanRound


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_the_same_page():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip(
            "pytest-django's in-memory SQLite test database uses a shared cache, whose table locks "
            "fail at once ('database table is locked') where a database file waits for the writer; "
            "the same race runs on a SQLite file over HTTP in test_two_tabs_race_over_http_on_a_sqlite_file"
        )
    organization = Organization.objects.create(name="Parallel")
    scan_round = ScanRound.objects.create(
        organization=organization, instrument_version="1.0.0", status="open"
    )
    response = respond.start_response(scan_round, "nl")
    section = respond.sections_for(scan_round)[3]
    errors = []

    def save(value):
        try:
            values = {q.id: value for q in section.questions if q.type == "likert"}
            respond.save_page(response, section, values)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(1 + i % 5,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    per_question = Answer.objects.filter(response=response).values_list("question_id", flat=True)
    assert sorted(per_question) == sorted(q.id for q in section.questions if q.type == "likert")
    assert PageSave.objects.filter(response=response).count() == 1
    assert len(set(Answer.objects.filter(response=response).values_list("number", flat=True))) == 1


@pytest.mark.slow
def test_two_tabs_race_over_http_on_a_sqlite_file():
    """Eight tabs of one browser send the same page at once, each with other answers, to a real
    server (2 processes x 8 threads) on a SQLite file: every save succeeds, and the page holds one
    answer per question, all from one of the tabs (never a mix, never a duplicate)."""
    with tempfile.TemporaryDirectory() as data_dir:
        database = f"{data_dir}/race.sqlite3"
        env = server_env(f"sqlite:///{database}", data_dir)
        token = prepare_round(env)
        server = Server(env, free_port()).start()
        try:
            with httpx.Client(base_url=server.url, timeout=30) as browser:
                landing = browser.get(f"/s/{token}/")
                consent = {
                    "consent": "agree",
                    "csrfmiddlewaretoken": CSRF_RE.search(landing.text).group(1),
                    "start": START_RE.search(landing.text).group(1),
                }
                assert browser.post(f"/s/{token}/", data=consent).status_code == 302
                url = f"/s/{token}/page/2/"
                page = browser.get(url)
                csrf = CSRF_RE.search(page.text).group(1)
                names = sorted(set(re.findall(r'type="radio" name="([a-z0-9_]+)" value="1"', page.text)))
                assert len(names) >= 3
                cookies = dict(browser.cookies)
            barrier = threading.Barrier(8)
            statuses = []

            def tab(value):
                data = {"csrfmiddlewaretoken": csrf, "action": "next", **dict.fromkeys(names, str(value))}
                with httpx.Client(base_url=server.url, timeout=30, cookies=cookies) as client:
                    barrier.wait()
                    statuses.append(client.post(url, data=data).status_code)

            tabs = [threading.Thread(target=tab, args=(1 + i % 4,)) for i in range(8)]
            for thread in tabs:
                thread.start()
            for thread in tabs:
                thread.join()
        finally:
            server.stop()
        assert statuses == [302] * 8
        with sqlite3.connect(database) as db:
            answers = db.execute("SELECT question_id, number FROM surveys_answer").fetchall()
            page_saves = db.execute("SELECT COUNT(*) FROM surveys_pagesave").fetchone()[0]
        assert sorted(question for question, _ in answers) == names  # one answer per question
        assert len({number for _, number in answers}) == 1  # all from the same tab
        assert page_saves == 1
