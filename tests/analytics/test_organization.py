"""Report figures against R, and the anonymity rule for group breakdowns as a property."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerscan.analytics.organization import (
    breakdown_is_safe,
    comparability_warnings,
    difference_words,
    mean_estimate,
    share_at_least,
    strongest_and_weakest,
    wave_change,
)

# R's datasets::sleep, extra by group.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_mean_interval_matches_r_t_test():
    # R: t.test(sleep$extra) -> mean 1.54, 95 percent CI 0.5955845 2.4844155; sd(sleep$extra) 2.01792
    estimate = mean_estimate(SLEEP_1 + SLEEP_2 + [None])
    assert estimate.n == 20
    assert estimate.mean == pytest.approx(1.54, abs=1e-12)
    assert estimate.sd == pytest.approx(2.01792, abs=5e-6)
    assert (estimate.ci_low, estimate.ci_high) == pytest.approx((0.5955845, 2.4844155), abs=5e-8)


def test_mean_of_one_value_has_no_interval():
    estimate = mean_estimate([4.0])
    assert estimate.mean == 4.0 and estimate.ci_low != estimate.ci_low


def test_wave_change_matches_r_welch():
    # R: t.test(extra ~ group, data = sleep) -> group 1 minus group 2: -1.58,
    # 95 percent CI -3.3654832 0.2054832, t = -1.8608, df = 17.776, p = 0.07939
    change = wave_change(earlier=SLEEP_2, later=SLEEP_1)
    assert change.comparison.mean_diff == pytest.approx(-1.58, abs=1e-12)
    assert (change.comparison.ci_low, change.comparison.ci_high) == pytest.approx(
        (-3.3654832, 0.2054832), abs=5e-7
    )
    assert change.comparison.p_t == pytest.approx(0.07939, abs=5e-6)
    assert not change.beyond_noise
    assert wave_change(earlier=SLEEP_1, later=[x + 3 for x in SLEEP_2]).beyond_noise


def test_share_agreeing_counts_averages_that_round_to_agree():
    assert share_at_least([3.4, 3.5, 4.0, 5.0, None]) == pytest.approx(0.75)


def test_difference_words():
    assert [difference_words(d) for d in (0.1, -0.19, 0.3, -0.3, 0.5, -0.8, float("nan"))] == [
        "same",
        "same",
        "somewhat_higher",
        "somewhat_lower",
        "clearly_higher",
        "clearly_lower",
        "unknown",
    ]


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.floats(-3, 3) | st.just(float("nan")), max_size=8))
def test_strongest_and_weakest_are_distinct_extremes(differences):
    strongest, weakest = strongest_and_weakest(differences)
    known = {k: v for k, v in differences.items() if v == v}
    assert not set(strongest) & set(weakest)
    assert len(strongest) == min(2, len(known))
    assert len(weakest) == min(2, len(known) - len(strongest))
    for key in strongest:
        assert all(known[key] >= known[other] for other in known if other not in strongest)
    for key in weakest:
        assert all(known[key] <= known[other] for other in known if other not in strongest + weakest)


@given(
    sizes=st.dictionaries(
        st.sampled_from(["managers", "employees", "unknown"]), st.integers(0, 30), min_size=1
    ),
    threshold=st.integers(3, 10),
)
def test_a_safe_breakdown_never_reveals_a_small_group(sizes, threshold):
    # What an observer can work out from the whole and the shown groups is any union of groups
    # (by adding and subtracting). A safe breakdown keeps every such non-empty union at the threshold.
    groups = list(sizes)
    unions = [
        sum(sizes[g] for g in subset)
        for r in range(1, len(groups) + 1)
        for subset in itertools.combinations(groups, r)
    ]
    everything_safe = all(u == 0 or u >= threshold for u in unions) and sum(sizes.values()) >= threshold
    assert breakdown_is_safe(sizes, threshold) == everything_safe


def test_comparability_warnings():
    assert comparability_warnings(30, 28, 0.3, 0.35) == []
    assert comparability_warnings(40, 12, 0.3, 0.3) == ["size_ratio"]
    assert comparability_warnings(8, 9, None, 0.3) == ["small"]
    assert comparability_warnings(20, 20, 0.1, 0.5) == ["composition"]
