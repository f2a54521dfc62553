"""The workspace's analysis is made once per data version, by a background job, and read from the
database after that; new data gives a new version and a fresh analysis."""

import io

import pytest
from django.core.management import call_command

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job
from leerscan.jobs.registry import JobRefused
from leerscan.research import cache, report
from leerscan.research.data import Filters
from leerscan.research.jobs import ANALYSIS, TOO_FEW
from leerscan.research.models import CachedAnalysis
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import run_jobs
from tests.research.conftest import visit

pytestmark = pytest.mark.django_db


def analysis_jobs():
    return Job.objects.filter(kind=ANALYSIS.name)


@pytest.fixture
def analyses(monkeypatch):
    """Counts the analyses really computed (the job's call of ``run_analysis``)."""
    calls = []
    run = report.run_analysis

    def counted(*args, **kwargs):
        calls.append(args)
        return run(*args, **kwargs)

    monkeypatch.setattr(report, "run_analysis", counted)
    return calls


def new_round(programme, status=ScanRound.Status.CLOSED, n=12, seed=31, wave=2):
    organization = programme.organizations["Bouwbedrijf Alfa"]
    scan_round = ScanRound.objects.create(
        organization=organization, wave=wave, instrument_version=get_instrument().version, status=status
    )
    answers = generate_respondents(get_instrument(), n, 1, seed=seed).drop(
        columns=["respondent", "organization"]
    )
    store_submitted_responses(scan_round, answers, Response.Source.IMPORT)
    return scan_round


def test_the_first_visit_starts_the_analysis_and_shows_its_progress(programme, evaluator):
    page = evaluator.get("/research/?lot=2")
    assert page.status_code == 200
    job = page.context["job"]
    assert job.kind == ANALYSIS.name and job.status == Job.Status.QUEUED
    html = page.content.decode()
    assert "The figures of this selection are being calculated" in html
    assert f'hx-get="/research/analysis/{job.id}/progress/"' in html and "htmx.min.js" in html
    assert "Table 3" not in html and "Report (PDF)" not in html
    # a second person (or a reload) while it runs: the same job, not another one
    again = evaluator.get("/research/?lot=2")
    assert again.context["job"].id == job.id and analysis_jobs().count() == 1

    progress = evaluator.get(f"/research/analysis/{job.id}/progress/")
    assert progress.status_code == 200 and "HX-Refresh" not in progress
    assert 'hx-trigger="every 500ms"' in progress.content.decode()
    run_jobs()
    done = evaluator.get(f"/research/analysis/{job.id}/progress/")
    assert done["HX-Refresh"] == "true" and "hx-get" not in done.content.decode()
    page = evaluator.get("/research/?lot=2")
    assert "job" not in page.context and "Table 3" in page.content.decode()


def test_a_second_visit_with_unchanged_data_reads_the_cache(programme, evaluator, analyses):
    first = visit(evaluator, "?lot=2")
    assert len(analyses) == 1 and analysis_jobs().count() == 1
    for _ in range(2):
        again = evaluator.get("/research/?lot=2")
        assert "job" not in again.context
    assert len(analyses) == 1 and analysis_jobs().count() == 1  # nothing computed, no job started
    assert again.content.decode().count("<table") == first.content.decode().count("<table") > 5
    assert again.context["reliability"] == first.context["reliability"]
    # the downloads read the same cache
    for url in ("/research/tables/all.zip?lot=2", "/research/tables/reliability.csv?lot=2"):
        assert evaluator.get(url).status_code == 200
    assert "Table 3." in evaluator.get("/research/report.html?lot=2").content.decode()
    assert len(analyses) == 1 and CachedAnalysis.objects.count() == 1
    # another selection, or another language, is another analysis
    visit(evaluator, "?lot=1")
    evaluator.get("/research/?lot=2", HTTP_ACCEPT_LANGUAGE="fr")
    assert analysis_jobs().count() == 3


def test_new_data_gives_a_new_version_and_a_fresh_analysis(programme, evaluator, analyses):
    before = visit(evaluator, "?lot=1")
    n = before.context["n"]
    version = CachedAnalysis.objects.get().version

    new_round(programme, status=ScanRound.Status.OPEN)  # open: not in the figures, nothing to compute
    page = evaluator.get("/research/?lot=1")
    assert "job" not in page.context and page.context["n"] == n
    assert "12 respondents are left out because their scan rounds are not closed yet" in page.content.decode()

    closed = new_round(programme, seed=32, wave=3)  # a new closed round: new data
    page = evaluator.get("/research/?lot=1")
    assert page.context["job"] is not None and page.context["n"] == n + 12
    run_jobs()
    page = evaluator.get("/research/?lot=1")
    assert page.context["organizations"] == 1 and page.context["n"] == n + 12
    assert len(analyses) == 2
    assert list(CachedAnalysis.objects.values_list("version", flat=True)) != [version]  # the old one went
    assert CachedAnalysis.objects.count() == 1

    closed.anonymity_threshold = 13  # the round now falls under its own threshold: out again
    closed.save()
    page = visit(evaluator, "?lot=1")
    assert page.context["n"] == n and len(analyses) == 3


def test_the_version_follows_what_the_analysis_reads(programme, settings):
    everything = Filters()
    version, n = cache.data_version(everything, "en")
    assert (version, n) == cache.data_version(everything, "en") and n == len(programme.answers)
    assert cache.data_version(everything, "nl")[0] != version
    assert cache.data_version(Filters(lot=2), "en")[0] != version
    assert cache.data_version(Filters(sector="metaal"), "en") == cache.data_version(
        Filters(sector="Metaal"), "en"
    )
    Response.objects.create(scan_round=programme.rounds[0], instrument_version="1.0.0")  # not submitted
    assert cache.data_version(everything, "en")[0] == version
    settings.LEERSCAN_ANONYMITY_THRESHOLD = 6
    assert cache.data_version(everything, "en")[0] != version
    settings.LEERSCAN_ANONYMITY_THRESHOLD = 5
    ScanRound.objects.filter(pk=programme.rounds[4].pk).update(wave=4)
    assert cache.data_version(everything, "en")[0] != version


def test_the_cache_keeps_display_ready_figures_only(programme, evaluator):
    visit(evaluator, "?lot=2")
    content = CachedAnalysis.objects.get().content
    assert {"reliability", "correlations", "regressions", "agreement", "waves", "notes"} <= set(content)
    assert "frame" not in content and "left_out" not in content
    text = str(content)
    for organization in programme.organizations.values():
        assert organization.name not in text
    assert "ORG-" not in text


def test_a_failed_analysis_says_so_and_can_be_started_again(programme, evaluator, monkeypatch):
    compute = cache.compute

    def refuse(*args, **kwargs):
        raise JobRefused(TOO_FEW, n=3, threshold=5)

    monkeypatch.setattr(cache, "compute", refuse)
    page = visit(evaluator, "?lot=2")
    html = page.content.decode()
    assert page.context["job"].status == Job.Status.FAILED
    assert 'data-testid="analysis-failed"' in html and "Too few respondents match these filters" in html
    assert "Calculate again" in html
    assert analysis_jobs().count() == 1  # a visit shows the failure; it does not start a job again
    evaluator.get("/research/?lot=2")
    assert analysis_jobs().count() == 1

    monkeypatch.setattr(cache, "compute", compute)
    for _ in range(2):  # a double click starts one job
        response = evaluator.post("/research/analysis/retry/", {"lot": "2"})
        assert response.status_code == 302 and response["Location"] == "/research/?lot=2"
    assert analysis_jobs().count() == 2
    page = visit(evaluator, "?lot=2")
    assert "job" not in page.context and "Table 3" in page.content.decode()


def test_the_progress_of_an_analysis_is_for_the_workspace_only(programme, client):
    client.force_login(programme.users["programme"])
    job = client.get("/research/").context["job"]
    client.force_login(programme.users["admin"])  # the figures are everybody's in the workspace
    assert client.get(f"/research/analysis/{job.id}/progress/").status_code == 200
    client.force_login(programme.users["contact"])
    assert client.get(f"/research/analysis/{job.id}/progress/").status_code == 403
    client.force_login(programme.users["programme"])
    other = Job.objects.create(kind="research.export", owner=programme.users["admin"])
    assert client.get(f"/research/analysis/{other.id}/progress/").status_code == 404


def test_the_command_fills_the_cache_the_page_reads(programme, evaluator, analyses, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("analyze", "--lot", "2", "--no-pdf", "--language", "en", "--out", str(tmp_path / "a"),
                 stdout=out, stderr=err)  # fmt: skip
    assert "analyze" in err.getvalue() and len(analyses) == 1
    page = evaluator.get("/research/?lot=2")
    assert "job" not in page.context and "Table 3" in page.content.decode()
    call_command("analyze", "--lot", "2", "--no-pdf", "--no-progress", "--language", "en",
                 "--out", str(tmp_path / "b"), stdout=out)  # fmt: skip
    assert len(analyses) == 1  # unchanged data: read, not computed
    assert (tmp_path / "a" / "reliability.csv").read_bytes() == (
        tmp_path / "b" / "reliability.csv"
    ).read_bytes()
