"""Research figures, exports and norms use closed rounds only; an impossible alpha is explained."""

import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.db.models import F

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.organizations.models import Organization
from leerscan.reports.norms import own_benchmark
from leerscan.surveys.models import Answer, Response, ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.research.conftest import export_file, visit


def round_with_answers(name, status, n=30, seed=7):
    organization = Organization.objects.create(name=name, sector="Bouw", size_class=3)
    scan_round = ScanRound.objects.create(
        organization=organization, wave=1, instrument_version=get_instrument().version, status=status
    )
    answers = generate_respondents(get_instrument(), n, 1, seed=seed).drop(
        columns=["respondent", "organization"]
    )
    store_submitted_responses(scan_round, answers, Response.Source.IMPORT)
    return scan_round


@pytest.mark.parametrize("status", [ScanRound.Status.DRAFT, ScanRound.Status.OPEN])
def test_answers_of_a_round_not_closed_stay_out_of_research(programme, evaluator, tmp_path, status):
    before = visit(evaluator).context["n"]
    draft = round_with_answers("Nog Niet Open", status)
    page = evaluator.get("/research/")
    assert "job" not in page.context  # the figures did not change: nothing is computed again
    html = page.content.decode()
    assert page.context["n"] == before  # the 30 answers are not in the figures
    assert "30 respondents are left out because their scan rounds are not closed yet" in html
    assert ScanRound.objects.get(pk=draft.pk).results_shown_at is None  # it can still take answers
    assert ScanRound.objects.get(pk=programme.rounds[0].pk).results_shown_at is not None  # used: fixed
    out = io.StringIO()
    call_command("export", format="csv", level="items", out=str(tmp_path / "x.csv"), stdout=out)
    assert len(pd.read_csv(tmp_path / "x.csv")) == before
    assert "Left out: 30 respondent(s) of 1 scan round(s) that are not closed" in out.getvalue()
    out = io.StringIO()
    call_command("analyze", out=str(tmp_path / "a"), no_pdf=True, no_progress=True, stdout=out)
    assert f"Analysed {before} respondents" in out.getvalue() and "not closed" in out.getvalue()
    export = export_file(evaluator, format="csv", level="items")
    assert len(pd.read_csv(io.BytesIO(export.content))) == before


@pytest.mark.django_db
def test_norms_use_closed_rounds_only(world):
    for number in range(3):
        round_with_answers(f"Open {number}", ScanRound.Status.OPEN, n=10, seed=number)
    assert own_benchmark(world.org_a, minimum=3) is None
    ScanRound.objects.filter(organization__name__startswith="Open").update(status=ScanRound.Status.CLOSED)
    assert own_benchmark(world.org_a, minimum=3).organizations == 3


def test_a_negative_alpha_gets_a_plain_note(programme, evaluator, tmp_path):
    # ll_2 scored the wrong way round: the three learning-leadership items no longer hang together
    Answer.objects.filter(question_id="ll_2").update(number=6 - F("number"))
    Answer.objects.filter(question_id="ll_3").update(number=6 - F("number"))
    page = visit(evaluator)
    html = page.content.decode()
    row = next(r for r in page.context["reliability"] if r.get("key") == "learning_leadership")
    assert row["alpha_value"] < 0
    assert 'data-testid="implausible-alpha"' in html
    assert "Learning leadership: Cronbach&#x27;s alpha is " in html and "do not hang together" in html
    assert "do not hang together" in evaluator.get("/research/report.html").content.decode()
    out = io.StringIO()
    call_command("analyze", out=str(tmp_path / "a"), no_pdf=True, no_progress=True, stdout=out)
    assert "Warning: Learning leadership: Cronbach's alpha is" in out.getvalue()
