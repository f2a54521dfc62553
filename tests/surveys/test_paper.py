"""The paper path: print the questionnaire, type forms in, import files; bad input changes nothing."""

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from leerscan.organizations.models import Organization
from leerscan.surveys import respond
from leerscan.surveys.models import Answer, Response, ScanRound

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "language,expected",
    [
        ("nl", "Mijn leidinggevende"),
        ("fr", "Mon/ma responsable"),
        ("de", "Meine Führungskraft"),
        ("en", "My manager"),
    ],
)
def test_paper_questionnaire_pdf_in_each_language(login, world, language, expected):
    world.round_a.languages = ["nl", "en", "fr", "de"]
    world.round_a.save()
    client = login(world.users["contact_a"])
    response = client.get(reverse("manage:round_paper", args=[world.round_a.pk]) + f"?lang={language}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert expected.lower() in text.lower()
    assert "ll_1" in text and "js_1" in text  # question codes for typing in
    assert "Bakkerij A" in text


def entry_data(scan_round, **overrides):
    data = {}
    for section in respond.sections_for(scan_round):
        for question in section.questions_for(scan_round.variant):
            if question.asked and question.type == "likert":
                data[question.id] = "4" if question.codes[-1] > 4 else "1"
    data.update(overrides)
    return data


def test_keyboard_entry_saves_a_paper_form(login, world):
    client = login(world.users["consultant_a"])
    url = reverse("manage:round_entry", args=[world.round_a.pk])
    page = client.get(url).content.decode()
    assert 'name="ll_1"' in page and 'inputmode="numeric"' in page
    response = client.post(url, entry_data(world.round_a, age="33", role="2"))
    assert response.status_code == 302
    saved = Response.objects.get(source="paper")
    assert saved.status == "submitted"
    assert Answer.objects.get(response=saved, question_id="age").number == 33
    assert Answer.objects.get(response=saved, question_id="ll_1").number == 4


def test_bad_paper_form_shows_every_problem_and_stores_nothing(login, world):
    client = login(world.users["consultant_a"])
    url = reverse("manage:round_entry", args=[world.round_a.pk])
    html = client.post(
        url, entry_data(world.round_a, ll_1="7", age="7", js_1="x"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert Response.objects.count() == 0
    for expected in ("ll_1", "age", "js_1"):
        assert f"&#x27;{expected}&#x27;" in html or f"'{expected}'" in html


def csv_bytes(rows):
    return ("\n".join(",".join(map(str, r)) for r in rows) + "\n").encode()


def test_web_import_all_or_nothing(login, world):
    client = login(world.users["contact_a"])
    url = reverse("manage:round_import", args=[world.round_a.pk])
    bad = csv_bytes([["ll_1", "ll_2", "age"], [3, 4, 30], [9, 4, 30], [3, "x", 300]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = client.post(url, {"file": SimpleUploadedFile("answers.csv", bad)}).content.decode()
    assert Response.objects.count() == 0
    assert html.count("<li>") >= 3 and "9" in html and "300" in html
    good = csv_bytes([["ll_1", "ll_2", "ll_3", "age"], [3, 4, 5, 30], [1, 2, 3, ""]])
    response = client.post(url, {"file": SimpleUploadedFile("answers.csv", good)})
    assert response.status_code == 302
    assert Response.objects.filter(scan_round=world.round_a, source="import").count() == 2


def test_web_import_excel(login, world, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ll_1", "ll_2", "ll_3", "hours"])
    sheet.append([2, 3, 4, 37.5])
    sheet.append([5, 5, 5, None])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.users["consultant_a"])
    response = client.post(
        reverse("manage:round_import", args=[world.round_a.pk]),
        {"file": SimpleUploadedFile("answers.xlsx", path.read_bytes())},
    )
    assert response.status_code == 302
    assert sorted(Answer.objects.filter(question_id="hours").values_list("number", flat=True)) == [37.5]


def run_cli(*args, env_db):
    import os

    env = dict(os.environ, DATABASE_URL=env_db["url"], LEERSCAN_DATA_DIR=env_db["dir"])
    return subprocess.run(
        [sys.executable, "-m", "leerscan", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


@pytest.fixture
def cli_db(tmp_path):
    db = {"url": f"sqlite:///{tmp_path}/cli.sqlite3", "dir": str(tmp_path)}
    assert run_cli("migrate", "--noinput", env_db=db).returncode == 0
    return db


def test_cli_import_with_create_and_all_or_nothing(cli_db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([["respondent", "ll_1", "ll_2", "ll_3"], ["a", 1, 2, 3], ["b", 4, 5, 5]]))
    result = run_cli("import", good, "--organization", "Brouwerij Z", "--round", 1, env_db=cli_db)
    assert result.returncode != 0 and "--create" in result.stderr
    result = run_cli("import", good, "--organization", "Brouwerij Z", "--round", 1, "--create", env_db=cli_db)
    assert result.returncode == 0, result.stderr
    assert "Created organization 'Brouwerij Z'" in result.stdout and "Imported 2" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["ll_1", "ll_2"], [1, 2], [6, 2], [1, "z"]]))
    result = run_cli("import", bad, "--organization", "Brouwerij Z", "--round", 1, env_db=cli_db)
    assert result.returncode != 0
    assert "row 3, column 'll_1': 6 is not a valid answer" in result.stderr
    assert "row 4, column 'll_2': 'z' is not a number" in result.stderr
    assert responses_in(cli_db) == 2
    # the same file again: refused, said once for the column, and nothing changes
    again = run_cli("import", good, "--organization", "Brouwerij Z", "--round", 1, env_db=cli_db)
    assert again.returncode != 0
    assert (
        "column 'respondent': every respondent in the file (2 rows, e.g. row 2: 'a') was already imported "
        "into this round: this file was imported before" in again.stderr
    )  # one problem of the whole column, said once
    assert "nothing was imported" in again.stderr
    assert responses_in(cli_db) == 2


def responses_in(db):
    count = run_cli(
        "shell",
        "-c",
        "from leerscan.surveys.models import Response; print(Response.objects.count())",
        env_db=db,
    )
    return int(count.stdout.strip().splitlines()[-1])


def test_cli_refuses_rows_of_another_organization_or_round(cli_db, tmp_path):
    other = tmp_path / "other.csv"
    other.write_bytes(
        csv_bytes(
            [
                ["organization", "wave", "ll_1"],
                ["Brouwerij Z", 2, 3],
                ["brouwerij z ", 2, 4],
                ["Garage B", 2, 4],
                ["Brouwerij Z", 1, 5],
            ]
        )
    )
    target = ["--organization", "Brouwerij Z", "--round", 2, "--create"]
    result = run_cli("import", other, *target, env_db=cli_db)
    assert result.returncode != 0
    assert "row 4, column 'organization': 'Garage B' is not the organization imported into" in result.stderr
    assert "row 5, column 'wave': wave 1 is not the round imported into (wave 2)" in result.stderr
    assert "rows 2" not in result.stderr and "row 3," not in result.stderr
    assert "nothing was imported, created or changed" in result.stderr
    assert responses_in(cli_db) == 0
    exists = run_cli(
        "shell",
        "-c",
        "from leerscan.surveys.models import Organization; print(Organization.objects.count())",
        env_db=cli_db,
    )
    assert exists.stdout.strip().splitlines()[-1] == "0"  # --create was undone with the import


def upload(client, scan_round, rows, name="answers.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("manage:round_import", args=[scan_round.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, csv_bytes(rows))}, HTTP_ACCEPT_LANGUAGE="en")


def test_web_import_of_the_same_file_twice_changes_nothing_and_says_why(login, world):
    client = login(world.users["consultant_a"])
    rows = [["respondent", "ll_1", "ll_2"], ["p-001", 3, 4], ["p-002", 2, 5], ["", 1, 1]]
    assert upload(client, world.round_a, rows).status_code == 302
    assert Response.objects.filter(scan_round=world.round_a).count() == 3
    html = upload(client, world.round_a, rows[:3] + [["p-003", 4, 4]]).content.decode()
    assert "respondent &#x27;p-001&#x27; was already imported into this round" in html
    assert "respondent &#x27;p-002&#x27; was already imported into this round" in html
    assert "p-003" not in html  # a new respondent is fine, but all or nothing: not stored either
    assert Response.objects.filter(scan_round=world.round_a).count() == 3
    # the same respondent ids may be imported into another round (e.g. wave 2)
    client = login(world.users["admin"])
    assert upload(client, world.round_b, rows).status_code == 302
    # an id twice in one file is refused too
    html = upload(client, world.round_b, [["respondent", "ll_1"], ["x", 1], ["x", 2]]).content.decode()
    assert "row 3, column &#x27;respondent&#x27;: respondent &#x27;x&#x27; is also in row 2" in html
    assert Response.objects.count() == 6


def test_web_import_refuses_rows_for_another_organization_or_wave(login, world):
    client = login(world.users["contact_a"])
    rows = [["organization", "wave", "ll_1"], ["Bakkerij A", 1, 3], ["Garage B", 1, 3], ["Bakkerij A", 2, 3]]
    html = upload(client, world.round_a, rows).content.decode()
    assert "row 3, column &#x27;organization&#x27;: &#x27;Garage B&#x27; is not the organization" in html
    assert "row 4, column &#x27;wave&#x27;: wave 2 is not the round imported into (wave 1)" in html
    assert Response.objects.count() == 0
    assert upload(client, world.round_a, [rows[0], rows[1]]).status_code == 302
    assert Response.objects.filter(scan_round=world.round_a, source="import").count() == 1


def test_import_into_round_keeps_existing_answers(world):
    # The importer adds submitted responses; it never touches what respondents gave on the web.
    Response.objects.create(scan_round=world.round_a, instrument_version="1.0.0", status="submitted")
    assert ScanRound.objects.get(pk=world.round_a.pk).responses.count() == 1
    assert Organization.objects.count() == 2


def test_web_import_language_column(login, world):
    client = login(world.users["contact_a"])
    rows = [["language", "ll_1"], ["fr", 3], ["", 4], ["xx", 5]]
    html = upload(client, world.round_a, rows).content.decode()
    assert "row 4, column &#x27;language&#x27;: &#x27;xx&#x27; is not a language code" in html
    assert Response.objects.count() == 0
    assert upload(client, world.round_a, rows[:3]).status_code == 302
    assert sorted(Response.objects.values_list("language", flat=True)) == ["fr", "nl"]


def test_a_re_import_after_the_secret_key_was_rotated_is_still_refused(login, world, settings):
    client = login(world.users["consultant_a"])
    rows = [["respondent", "ll_1", "ll_2"], ["p-001", 3, 4], ["p-002", 2, 5]]
    assert upload(client, world.round_a, rows).status_code == 302
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    client = login(world.users["consultant_a"])
    html = upload(client, world.round_a, rows).content.decode()
    assert "e.g. row 2: &#x27;p-001&#x27;) was already imported into this round" in html
    assert Response.objects.filter(scan_round=world.round_a).count() == 2
    # New respondents are stored under the new key, and recognised under it next time.
    assert upload(client, world.round_a, [["respondent", "ll_1"], ["p-003", 4]]).status_code == 302
    html = upload(client, world.round_a, [["respondent", "ll_1"], ["p-003", 4]]).content.decode()
    assert "respondent &#x27;p-003&#x27; was already imported into this round" in html
    assert Response.objects.filter(scan_round=world.round_a).count() == 3


def test_no_import_into_a_round_whose_results_are_out(login, world):
    from leerscan.surveys.models import ScanRound
    from leerscan.surveys.results import summarize_round

    client = login(world.users["consultant_a"])
    rows = [["ll_1", "ll_2"]] + [[3, 4]] * 5
    assert upload(client, world.round_a, rows).status_code == 302
    ScanRound.objects.filter(pk=world.round_a.pk).update(status=ScanRound.Status.CLOSED)
    world.round_a.refresh_from_db()
    assert summarize_round(world.round_a).shown  # the round page shows its averages now
    refused = upload(client, world.round_a, [["ll_1", "ll_2"], [1, 1]])
    assert refused.url == f"/manage/rounds/{world.round_a.pk}/"  # refused before reading the file, and why:
    page = client.get(refused.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The results of this round are already out, so it takes no more answers" in page
    assert Response.objects.filter(scan_round=world.round_a).count() == 5
    page = client.post(
        f"/manage/rounds/{world.round_a.pk}/status/",
        {"action": "reopen"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    ).content.decode()
    assert "The results of this round are already out, so it takes no more answers" in page
