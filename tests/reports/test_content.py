"""The advice file: the shipped one is complete, a consultant's mistakes are listed clearly, and a file
that cannot be used leaves the report without that content (with a notice) instead of breaking it."""

import io
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from leerscan.analytics.synthetic import generate_respondents
from leerscan.core.content import LANGUAGES, ContentFileError
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.maturity.services import save_assessment
from leerscan.reports.content import CONDITIONS, get_advice, parse_advice
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import close_round, report_pdf


def test_shipped_advice_covers_every_condition_in_every_language():
    advice = get_advice()
    assert set(advice.conditions) == set(CONDITIONS)
    for key in CONDITIONS:
        for language in LANGUAGES:
            assert advice.why(key, language)
            assert len(advice.suggestions(key, language)) >= 3
            assert advice.questions(key, language)
    assert advice.general("fr")


def test_problems_in_an_edited_file_are_all_listed():
    data = yaml.safe_load(Path(settings.LEERSCAN_ADVICE_FILE).read_text(encoding="utf-8"))
    del data["conditions"]["knowledge_sharing"]
    data["conditions"]["room_and_time"]["suggestions"][1].pop("de")
    data["conditions"]["learning_leadrship"] = data["conditions"]["learning_leadership"]
    with pytest.raises(ContentFileError) as error:
        parse_advice(yaml.safe_dump(data, allow_unicode=True), Path("advice.yaml"))
    assert error.value.problems == [
        "conditions.room_and_time.suggestions 2: the 'de' text is missing",
        "conditions.knowledge_sharing: missing",
        "conditions.learning_leadrship: unknown condition (known: " + ", ".join(CONDITIONS) + ")",
    ]


def test_broken_yaml_names_the_line():
    with pytest.raises(ContentFileError, match="line 2: not valid YAML"):
        parse_advice('conditions:\n  why: "unclosed\n', Path("advice.yaml"))


def test_check_advice_command(tmp_path, settings):
    out = StringIO()
    call_command("report", check_advice=True, stdout=out)
    assert "OK (6 conditions)" in out.getvalue()
    broken = tmp_path / "advice.yaml"
    broken.write_text("conditions: {}\ngeneral_questions: []\n", encoding="utf-8")
    settings.LEERSCAN_ADVICE_FILE = str(broken)
    with pytest.raises(CommandError, match="conditions.learning_leadership: missing"):
        call_command("report", check_advice=True)


# --- a file that cannot be used: the report still renders, says so, and the details are logged ------


def _synthetic(scan_round, n, seed):
    answers = generate_respondents(get_instrument(), n, 1, seed=seed).drop(
        columns=["respondent", "organization"]
    )
    store_submitted_responses(scan_round, answers, Response.Source.SYNTHETIC)
    close_round(scan_round)
    return answers


ADVICE_NOTICE = "the file with the advice has an error"
PROFILES_NOTICE = "the file with the profile texts has an error"


def test_a_missing_content_file_is_a_content_file_error(tmp_path, settings):
    settings.LEERSCAN_ADVICE_FILE = str(tmp_path / "nowhere.yaml")
    with pytest.raises(ContentFileError) as error:
        get_advice()
    assert error.value.problems == ["the file does not exist"]
    assert error.value.path == tmp_path / "nowhere.yaml"
    settings.LEERSCAN_ADVICE_FILE = str(tmp_path)  # a folder, not a file
    with pytest.raises(ContentFileError, match="cannot be read"):
        get_advice()
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("conditions: {caf\xe9: 1}\n".encode("latin-1"))
    settings.LEERSCAN_ADVICE_FILE = str(latin)
    with pytest.raises(ContentFileError, match="not UTF-8"):
        get_advice()


def test_check_advice_reports_a_missing_file_without_a_traceback(tmp_path, settings):
    settings.LEERSCAN_ADVICE_FILE = str(tmp_path / "missing.yaml")
    with pytest.raises(
        CommandError, match=r"advice file has problems:\n  .*missing.yaml\n  the file does not exist"
    ):
        call_command("report", check_advice=True)


@pytest.fixture
def typo_in_advice(tmp_path, settings):
    """The shipped advice file with a consultant's typo in a condition's name."""
    data = yaml.safe_load(Path(settings.LEERSCAN_ADVICE_FILE).read_text(encoding="utf-8"))
    data["conditions"]["learning_leadrship"] = data["conditions"].pop("learning_leadership")
    broken = tmp_path / "advice.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.LEERSCAN_ADVICE_FILE = str(broken)
    return broken


@pytest.mark.django_db
def test_the_report_page_and_pdf_render_without_advice_when_the_advice_file_is_broken(
    world, login, typo_in_advice, caplog
):
    answers = _synthetic(world.round_a, 12, seed=41)
    client = login(world.users["consultant_a"])
    with caplog.at_level("ERROR", logger="leerscan.reports.build"):
        response = client.get(f"/manage/rounds/{world.round_a.pk}/report/", {"language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ADVICE_NOTICE in html and 'data-testid="advice"' not in html
    assert "Questions for the follow-up session" not in html  # the questions come from the same file
    mean = score_responses(answers, get_instrument())["knowledge_sharing"].mean()
    assert f"{mean:.2f}" in html  # the scores are all there
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert str(typo_in_advice) in logged and "learning_leadrship: unknown condition" in logged

    pdf = report_pdf(client, world.round_a.pk, language="en")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert ADVICE_NOTICE in " ".join(text.split())


@pytest.mark.django_db
def test_the_report_command_writes_the_report_without_advice_and_warns(world, tmp_path, settings):
    settings.LEERSCAN_ADVICE_FILE = str(tmp_path / "gone.yaml")
    _synthetic(world.round_a, 9, seed=42)
    out, err = StringIO(), StringIO()
    call_command(
        "report",
        organization="Bakkerij A",
        round=1,
        format="html",
        language="en",
        out=str(tmp_path / "r.html"),
        stdout=out,
        stderr=err,
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert ADVICE_NOTICE in html and "Learning climate report" in html
    assert "advice file has problems" in err.getvalue() and "the file does not exist" in err.getvalue()
    assert "gone.yaml" in err.getvalue()
    assert "-> " in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("respondents", [0, 12])
def test_a_broken_profiles_file_leaves_out_only_the_maturity_section(
    world, login, tmp_path, settings, caplog, respondents
):
    basis = {item: 4 for item in get_instrument("maturity").scale("basis").items}
    save_assessment(world.org_a, "owner", {**basis, "employees": 30, "training_plan": 3}, None, True)
    if respondents:
        _synthetic(world.round_a, respondents, seed=43)
    ScanRound.objects.filter(pk=world.round_a.pk).update(status=ScanRound.Status.CLOSED)
    client = login(world.users["contact_a"])
    html = client.get(f"/manage/rounds/{world.round_a.pk}/report/", {"language": "en"}).content.decode()
    assert 'data-testid="maturity"' in html and PROFILES_NOTICE not in html

    broken = tmp_path / "profiles.yaml"
    broken.write_text("profiles:\n  basis: {label: 'unclosed\n", encoding="utf-8")
    settings.LEERSCAN_PROFILES_FILE = str(broken)
    with caplog.at_level("ERROR", logger="leerscan.reports.build"):
        response = client.get(f"/manage/rounds/{world.round_a.pk}/report/", {"language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert PROFILES_NOTICE in html and 'data-testid="maturity"' not in html
    assert ("Not enough responses yet" in html) == (respondents == 0)
    assert ('data-testid="advice"' in html) == bool(respondents)  # the advice is still there
    assert str(broken) in " ".join(record.getMessage() for record in caplog.records)
    pdf = report_pdf(client, world.round_a.pk, language="en")
    assert pdf.status_code == 200

    settings.LEERSCAN_PROFILES_FILE = str(tmp_path / "missing.yaml")
    html = client.get(f"/manage/rounds/{world.round_a.pk}/report/", {"language": "en"}).content.decode()
    assert PROFILES_NOTICE in html
