"""The synthetic generator reproduces the published reference when its output is scored."""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics.reference import reference
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.answers import parse_answers
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses

CLIMATE = [scale.key for scale in get_instrument().scales if scale.group == "learning_climate"]


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


@pytest.fixture(scope="module")
def large(instrument):
    answers = generate_respondents(instrument, 20_000, 400, seed=11)
    return answers, score_responses(answers, instrument)


def one_way_icc1(values: pd.Series, groups: pd.Series) -> float:
    """ICC(1) from a one-way ANOVA (Bliese 2000), written out for this check."""
    frame = pd.DataFrame({"v": values, "g": groups}).dropna()
    n, k = len(frame), frame["g"].nunique()
    sizes = frame.groupby("g").size()
    grand = frame["v"].mean()
    means = frame.groupby("g")["v"].mean()
    ssb = (sizes * (means - grand) ** 2).sum()
    ssw = ((frame["v"] - frame["g"].map(means)) ** 2).sum()
    msb, msw = ssb / (k - 1), ssw / (n - k)
    k_adj = (n - (sizes**2).sum() / n) / (k - 1)
    return (msb - msw) / (msb + (k_adj - 1) * msw)


def test_means_within_0_10_of_the_reference(large):
    _, scores = large
    ref = reference().descriptives
    diffs = (scores.mean() - ref["mean"]).abs()
    assert diffs.max() < 0.10, diffs.sort_values().tail()


def test_spearman_correlations_within_0_10_of_the_reference(large):
    _, scores = large
    ref = reference().spearman
    observed = scores[ref.index].corr(method="spearman")
    diff = (observed - ref).abs().to_numpy()
    assert np.nanmax(diff) < 0.10, np.nanmax(diff)
    climate = (observed.loc[CLIMATE, CLIMATE] - ref.loc[CLIMATE, CLIMATE]).abs().to_numpy()
    assert climate.max() < 0.10


def test_sds_are_close_to_the_reference(large):
    _, scores = large
    ref = reference().descriptives
    assert ((scores.std() - ref["sd"]).abs() < 0.15).all()


def test_organizations_differ_like_real_ones(large):
    answers, scores = large
    for key in CLIMATE:
        assert 0.08 <= one_way_icc1(scores[key], answers["organization"]) <= 0.22, key


def test_answers_are_valid_codes_with_a_few_missing(instrument, large):
    answers, _ = large
    checked = parse_answers(
        answers.head(3000).astype(object).where(answers.head(3000).notna(), ""), instrument
    )  # raises when any cell is out of range
    assert len(checked) == 3000
    items = [q.id for q in instrument.likert_items]
    missing = answers[items].isna().to_numpy().mean()
    assert 0.005 < missing < 0.03


def test_roles_are_mixed_like_the_seed_sample(large):
    answers, _ = large
    managers = answers["role"].isin([2, 3, 4]).sum() / answers["role"].notna().sum()
    assert 0.36 < managers < 0.46


def test_managers_see_the_climate_more_positively(large):
    answers, scores = large
    manager = answers["role"].isin([2, 3, 4])
    employee = answers["role"] == 1
    assert (
        scores.loc[manager, "learning_leadership"].mean() > scores.loc[employee, "learning_leadership"].mean()
    )


def test_same_seed_same_answers_other_seed_other_answers(instrument):
    a = generate_respondents(instrument, 50, 3, seed=5)
    b = generate_respondents(instrument, 50, 3, seed=5)
    c = generate_respondents(instrument, 50, 3, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a["organization"].nunique() == 3


def test_rejects_impossible_requests(instrument):
    with pytest.raises(ValueError, match="more organizations than respondents"):
        generate_respondents(instrument, 3, 5)
    with pytest.raises(ValueError, match="at least one"):
        generate_respondents(instrument, 0, 1)
