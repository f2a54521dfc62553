"""The chapter-6 pipeline: reliability, Spearman table and regressions (no database)."""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import cronbach_alpha, hierarchical_regression, spearman_table
from leerscan.analytics.chapter6 import (
    TooFewRespondents,
    chapter6_analysis,
    chapter6_blocks,
    chapter6_task_count,
)
from leerscan.analytics.dataset import build_analysis_frame
from leerscan.analytics.synthetic import generate_respondents


@pytest.fixture(scope="module")
def result(frame, instrument):
    return chapter6_analysis(frame, instrument)


def test_alpha_uses_items_as_scored(result, frame):
    leadership = cronbach_alpha(frame[["ll_1", "ll_2", "ll_3"]])
    assert result.reliability.loc["learning_leadership", "alpha"] == pytest.approx(
        leadership.alpha, abs=1e-12
    )
    assert result.reliability.loc["learning_leadership", "n"] == leadership.n
    mirrored = frame[["ret_1", "ret_2", "ret_3"]].assign(ret_2=6 - frame["ret_2"])
    assert result.reliability.loc["intention_to_leave", "alpha"] == pytest.approx(
        cronbach_alpha(mirrored).alpha, abs=1e-12
    )
    # mixed response scales: frequency items (1-7) mapped onto 1-5 before alpha
    reflection = frame[[f"rf_{i}" for i in range(1, 8)]].copy()
    for item in ("rf_1", "rf_2", "rf_3"):
        reflection[item] = 1 + (reflection[item] - 1) * 4 / 6
    assert result.reliability.loc["informal_reflection", "alpha"] == pytest.approx(
        cronbach_alpha(reflection).alpha, abs=1e-12
    )
    assert np.isnan(result.reliability.loc["job_satisfaction", "alpha"])
    assert "alpha:job_satisfaction" in result.notes
    assert result.reliability["alpha"].notna().sum() == 14


def test_spearman_table_of_all_fifteen_scales(result, frame, instrument):
    keys = list(instrument.scale_keys)
    expected = spearman_table(frame[keys])
    pd.testing.assert_frame_equal(result.spearman.r, expected.r)
    table = result.spearman_formatted(instrument, "en")
    assert table.shape == (15, 2 + 3 + 15)
    assert table["variable"].iloc[0] == "1. Formal learning"
    assert table["variable"].iloc[14] == "15. Job satisfaction"
    assert table.iloc[0]["1"] == "\u2014" and table.iloc[0]["2"] == ""
    long = result.spearman_long()
    assert len(long) == 15 * 14 // 2


def test_three_step_regressions_per_employability_competence(result, frame, instrument):
    outcomes, blocks = chapter6_blocks(instrument)
    assert outcomes == ["occupational_expertise", "anticipation_optimisation", "personal_flexibility"]
    assert blocks[0] == ["age", "gender_male"]
    assert blocks[1] == ["formal_learning", "informal_social", "informal_individual", "informal_reflection"]
    assert len(blocks[2]) == 6
    data = frame.assign(gender_male=frame["gender"].map({1.0: 0.0, 2.0: 1.0}))
    for outcome in outcomes:
        expected = hierarchical_regression(data, outcome, blocks)
        steps = result.regressions[outcome]
        assert len(steps) == 3
        for got, want in zip(steps, expected, strict=True):
            assert got.r2 == pytest.approx(want.r2, abs=1e-12)
            assert got.r2_change == pytest.approx(want.r2_change, abs=1e-12)
            pd.testing.assert_frame_equal(got.coefficients, want.coefficients)
    models = result.regression_models(instrument)
    assert len(models) == 9 and list(models["step"]) == [1, 2, 3] * 3
    coefficients = result.regression_coefficients(instrument)
    assert len(coefficients) == 3 * ((1 + 2) + (1 + 6) + (1 + 12))
    assert coefficients["predictor_label"].iloc[0] == "Constant"


def test_background_block_is_configurable(frame, instrument):
    result = chapter6_analysis(frame, instrument, background=("age", "manager"))
    steps = result.regressions["personal_flexibility"]
    assert steps[0].predictors == ("age", "manager")


def test_selection_under_the_minimum_raises(frame, instrument):
    with pytest.raises(TooFewRespondents, match="4 respondent"):
        chapter6_analysis(frame.head(4), instrument, min_n=5)


def test_statistics_that_cannot_be_computed_are_left_out_with_a_note(instrument):
    short = generate_respondents(instrument, 40, 2, seed=9)
    long_only = [q.id for q in instrument.questions.values() if "short" not in q.variants]
    short = short.drop(columns=[c for c in long_only if c in short.columns])
    result = chapter6_analysis(build_analysis_frame(short, instrument), instrument)
    assert result.reliability.loc["formal_learning", "n"] == 0
    assert "alpha:formal_learning" in result.notes
    assert "spearman:occupational_expertise" in result.notes
    assert list(result.spearman.r.columns) == [
        "learning_leadership", "room_and_time", "support_for_learning", "learning_opportunities",
        "knowledge_sharing", "responsibility_autonomy", "intention_to_leave", "job_satisfaction",
    ]  # fmt: skip
    assert result.regressions == {}
    assert set(result.notes) >= {f"regression:{o}" for o in result.outcomes}


def test_progress_is_reported_for_every_step(frame, instrument):
    seen = []
    chapter6_analysis(frame, instrument, progress=seen.append)
    assert len(seen) == chapter6_task_count(instrument) == 15 + 1 + 3
