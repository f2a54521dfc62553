"""Scoring rules: reverse keying, missing data, mixed response scales, POMP, variants."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerscan.instrument.scoring import score_responses


def score(mini, **answers):
    return score_responses(pd.DataFrame([answers]), mini, pomp=True).iloc[0]


def test_reverse_keyed_item_counts_mirrored(mini):
    # a3 is reversed on 1-5: answering 1 counts as 5.
    row = score(mini, a1=5, a2=5, a3=1)
    assert row["climate"] == 5.0
    row = score(mini, a1=4, a2=2, a3=4)  # a3 -> 2
    assert row["climate"] == pytest.approx((4 + 2 + 2) / 3)


def test_two_of_three_answered_is_scored_one_is_not(mini):
    assert score(mini, a1=4, a2=2)["climate"] == pytest.approx(3.0)
    assert math.isnan(score(mini, a1=4)["climate"])


def test_mixed_response_scales_are_rescaled_to_the_metric(mini):
    # f1, f2 on 1-7 map to 1 + (x-1)*4/6; g1 on 1-5 stays.
    row = score(mini, f1=7, f2=1, g1=3)
    assert row["mixed"] == pytest.approx((5 + 1 + 3) / 3)
    row = score(mini, f1=4, f2=4, g1=5)
    assert row["mixed"] == pytest.approx((3 + 3 + 5) / 3)


def test_pomp_is_percent_of_the_metric(mini):
    row = score(mini, a1=5, a2=5, a3=1, f1=1, f2=1, g1=1)
    assert row["climate_pomp"] == pytest.approx(100.0)
    assert row["mixed_pomp"] == pytest.approx(0.0)
    assert score(mini, a1=3, a2=3, a3=3)["climate_pomp"] == pytest.approx(50.0)


def test_absent_columns_count_as_unanswered(mini):
    # A short-variant file has no activity items at all: that scale is missing, not an error.
    row = score(mini, a1=2, a2=3, a3=4)
    assert math.isnan(row["mixed"])
    assert row["climate"] == pytest.approx((2 + 3 + 2) / 3)


def test_keeps_index_and_handles_many_rows(mini):
    answers = pd.DataFrame({"a1": [1, 5, None], "a2": [1, 5, 3], "a3": [5, 1, 3]}, index=[10, 20, 30])
    scores = score_responses(answers, mini)
    assert list(scores.index) == [10, 20, 30]
    assert scores["climate"].tolist()[:2] == [1.0, 5.0]
    assert scores["climate"].iloc[2] == 3.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=3, max_size=3))
def test_matches_the_rule_written_out(mini, values):
    """Property: the vectorised scoring equals the rule as a person would apply it."""
    a1, a2, a3 = values
    answered = [v for v in (a1, a2, None if a3 is None else 6 - a3) if v is not None]
    expected = np.mean(answered) if len(answered) >= 2 else np.nan
    got = score(mini, a1=a1, a2=a2, a3=a3)["climate"]
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
