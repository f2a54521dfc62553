"""The round page suppresses per scale: a scale answered by fewer people than the threshold has no mean."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.reports.build import build_report
from leerscan.surveys.models import Response
from leerscan.surveys.results import summarize_round
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import close_round

pytestmark = pytest.mark.django_db


def store(scan_round, n, seed, keep_js=None, keep_ll=None, first_js=None):
    """``n`` synthetic questionnaires; only the first ``keep_js`` answer job satisfaction (js_1, the
    first one with ``first_js``) and only the first ``keep_ll`` the learning-leadership questions.
    Returns the stored answers."""
    answers = generate_respondents(get_instrument(), n, 1, seed=seed)
    answers = answers.drop(columns=["respondent", "organization"])
    if keep_js is not None:
        kept = answers.index[:keep_js]
        answers.loc[kept, "js_1"] = answers.loc[kept, "js_1"].fillna(6.0)  # synthetic data skip some
        answers.loc[answers.index[keep_js:], "js_1"] = np.nan
    if first_js is not None:
        answers.loc[answers.index[0], "js_1"] = first_js
    if keep_ll is not None:
        leadership = ["ll_1", "ll_2", "ll_3"]
        answers.loc[answers.index[:keep_ll], leadership] = answers.loc[
            answers.index[:keep_ll], leadership
        ].fillna(3.0)
        answers.loc[answers.index[keep_ll:], leadership] = np.nan
    store_submitted_responses(scan_round, answers, Response.Source.SYNTHETIC)
    close_round(scan_round)
    return answers


def round_page(client, scan_round):
    response = client.get(f"/manage/rounds/{scan_round.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_one_answer_to_job_satisfaction_is_not_shown_on_the_round_page(world, login):
    answers = store(world.round_a, 6, seed=31, keep_js=1, first_js=7.0)  # one person's job satisfaction

    summary = summarize_round(world.round_a)
    assert summary.shown and summary.respondents == 6
    assert "job_satisfaction" in summary.suppressed
    assert np.isnan(summary.means["job_satisfaction"])
    expected = score_responses(answers, get_instrument())
    assert summary.means["learning_leadership"] == pytest.approx(expected["learning_leadership"].mean())

    html = round_page(login(world.users["contact_a"]), world.round_a)
    assert "7.00" not in html  # no other scale can average 7: they run from 1 to 5 or 6
    assert "Job satisfaction" in html and "fewer than 5 answers" in html
    assert f"{expected['learning_leadership'].mean():.2f}" in html
    # the report applies the same rule
    report = build_report(world.round_a, "en")
    assert "job_satisfaction" not in {row.key for row in report.rows}


def test_the_rounds_own_threshold_counts_per_scale(world, login):
    world.round_a.anonymity_threshold = 7
    world.round_a.save()
    answers = store(world.round_a, 8, seed=32, keep_ll=6)  # 8 people, 6 answered learning leadership
    summary = summarize_round(world.round_a)
    assert summary.shown
    assert summary.suppressed == ("learning_leadership",)
    assert np.isnan(summary.means["learning_leadership"])
    html = round_page(login(world.users["consultant_a"]), world.round_a)
    leadership = score_responses(answers, get_instrument())["learning_leadership"].mean()
    assert f"{leadership:.2f}" not in html.split("Learning leadership", 1)[1].split("</tr>", 1)[0]
    assert "fewer than 7 answers" in html


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(5, 12), answered=st.integers(1, 12), threshold=st.integers(3, 8))
def test_a_scale_mean_is_shown_only_from_the_threshold_on(world, n, answered, threshold):
    answered = min(answered, n)
    world.round_a.responses.all().delete()  # a fresh round for every example
    world.round_a.anonymity_threshold = threshold
    world.round_a.results_shown_at = None
    world.round_a.save()
    store(world.round_a, n, seed=n * 100 + answered, keep_js=answered)
    summary = summarize_round(world.round_a)
    if n < threshold:
        assert not summary.shown and summary.means is None
        return
    shown = not np.isnan(summary.means["job_satisfaction"])
    assert shown == (answered >= threshold)
    assert ("job_satisfaction" in summary.suppressed) == (answered < threshold)
