"""Own norms at their most specific level: same sector and size, then same sector only.

Each test builds other organizations and checks which comparison group the report uses and what it
says about it (level, number of organizations and respondents), on the page and in the PDF.
"""

import io

import pandas as pd
import pytest
from django.utils import translation
from pypdf import PdfReader

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.organizations.models import Organization, SizeClass
from leerscan.reports.build import benchmark_label, build_report
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import close_round, report_pdf

pytestmark = pytest.mark.django_db

SECTOR, SIZE = "Bouw", SizeClass.FROM_5


def add_responses(scan_round, n, seed):
    frame = generate_respondents(get_instrument(), n, 1, seed=seed).drop(
        columns=["respondent", "organization"]
    )
    store_submitted_responses(scan_round, frame, Response.Source.SYNTHETIC)
    close_round(scan_round)
    return frame


def other(name, sector, size, n, seed, wave=1):
    """Another organization with one closed round of ``n`` submitted questionnaires."""
    organization = Organization.objects.filter(name=name).first() or Organization.objects.create(
        name=name, sector=sector, size_class=size
    )
    scan_round = ScanRound.objects.create(
        organization=organization, wave=wave, instrument_version="1.0.0", status=ScanRound.Status.CLOSED
    )
    return add_responses(scan_round, n, seed)


@pytest.fixture
def reported(world, settings):
    """Bakkerij A (construction, 5-19 employees) with 10 answers; own norms from 3 organizations on."""
    settings.LEERSCAN_NORM_MIN_ORGANIZATIONS = 3
    Organization.objects.filter(pk=world.org_a.pk).update(sector=SECTOR, size_class=SIZE)
    world.org_a.refresh_from_db()
    add_responses(world.round_a, 10, seed=50)
    return world


def english_label(benchmark):
    with translation.override("en"):
        return benchmark_label(benchmark)


def pdf_text(client, scan_round):
    response = report_pdf(client, scan_round.pk, language="en")
    assert response.status_code == 200
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


def test_sector_and_size_norms_are_used_when_enough_similar_organizations_take_part(reported, login):
    same = [other(f"Same {i}", SECTOR, SIZE, 5 + i, seed=60 + i) for i in range(3)]
    other("Bigger", SECTOR, SizeClass.FROM_50, 9, seed=70)  # same sector, other size: not pooled
    other("Elsewhere", "Metaal", SIZE, 8, seed=71)  # same size, other sector: not pooled
    other("Too small", SECTOR, SIZE, 4, seed=72)  # under its threshold: never pooled

    report = build_report(reported.round_a, "en")
    benchmark = report.benchmark
    assert (benchmark.kind, benchmark.level) == ("own", "sector_size")
    assert (benchmark.organizations, benchmark.respondents) == (3, 5 + 6 + 7)
    assert (benchmark.sector, benchmark.size_class) == (SECTOR, SIZE)
    pooled = score_responses(pd.concat(same, ignore_index=True), get_instrument())
    for row in report.rows:
        assert row.benchmark_mean == pytest.approx(pooled[row.key].mean(), abs=1e-12)
        assert row.benchmark_sd == pytest.approx(pooled[row.key].std(ddof=1), abs=1e-12)

    label = "18 employees of 3 organizations in leerscan (Bouw, 5 to 19 employees)"
    assert english_label(benchmark) == label
    client = login(reported.users["consultant_a"])
    html = client.get(f"/manage/rounds/{reported.round_a.pk}/report/", {"language": "en"}).content.decode()
    assert html.count(label) >= 2  # "Compared with" at the top and the benchmark's source in the appendix
    assert label in pdf_text(client, reported.round_a)


def test_sector_only_norms_when_too_few_organizations_share_the_size(reported, login):
    # an organization counts with its most recent qualifying round only: not this earlier one
    other("Smaller", SECTOR, SizeClass.FROM_2, 12, seed=84, wave=1)
    sector_rounds = [
        other("Same size", SECTOR, SIZE, 6, seed=80),
        other("Smaller", SECTOR, SizeClass.FROM_2, 7, seed=81, wave=2),
        other("Larger", SECTOR, SizeClass.FROM_20, 5, seed=82),
    ]
    other("Same size elsewhere", "Metaal", SIZE, 9, seed=83)  # shares the size, not the sector

    report = build_report(reported.round_a, "en")
    benchmark = report.benchmark
    assert (benchmark.kind, benchmark.level) == ("own", "sector")
    assert (benchmark.organizations, benchmark.respondents) == (3, 6 + 7 + 5)
    assert (benchmark.sector, benchmark.size_class) == (SECTOR, None)
    pooled = score_responses(pd.concat(sector_rounds, ignore_index=True), get_instrument())
    row = next(row for row in report.climate if row.key == "learning_opportunities")
    assert row.benchmark_mean == pytest.approx(pooled["learning_opportunities"].mean(), abs=1e-12)

    label = "18 employees of 3 organizations in leerscan (Bouw)"
    assert english_label(benchmark) == label
    client = login(reported.users["contact_a"])
    html = client.get(f"/manage/rounds/{reported.round_a.pk}/report/", {"language": "en"}).content.decode()
    assert label in html and "5 to 19 employees)" not in html
    assert label in pdf_text(client, reported.round_a)
    # the published survey stays available as the other choice
    assert [b.kind for b in report.benchmarks] == ["own", "published"]


def test_a_sector_typed_in_another_case_or_spacing_still_matches(reported):
    for number, written in enumerate((SECTOR.upper(), f" {SECTOR.lower()}  ", SECTOR)):
        other(f"Same {number}", written, SIZE, 5, seed=80 + number)
    benchmark = build_report(reported.round_a, "en").benchmark
    assert (benchmark.level, benchmark.organizations) == ("sector_size", 3)
