"""The organization report: its numbers, anonymity, benchmarks, two rounds, languages, PDF and access."""

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from scipy import stats

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.instrument.scoring import score_responses
from leerscan.jobs.models import Job
from leerscan.organizations.models import Organization
from leerscan.reports.build import build_report, role_breakdown
from leerscan.reports.content import CONDITIONS, get_advice
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import ResultsShownError, store_submitted_responses
from tests.conftest import close_round as close
from tests.conftest import report_pdf

CLIMATE = CONDITIONS


def add_responses(scan_round, n, seed, roles=None):
    """Store ``n`` synthetic questionnaires in ``scan_round``; returns their answers."""
    frame = generate_respondents(get_instrument(), n, 1, seed=seed).drop(
        columns=["respondent", "organization"]
    )
    if roles is not None:
        frame["role"] = roles
    store_submitted_responses(scan_round, frame, Response.Source.SYNTHETIC)
    close(scan_round)
    return frame


def two_decimals(value):
    """As the report prints a number in English (rounding half up, like Django's floatformat)."""
    with translation.override("en"):
        return str(floatformat(value, 2))


def page(client, scan_round, **params):
    response = client.get(f"/manage/rounds/{scan_round.pk}/report/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_report_numbers_equal_the_scoring_module(world, login):
    answers = add_responses(world.round_a, 40, seed=3)
    expected = score_responses(answers, get_instrument())
    report = build_report(world.round_a, "en")
    assert report.shown and report.respondents == 40
    assert {row.key for row in report.climate} == set(CLIMATE)
    for row in report.rows:
        assert row.estimate.mean == pytest.approx(expected[row.key].mean(), abs=1e-12)
        assert row.estimate.n == expected[row.key].notna().sum()
        share = (expected[row.key].dropna() >= 3.5).mean() if row in report.climate else None
        assert row.agree_share == (pytest.approx(share) if share is not None else None)
    html = page(login(world.users["consultant_a"]), world.round_a, language="en")
    for key in CLIMATE:  # each score in its own row: score, then the interval's ends
        cells = row_cells(html, key)
        assert cells[0] == two_decimals(expected[key].mean())
        low, high = stats.t.interval(
            0.95, expected[key].count() - 1, expected[key].mean(), expected[key].sem()
        )
        assert cells[1] == f"{two_decimals(low)} – {two_decimals(high)}"
    assert "40 people answered" in html
    assert "That is more than the 10 people you expected." in html  # 40 came, 10 were expected


def row_cells(html, key):
    """The texts of the cells of the report table row of scale ``key`` (the first table showing it)."""
    row = re.search(rf'<tr data-scale="{key}">(.*?)</tr>', html, flags=re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    ]


REFERENCE = pd.read_csv(
    Path(__file__).resolve().parents[2] / "leerscan/analytics/data/kmo-vlaanderen-2024-descriptives.csv",
    comment="#",
).set_index("key")


@pytest.mark.django_db
def test_strongest_and_attention_are_judged_against_the_benchmark(world):
    answers = add_responses(world.round_a, 30, seed=5)
    report = build_report(world.round_a, "en")
    # By hand: the organization's mean minus the published mean, in published SDs (table 3).
    scores = score_responses(answers, get_instrument())
    gap = {
        key: (scores[key].mean() - REFERENCE.loc[key, "mean"]) / REFERENCE.loc[key, "sd"] for key in CLIMATE
    }
    ordered = sorted(CLIMATE, key=gap.get)
    assert [row.key for row in report.strongest] == ordered[::-1][:2]
    assert [row.key for row in report.attention] == ordered[:2]
    for row in report.climate:
        assert row.difference == pytest.approx(gap[row.key], abs=1e-9)
    advice = get_advice()
    assert [item["row"].key for item in report.advice] == ordered[:2]
    assert report.advice[0]["suggestions"] == advice.suggestions(ordered[0], "en")
    assert len(report.summary) == 3
    assert report.attention[0].label.lower() in report.summary[2].lower()


@pytest.mark.django_db
@pytest.mark.parametrize("retention_answer", [1, 5])
def test_intention_to_leave_above_the_benchmark_counts_as_weaker(world, retention_answer):
    answers = generate_respondents(get_instrument(), 30, 1, seed=5).drop(
        columns=["respondent", "organization"]
    )
    answers[["ret_1", "ret_2", "ret_3"]] = retention_answer
    answers["ret_2"] = 6 - retention_answer  # ret_2 is worded the other way round
    store_submitted_responses(world.round_a, answers, Response.Source.SYNTHETIC)
    close(world.round_a)
    report = build_report(world.round_a, "en")
    [row] = [row for row in report.outcomes if row.key == "intention_to_leave"]
    mean = score_responses(answers, get_instrument())["intention_to_leave"].mean()
    # A HIGH score is a LOW intention to stay (the seed's note to table 3): above the benchmark is weaker.
    by_hand = (mean - REFERENCE.loc["intention_to_leave", "mean"]) / REFERENCE.loc["intention_to_leave", "sd"]
    assert abs(by_hand) >= 0.5
    assert row.words == ("clearly_lower" if by_hand > 0 else "clearly_higher")


@pytest.mark.django_db
def test_a_round_under_the_threshold_shows_only_the_count(world, login):
    add_responses(world.round_a, 4, seed=1)
    html = page(login(world.users["contact_a"]), world.round_a, language="en")
    assert "Not enough responses yet" in html and "4 people have answered" in html
    instrument = get_instrument()
    for scale in instrument.scales:
        assert translate(scale.label, "en") not in html
    assert "report.pdf" not in html


@pytest.mark.django_db
def test_roles_are_compared_only_when_every_group_reaches_the_threshold(world, login):
    # 6 managers, 6 employees and 2 people without a role: showing managers and employees next to
    # the total would reveal the two others' average, so nothing is split.
    add_responses(world.round_a, 14, seed=2, roles=[3] * 6 + [1] * 6 + [np.nan] * 2)
    report = build_report(world.round_a, "en")
    assert report.role_counts is None and not report.roles_compared
    assert all(row.managers is None and row.employees is None for row in report.rows)
    html = page(login(world.users["contact_a"]), world.round_a, language="en")
    assert "Managers (team leaders" not in html and "Role not given" not in html
    assert "and so are the people who did not give their role (if any)." in html

    add_responses(world.round_b, 12, seed=2, roles=[3] * 6 + [1] * 6)
    report = build_report(world.round_b, "en")
    assert report.role_counts == {"managers": 6, "employees": 6, "unknown": 0}
    assert all(row.managers is not None for row in report.climate)


@settings(max_examples=60, deadline=None)
@given(
    managers=st.integers(0, 12),
    employees=st.integers(0, 12),
    unknown=st.integers(0, 8),
    threshold=st.integers(3, 7),
    missing=st.lists(st.booleans(), min_size=32, max_size=32),
)
def test_role_breakdown_never_reveals_a_group_under_the_threshold(
    managers, employees, unknown, threshold, missing
):
    n = managers + employees + unknown
    groups = pd.Series(["managers"] * managers + ["employees"] * employees + ["unknown"] * unknown)
    rng = np.random.default_rng(n)
    scores = pd.DataFrame({"a": rng.uniform(1, 5, n), "b": rng.uniform(1, 5, n)})
    scores.loc[[i for i in range(n) if missing[i]], "b"] = np.nan  # people who skipped scale b
    counts, means = role_breakdown(scores, groups, threshold)
    if counts is not None:
        assert all(size == 0 or size >= threshold for size in counts.values())
    for key in means:
        answered = scores[key].notna()
        for name in ("managers", "employees", "unknown"):
            size = int((answered & (groups == name)).sum())
            # every group whose average could be shown or worked out by subtraction
            assert size == 0 or size >= threshold
        assert counts is not None


@pytest.mark.django_db
def test_two_rounds_show_the_change_with_an_interval(world, login):
    answers = add_responses(world.round_a, 30, seed=8)
    later_round = ScanRound.objects.create(
        organization=world.org_a, wave=2, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )
    later = add_responses(later_round, 28, seed=9)
    report = build_report(later_round, "en")
    assert report.previous == world.round_a
    instrument = get_instrument()
    before, after = score_responses(answers, instrument), score_responses(later, instrument)
    row = next(row for row in report.climate if row.key == "learning_leadership")
    assert row.change.comparison.mean_diff == pytest.approx(
        after["learning_leadership"].mean() - before["learning_leadership"].mean(), abs=1e-12
    )
    assert row.change.comparison.ci_low < row.change.comparison.mean_diff < row.change.comparison.ci_high
    assert report.previous_warnings == []
    html = page(login(world.users["consultant_a"]), later_round, language="en")
    assert "Change since scan round 1" in html
    assert ("no clear change" in html) or ("a real" in html)


@pytest.mark.django_db
def test_very_different_rounds_get_a_warning(world, login):
    add_responses(world.round_a, 40, seed=8)
    later_round = ScanRound.objects.create(
        organization=world.org_a, wave=2, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )
    add_responses(later_round, 8, seed=9)
    report = build_report(later_round, "en")
    assert {"size_ratio", "small"} <= set(report.previous_warnings)
    html = page(login(world.users["consultant_a"]), later_round, language="en")
    assert "very different numbers of respondents" in html


@pytest.mark.django_db
def test_own_norms_replace_the_published_benchmark_when_enough_organizations_take_part(world, settings):
    settings.LEERSCAN_NORM_MIN_ORGANIZATIONS = 3
    add_responses(world.round_a, 10, seed=1)
    others = []
    for number in range(3):
        organization = Organization.objects.create(name=f"Other {number}", sector="Bouw")
        scan_round = ScanRound.objects.create(
            organization=organization, wave=1, instrument_version="1.0.0", status=ScanRound.Status.OPEN
        )
        others.append(add_responses(scan_round, 5 + number, seed=20 + number))
    report = build_report(world.round_a, "en")
    assert report.benchmark.kind == "own"
    assert (report.benchmark.organizations, report.benchmark.respondents) == (3, 18)
    pooled = score_responses(pd.concat(others, ignore_index=True), get_instrument())
    row = next(row for row in report.climate if row.key == "knowledge_sharing")
    assert row.benchmark_mean == pytest.approx(pooled["knowledge_sharing"].mean(), abs=1e-12)
    with translation.override("en"):
        from leerscan.reports.build import benchmark_label

        assert benchmark_label(report.benchmark) == "18 employees of 3 organizations in leerscan"
    assert build_report(world.round_a, "en", "published").benchmark.respondents == 95

    settings.LEERSCAN_NORM_MIN_ORGANIZATIONS = 4
    assert build_report(world.round_a, "en").benchmark.kind == "published"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en", "fr", "de"])
def test_every_language_renders_translated(world, login, language):
    add_responses(world.round_a, 12, seed=4)
    html = page(login(world.users["contact_a"]), world.round_a, language=language)
    report = build_report(world.round_a, language)
    with translation.override(language):
        title = translation.gettext("Learning climate report")
        heading = translation.gettext("Questions for the follow-up session")
    if language != "en":
        assert title != "Learning climate report" and heading != "Questions for the follow-up session"
    assert title in html and heading in html
    assert f'lang="{language}"' in html
    for row in report.climate:
        assert escape(translate(row.scale.label, language)) in html
    for suggestion in report.advice[0]["suggestions"]:
        assert escape(suggestion) in html


@pytest.mark.django_db
def test_report_is_in_the_organizations_language_by_default(world, login):
    add_responses(world.round_b, 6, seed=4)  # Garage B speaks French
    html = page(login(world.users["contact_b"]), world.round_b)
    assert 'lang="fr"' in html
    with translation.override("fr"):
        assert translation.gettext("Learning climate report") in html


@pytest.mark.django_db
def test_pdf_contains_the_conditions_and_the_scores(world, login):
    answers = add_responses(world.round_a, 25, seed=6)
    response = report_pdf(login(world.users["consultant_a"]), world.round_a.pk, language="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="leerscan-bakkerij-a-wave1.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    expected = score_responses(answers, get_instrument())
    instrument = get_instrument()
    for key in CLIMATE:
        assert translate(instrument.scale(key).label, "en") in text
        assert two_decimals(expected[key].mean()) in text
    # column headers wrap within their column instead of running into the next one
    assert "agreeCompared" not in text


@pytest.mark.django_db
def test_report_command_writes_pdf_and_html(world, tmp_path):
    add_responses(world.round_a, 9, seed=7)
    out = io.StringIO()
    call_command(
        "report", organization="Bakkerij A", round=1, format="html", out=str(tmp_path / "r.html"), stdout=out
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="nl">' in html
    assert "Bakkerij A" in html and "9 mensen" in html
    call_command(
        "report", organization="Bakkerij A", round=1, format="pdf", out=str(tmp_path / "r.pdf"), stdout=out
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="No organization is called 'Nobody'"):
        call_command("report", organization="Nobody", round=1, out=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="has no scan round 3 \\(rounds: 1\\)"):
        call_command("report", organization="Bakkerij A", round=3, out=str(tmp_path / "x.pdf"))


@pytest.mark.django_db
def test_report_pages_check_access(world, login, client):
    add_responses(world.round_a, 6, seed=7)
    for view, method, allowed in (("report/", "get", 200), ("report.pdf", "post", 302)):
        url = f"/manage/rounds/{world.round_a.pk}/{view}"
        client.logout()
        assert getattr(client, method)(url).status_code == 302  # anonymous: to the login page
        assert "/accounts/login/" in getattr(client, method)(url)["Location"]
        for name in ("consultant_b", "contact_b", "provider_b"):
            assert getattr(login(world.users[name]), method)(url).status_code == 404
        assert getattr(login(world.users["no_role"]), method)(url).status_code == 403
        for name in ("consultant_a", "contact_a", "provider_a", "programme", "admin"):
            assert getattr(login(world.users[name]), method)(url).status_code == allowed
    assert Job.objects.count() == 5  # one PDF job per person allowed, none for the others


@pytest.mark.django_db
def test_html_in_names_is_escaped(world, login):
    world.org_a.name = "<script>alert(1)</script> BV"
    world.org_a.save()
    add_responses(world.round_a, 6, seed=7)
    html = page(login(world.users["contact_a"]), world.round_a, language="en")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; BV" in html


@pytest.mark.django_db
def test_a_scale_too_few_answered_in_the_earlier_round_shows_no_change(world):
    instrument = get_instrument()
    leadership = next(scale for scale in instrument.scales if scale.key == "learning_leadership")
    earlier = generate_respondents(instrument, 30, 1, seed=8).drop(columns=["respondent", "organization"])
    earlier.loc[earlier.index[3:], list(leadership.items)] = np.nan  # only 3 people answered it
    store_submitted_responses(world.round_a, earlier, Response.Source.SYNTHETIC)
    close(world.round_a)
    later_round = ScanRound.objects.create(
        organization=world.org_a, wave=2, instrument_version="1.0.0", status=ScanRound.Status.OPEN
    )
    add_responses(later_round, 28, seed=9)
    report = build_report(later_round, "en")
    rows = {row.key: row for row in report.climate}
    assert rows["learning_leadership"].change is None  # the change would give the 3 people's mean away
    assert all(rows[key].change is not None for key in CLIMATE if key != "learning_leadership")


@pytest.mark.django_db
def test_reliability_is_shown_from_10_people_who_answered_every_question_of_the_scale(world):
    add_responses(world.round_a, 9, seed=4)
    assert all(row.alpha is None for row in build_report(world.round_a, "en").rows)
    complete = generate_respondents(get_instrument(), 12, 1, seed=4).drop(
        columns=["respondent", "organization"]
    )
    complete = complete.fillna(3)
    complete.loc[complete.index[:3], "ll_3"] = np.nan  # 9 answered all three leadership questions
    store_submitted_responses(world.round_b, complete, Response.Source.SYNTHETIC)
    close(world.round_b)
    report = build_report(world.round_b, "en")
    rows = {row.key: row for row in report.rows}
    assert report.respondents == 12 and rows["learning_leadership"].estimate.n == 12
    assert rows["learning_leadership"].alpha is None  # alpha would be a figure about those 9
    others = [row for row in report.rows if len(row.scale.items) > 1 and row.key != "learning_leadership"]
    assert others and all(row.alpha is not None for row in others)


@pytest.mark.django_db
def test_an_open_round_shows_only_its_count_and_a_shown_round_takes_no_more_answers(world, login):
    """Saving the report at 5 answers and again at 6 would give the sixth person's scores
    (6 x new mean - 5 x old mean): figures come only once the round is closed, and then stay."""
    frame = generate_respondents(get_instrument(), 6, 1, seed=11).drop(columns=["respondent", "organization"])
    store_submitted_responses(world.round_a, frame, Response.Source.SYNTHETIC)  # the round is open
    report = build_report(world.round_a, "en")
    assert report.still_open and not report.shown and report.respondents == 6 and report.rows == []
    client = login(world.users["contact_a"])
    html = page(client, world.round_a, language="en")
    assert "The round is still open" in html and "6 people have answered so far." in html
    for scale in get_instrument().scales:
        assert translate(scale.label, "en") not in html
    round_page = client.get(f"/manage/rounds/{world.round_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "The results appear when the round is closed" in round_page
        and "Average score per scale" not in round_page
    )

    close(world.round_a)
    assert build_report(world.round_a, "en").shown
    world.round_a.refresh_from_db()
    assert world.round_a.results_shown_at is not None
    # From now on the figures stay as they are: no reopening, no added answers, no other threshold.
    client.post(f"/manage/rounds/{world.round_a.pk}/status/", {"action": "reopen"})
    world.round_a.refresh_from_db()
    assert world.round_a.status == ScanRound.Status.CLOSED
    with pytest.raises(ResultsShownError):
        store_submitted_responses(world.round_a, frame.iloc[:1], Response.Source.PAPER)
    assert Response.objects.filter(scan_round=world.round_a).count() == 6


def _summary_of(strongest, attention):
    from types import SimpleNamespace

    from leerscan.reports.build import _summary

    rows = lambda pairs: [SimpleNamespace(label=label, words=words) for label, words in pairs]  # noqa: E731
    report = SimpleNamespace(
        respondents=12,
        response_rate=None,
        over_expected=False,
        language="en",
        strongest=rows(strongest),
        attention=rows(attention),
    )
    with translation.override("en"):
        return _summary(report)


def test_the_summary_never_calls_a_condition_below_the_benchmark_a_strength():
    above = _summary_of(
        [("Room", "clearly_higher"), ("Support", "somewhat_higher")], [("Talk", "clearly_lower")]
    )
    assert "your learning climate is strongest in: room and support." in above[1]
    assert "The most room to grow is in: talk." in above[2]
    mixed = _summary_of([("Room", "somewhat_higher"), ("Support", "same")], [])
    assert "strongest in: room." in mixed[1]  # only the one that is above
    level = _summary_of([("Room", "same"), ("Support", "somewhat_lower")], [])
    assert "about as strong as elsewhere" in level[1]
    below = _summary_of(
        [("Room", "somewhat_lower"), ("Support", "clearly_lower")], [("Talk", "clearly_lower")]
    )
    assert (
        "Every condition scores below the benchmark; the least far below are: room and support." in below[1]
    )
    assert "strongest" not in below[1]
    high = _summary_of([("Room", "clearly_higher")], [("Talk", "same"), ("Time", "somewhat_higher")])
    assert "No condition is below the benchmark. To grow further, start with: talk and time." in high[2]


def test_a_gap_printed_as_0_50_is_marked_for_discussion():
    from types import SimpleNamespace

    from leerscan.reports.build import ScaleRow

    row = ScaleRow.__new__(ScaleRow)
    row.managers, row.employees = 3.9, 3.4000000000000004  # 0.49999999999999956
    assert two_decimals(row.role_gap) == "0.50" and row.notable_role_gap
    row.managers = 3.894
    assert not row.notable_role_gap
    del SimpleNamespace


@pytest.mark.django_db
def test_an_earlier_rounds_report_leaves_the_maturity_scan_to_the_latest_round(world, login):
    from leerscan.maturity.services import save_assessment

    add_responses(world.round_a, 6, seed=3)
    ScanRound.objects.create(organization=world.org_a, wave=3, instrument_version="1.0.0")  # not closed
    later = ScanRound.objects.create(
        organization=world.org_a, wave=2, instrument_version="1.0.0", status=ScanRound.Status.CLOSED
    )
    assert build_report(world.round_a, "en").maturity_in_later_round is False  # no scan: nothing to say
    basis = {item: 4 for item in get_instrument("maturity").scale("basis").items}
    save_assessment(world.org_a, "owner", {**basis, "employees": 30, "training_plan": 3}, None, True)
    client = login(world.users["contact_a"])
    earlier_page = page(client, world.round_a, language="en")
    assert 'data-testid="maturity"' not in earlier_page
    assert "is in the report of scan round 2, the latest one." in earlier_page
    latest_page = page(client, later, language="en")
    assert 'data-testid="maturity"' in latest_page


def test_scale_names_inside_a_sentence_follow_each_languages_rules():
    from leerscan.reports.build import _in_sentence

    assert _in_sentence("Learning leadership", "en") == "learning leadership"
    assert _in_sentence("Leerleiderschap", "nl") == "leerleiderschap"
    # German nouns keep their capital, so the name is quoted rather than written "lernförderliche"
    assert _in_sentence("Lernförderliche Führung", "de") == "„Lernförderliche Führung“"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answered, expected, says",
    [
        (199, 200, "That is 99% of the 200 people you expected."),  # 99.5 %, but one is missing
        (201, 200, "That is more than the 200 people you expected."),  # not "100%"
    ],
)
def test_the_response_rate_is_100_only_when_everyone_answered(world, login, answered, expected, says):
    ScanRound.objects.filter(pk=world.round_a.pk).update(expected_respondents=expected)
    world.round_a.refresh_from_db()
    add_responses(world.round_a, answered, seed=5)
    html = page(login(world.users["consultant_a"]), world.round_a, language="en")
    assert says in html
    assert "100% of" not in html and ">100%<" not in html
