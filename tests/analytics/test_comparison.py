"""Paired and independent comparisons against R's t.test / wilcox.test output and Lakens (2013)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerscan.analytics import independent_comparison, paired_comparison
from tests.analytics.reference_data import (
    DEPRESSION_FIRST,
    DEPRESSION_SECOND,
    LAKENS_MOVIE_1,
    LAKENS_MOVIE_2,
    OZONE_MONTH_5,
    OZONE_MONTH_8,
    PERMEABILITY_EARLY,
    PERMEABILITY_TERM,
    SLEEP_DRUG1,
    SLEEP_DRUG2,
    to_decimals,
    to_significant,
)


def _nan(values):
    return [np.nan if v is None else v for v in values]


# --- paired -------------------------------------------------------------------------------------


def test_paired_t_matches_r_sleep_example():
    # R: t.test(extra.1, extra.2, paired = TRUE): t = -4.0621, df = 9, p = 0.002833,
    # CI -2.4598858 -0.7001142, mean difference -1.58 (differences extra.1 - extra.2 = post - pre)
    result = paired_comparison(pre=SLEEP_DRUG2, post=SLEEP_DRUG1)
    assert result.t == to_decimals(-4.0621, 4)
    assert result.df == 9
    assert result.p_t == to_significant(0.002833, 4)
    assert result.ci_low == to_decimals(-2.4598858, 7)
    assert result.ci_high == to_decimals(-0.7001142, 7)
    assert result.mean_diff == pytest.approx(-1.58)
    assert result.n == 10


def test_paired_wilcoxon_with_ties_and_zero_matches_r():
    # R: wilcox.test(extra1, extra2, paired = TRUE): V = 0, p-value = 0.009091 (continuity correction)
    result = paired_comparison(pre=SLEEP_DRUG2, post=SLEEP_DRUG1)
    assert result.wilcoxon_w == 0
    assert result.p_wilcoxon == to_significant(0.009091, 4)
    assert result.wilcoxon_method.startswith("normal")
    assert result.n_nonzero == 9  # one zero difference dropped (Wilcoxon's method)


def test_paired_wilcoxon_exact_matches_r():
    # R ?wilcox.test: wilcox.test(Pair(first, second) ~ 1): V = 40, p-value = 0.03906 (exact);
    # V is the rank sum of the positive differences first - second, i.e. post = first, pre = second.
    result = paired_comparison(pre=DEPRESSION_SECOND, post=DEPRESSION_FIRST)
    assert result.wilcoxon_w == 40
    assert result.p_wilcoxon == to_significant(0.03906, 4)
    assert result.p_wilcoxon == pytest.approx(2 * 10 / 512)  # one-sided R p 0.01953 = 10/512
    assert result.wilcoxon_method == "exact"
    reverse = paired_comparison(pre=DEPRESSION_FIRST, post=DEPRESSION_SECOND)
    assert reverse.wilcoxon_w == 5  # R: wilcox.test(y - x): V = 5
    assert reverse.p_wilcoxon == pytest.approx(result.p_wilcoxon)


def test_cohens_dz_matches_lakens():
    # Lakens (2013): paired t(9) = 4.74, d_z = 1.50
    result = paired_comparison(pre=LAKENS_MOVIE_2, post=LAKENS_MOVIE_1)
    assert result.t == to_decimals(4.74, 2)
    assert result.cohens_dz == to_decimals(1.50, 2)
    assert result.cohens_dz == pytest.approx(result.t / np.sqrt(result.n))


def test_paired_uses_complete_pairs_only():
    pre = SLEEP_DRUG2 + [np.nan, 1.0]
    post = SLEEP_DRUG1 + [2.0, np.nan]
    result = paired_comparison(pre=pd.Series(pre), post=pd.Series(post))
    assert result.n == 10
    assert result.t == to_decimals(-4.0621, 4)


@pytest.mark.parametrize(
    ("pre", "post", "message"),
    [
        ([1, 2], [2, 4], "too few"),
        ([1, 2, np.nan, 4], [2, np.nan, 5, 7], "too few"),
        ([1, 2, 3], [1, 2], "same length"),
        ([1, 2, 3], ["a", "b", "c"], "numeric"),
        ([3, 2, 1], [4, 3, 2], "zero variance"),  # R: 4:2 vs 3:1, every change is 1
    ],
)
def test_paired_rejects_bad_input(pre, post, message):
    with pytest.raises(ValueError, match=message):
        paired_comparison(pre, post)


def test_paired_rejects_misaligned_series():
    with pytest.raises(ValueError, match="different indexes"):
        paired_comparison(pd.Series([1.0, 2, 3], index=[0, 1, 2]), pd.Series([2.0, 3, 5], index=[1, 2, 3]))


# --- independent ----------------------------------------------------------------------------------


def test_welch_matches_r_examples():
    # R ?t.test: t.test(1:10, y = c(7:20)): t = -5.4349, df = 21.982, p = 1.855e-05,
    # CI -11.052802 -4.947198
    result = independent_comparison(list(range(1, 11)), list(range(7, 21)))
    assert result.t == to_decimals(-5.4349, 4)
    assert result.df == to_decimals(21.982, 3)
    assert result.p_t == to_significant(1.855e-05, 4)
    assert result.ci_low == to_decimals(-11.052802, 6)
    assert result.ci_high == to_decimals(-4.947198, 6)
    assert result.mean_diff == -8
    # R ?oneway.test on sleep: Welch F = 3.4626 = t^2, denom df 17.776, p 0.07939;
    # t.test(extra ~ group): t = -1.8608, CI -3.3654832 0.2054832
    sleep = independent_comparison(SLEEP_DRUG1, SLEEP_DRUG2)
    assert sleep.t**2 == to_decimals(3.4626, 4)
    assert sleep.t == to_decimals(-1.8608, 4)
    assert sleep.df == to_decimals(17.776, 3)
    assert sleep.p_t == to_significant(0.07939, 4)
    assert sleep.ci_low == to_decimals(-3.3654832, 7)
    assert sleep.ci_high == to_decimals(0.2054832, 7)


def test_mann_whitney_matches_r():
    # R ?wilcox.test: W = 35, one-sided exact p = 0.1272, so two-sided 0.2544 (symmetric null)
    exact = independent_comparison(PERMEABILITY_TERM, PERMEABILITY_EARLY)
    assert exact.u == 35
    assert exact.p_u == pytest.approx(2 * 0.1272, abs=2 * 0.00005)
    assert exact.mann_whitney_method == "exact"
    # R ?wilcox.test: Ozone, May vs August: W = 127.5, p = 0.0001208 (ties: normal approximation)
    ozone = independent_comparison(_nan(OZONE_MONTH_5), _nan(OZONE_MONTH_8))
    assert (ozone.n_a, ozone.n_b) == (26, 26)
    assert ozone.u == 127.5
    assert ozone.p_u == to_significant(0.0001208, 4)
    assert ozone.mann_whitney_method.startswith("normal")
    # wilcox.test(extra ~ group, data = sleep): W = 25.5, p-value = 0.06933
    sleep = independent_comparison(SLEEP_DRUG1, SLEEP_DRUG2)
    assert sleep.u == 25.5
    assert sleep.p_u == to_significant(0.06933, 4)


def test_hedges_g_matches_lakens():
    # Lakens (2013): t(18) = 2.52, Cohen's d_s = 1.13, Hedges' g_s = 1.08
    result = independent_comparison(LAKENS_MOVIE_1, LAKENS_MOVIE_2)
    assert result.t == to_decimals(2.52, 2)  # equal n: Welch t equals Student t
    assert result.cohens_d == to_decimals(1.13, 2)
    assert result.hedges_g == to_decimals(1.08, 2)
    assert result.hedges_g == pytest.approx(result.cohens_d * (1 - 3 / (4 * 20 - 9)))
    # identity with the pooled-variance t: d = t sqrt(1/n1 + 1/n2); R sleep Student t^2 = 3.4626
    sleep = independent_comparison(SLEEP_DRUG1, SLEEP_DRUG2)
    assert sleep.cohens_d == pytest.approx(-np.sqrt(3.4626) * np.sqrt(0.2), abs=1e-4)


def test_independent_drops_missing_values_per_group():
    result = independent_comparison(pd.Series(LAKENS_MOVIE_1 + [np.nan]), LAKENS_MOVIE_2 + [np.nan, np.nan])
    assert (result.n_a, result.n_b) == (10, 10)
    assert result.hedges_g == to_decimals(1.08, 2)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1.0], [1, 2, 3], "too few"),
        ([1.0, np.nan], [1, 2, 3], "too few"),
        ([2, 2, 2], [5, 5], "zero variance"),
        (["a", "b"], [1, 2, 3], "numeric"),
        (pd.DataFrame({"x": [1, 2, 3]}), [1, 2, 3], "one column"),
    ],
)
def test_independent_rejects_bad_input(a, b, message):
    with pytest.raises(ValueError, match=message):
        independent_comparison(a, b)


samples = st.lists(st.integers(1, 7).map(float), min_size=3, max_size=25)


@settings(max_examples=80, deadline=None)
@given(a=samples, b=samples, shift=st.floats(-100, 100))
def test_independent_comparison_symmetry_and_shift(a, b, shift):
    if np.var(a) == 0 and np.var(b) == 0:
        return
    ab = independent_comparison(a, b)
    ba = independent_comparison(b, a)
    assert ba.t == pytest.approx(-ab.t)
    assert ba.hedges_g == pytest.approx(-ab.hedges_g)
    assert ab.u + ba.u == pytest.approx(len(a) * len(b))
    assert ba.p_u == pytest.approx(ab.p_u)
    moved = independent_comparison(np.asarray(a) + shift, np.asarray(b) + shift)
    assert moved.t == pytest.approx(ab.t, rel=1e-6, abs=1e-9)
    assert moved.u == ab.u
    assert 0 <= ab.p_u <= 1 and 0 <= ab.p_t <= 1
    assert ab.ci_low <= ab.mean_diff <= ab.ci_high


@settings(max_examples=80, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=3, max_size=30))
def test_paired_comparison_swapping_negates(pairs):
    pre = [float(p) for p, _ in pairs]
    post = [float(q) for _, q in pairs]
    if np.var(np.subtract(post, pre)) == 0:
        return
    forward = paired_comparison(pre, post)
    backward = paired_comparison(post, pre)
    assert backward.mean_diff == pytest.approx(-forward.mean_diff)
    assert backward.cohens_dz == pytest.approx(-forward.cohens_dz)
    m = forward.n_nonzero
    assert forward.wilcoxon_w + backward.wilcoxon_w == pytest.approx(m * (m + 1) / 2)
    assert backward.p_wilcoxon == pytest.approx(forward.p_wilcoxon)
    assert forward.cohens_dz == pytest.approx(forward.t / np.sqrt(forward.n))
