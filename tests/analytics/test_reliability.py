"""Cronbach's alpha and McDonald's omega against published SPSS/R values (see reference_data)."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from leerscan.analytics import cronbach_alpha, mcdonald_omega
from leerscan.analytics.reliability import feldt_interval
from tests.analytics.reference_data import (
    ATTITUDE,
    DENIS_ITEMS,
    DENIS_SPSS,
    IRIS,
    MTCARS,
    MTCARS_ALPHA_CYL_GEAR_CARB_HP,
    MTCARS_ALPHA_FIRST_FOUR,
    OMEGA_ATTITUDE,
    OMEGA_IRIS,
    OMEGA_MTCARS_CYL_GEAR_CARB_HP,
    SHROUT_FLEISS,
    SHROUT_FLEISS_PUBLISHED,
    SHROUT_FLEISS_R,
    to_decimals,
)


def _alpha_by_definition(values: np.ndarray) -> float:
    k = values.shape[1]
    return k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / values.sum(axis=1).var(ddof=1))


# --- Cronbach's alpha: published values -----------------------------------------------------------


def test_alpha_matches_spss_output_of_denis_example():
    # Denis, Applied Univariate, Bivariate, and Multivariate Statistics: SPSS RELIABILITY output
    result = cronbach_alpha(pd.DataFrame(DENIS_ITEMS))
    assert result.alpha == to_decimals(DENIS_SPSS["alpha"], 3)  # SPSS: .633
    assert result.alpha_standardized == to_decimals(DENIS_SPSS["alpha_standardized"], 3)  # SPSS: .691
    # SPSS "Corrected Item-Total Correlation" of Item_1: .712
    assert result.corrected_item_total["Item_1"] == to_decimals(DENIS_SPSS["item1_corrected_item_total"], 3)
    assert (result.n, result.k) == (10, 5)
    assert list(result.alpha_if_item_deleted.index) == list(DENIS_ITEMS)


def test_alpha_and_feldt_interval_match_shrout_fleiss_icc3k():
    # Alpha of the 4 judges as items is Shrout & Fleiss' ICC(3,k) = .91 (1979); DescTools: 0.909.
    # psych::ICC's ICC3k interval (0.676, 0.99) is the Feldt interval.
    result = cronbach_alpha(pd.DataFrame(SHROUT_FLEISS, columns=["J1", "J2", "J3", "J4"]))
    assert result.alpha == to_decimals(SHROUT_FLEISS_PUBLISHED["alpha"], 2)
    assert result.alpha == to_decimals(SHROUT_FLEISS_R["alpha"], 3)
    assert result.ci_low == to_decimals(SHROUT_FLEISS_R["alpha_ci_low"], 3)
    assert result.ci_high == to_decimals(SHROUT_FLEISS_R["alpha_ci_high"], 2)
    assert result.ci == 0.95


def test_alpha_matches_r_packages_on_mtcars():
    mtcars = pd.DataFrame(MTCARS)
    # performance::cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")]) = 0.09463206
    alpha = cronbach_alpha(mtcars[["cyl", "gear", "carb", "hp"]]).alpha
    assert alpha == to_decimals(MTCARS_ALPHA_CYL_GEAR_CARB_HP, 8)
    # COINr cronbach_alpha(mtcars[, 1:4]) = 0.5015205
    assert cronbach_alpha(mtcars[["mpg", "cyl", "disp", "hp"]]).alpha == to_decimals(
        MTCARS_ALPHA_FIRST_FOUR, 7
    )


# --- Cronbach's alpha: definitions and identities ---------------------------------------------------


def test_item_deleted_statistics_follow_their_definitions():
    # Identities (no published full table): alpha of the other items, r(item, sum of other items).
    items = pd.DataFrame(DENIS_ITEMS)
    result = cronbach_alpha(items)
    values = items.to_numpy(float)
    for j, name in enumerate(items.columns):
        rest = np.delete(values, j, axis=1)
        assert result.alpha_if_item_deleted[name] == pytest.approx(_alpha_by_definition(rest), rel=1e-12)
        r = np.corrcoef(values[:, j], rest.sum(axis=1))[0, 1]
        assert result.corrected_item_total[name] == pytest.approx(r, rel=1e-12)
    # Denis' SPSS table prints "Cronbach's Alpha if Item Deleted" for Item_1 as 0.4.. (truncated in
    # the stored copy) and scale variance if Item_1 deleted 108.900:
    assert values[:, 1:].sum(axis=1).var(ddof=1) == to_decimals(DENIS_SPSS["item1_scale_var_deleted"], 3)
    assert 0.4 <= result.alpha_if_item_deleted["Item_1"] < 0.5


def test_feldt_interval_formula_and_level():
    # Feldt, Woodruff & Salih (1987) formulas 6-7, F(n - 1, (n - 1)(k - 1))
    low, high = feldt_interval(0.79, 41, 26, ci=0.90)
    assert low == pytest.approx(1 - 0.21 * stats.f.ppf(0.95, 40, 1000), rel=1e-12)
    assert high == pytest.approx(1 - 0.21 * stats.f.ppf(0.05, 40, 1000), rel=1e-12)
    wide = cronbach_alpha(pd.DataFrame(DENIS_ITEMS), ci=0.99)
    narrow = cronbach_alpha(pd.DataFrame(DENIS_ITEMS), ci=0.90)
    assert wide.ci_low < narrow.ci_low < narrow.alpha < narrow.ci_high < wide.ci_high


def test_alpha_uses_listwise_complete_cases():
    items = pd.DataFrame(DENIS_ITEMS, dtype=float)
    extra = pd.DataFrame({c: [np.nan if c == "Item_3" else 5.0] for c in items.columns})
    result = cronbach_alpha(pd.concat([items, extra], ignore_index=True))
    assert result.n == 10
    assert result.alpha == pytest.approx(cronbach_alpha(items).alpha, rel=1e-14)


def test_two_items_have_no_alpha_if_deleted():
    result = cronbach_alpha(pd.DataFrame(DENIS_ITEMS)[["Item_1", "Item_4"]])
    assert result.alpha_if_item_deleted.isna().all()
    r = np.corrcoef(DENIS_ITEMS["Item_1"], DENIS_ITEMS["Item_4"])[0, 1]
    assert result.corrected_item_total.to_numpy() == pytest.approx([r, r], rel=1e-12)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"a": [1, 2, 3, 4]}), "at least 2 items"),
        (pd.DataFrame({"a": [1, 2], "b": [2, 3]}), "too few"),
        (pd.DataFrame({"a": [1, 2, np.nan, 4], "b": [2, 3, 4, np.nan]}), "too few"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": [3, 3, 3, 3]}), "zero variance"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "y", "z", "w"]}), "numeric"),
        (pd.DataFrame({"a": [1, 2, 3, np.inf], "b": [1, 3, 2, 4]}), "infinite"),
    ],
)
def test_alpha_rejects_bad_input(frame, message):
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(frame)


def test_alpha_rejects_items_that_cancel_out_and_a_bad_level():
    with pytest.raises(ValueError, match="cancel each other out"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [5, 4, 3, 2]}))
    with pytest.raises(ValueError, match="ci must be"):
        cronbach_alpha(pd.DataFrame(DENIS_ITEMS), ci=95)


def test_alpha_rejects_a_non_frame():
    with pytest.raises(ValueError, match="DataFrame"):
        cronbach_alpha([[1, 2], [2, 3], [3, 5]])


likert = arrays(np.int64, st.tuples(st.integers(5, 30), st.integers(2, 6)), elements=st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(values=likert, shift=st.integers(-10, 10), scale=st.floats(0.1, 10))
def test_alpha_is_invariant_to_a_common_shift_and_scale(values, shift, scale):
    frame = pd.DataFrame(values.astype(float))
    if (frame.nunique() < 2).any():
        return
    base = cronbach_alpha(frame)
    moved = cronbach_alpha(frame * scale + shift)
    assert moved.alpha == pytest.approx(base.alpha, rel=1e-9, abs=1e-9)
    assert moved.ci_low == pytest.approx(base.ci_low, rel=1e-9, abs=1e-9)
    assert base.ci_low <= base.alpha <= base.ci_high
    assert base.alpha == pytest.approx(_alpha_by_definition(values.astype(float)), rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(values=likert, scales=st.lists(st.floats(0.1, 10), min_size=6, max_size=6))
def test_standardized_alpha_is_invariant_to_rescaling_single_items(values, scales):
    frame = pd.DataFrame(values.astype(float))
    if (frame.nunique() < 2).any():
        return
    corr = frame.corr().to_numpy()
    k = frame.shape[1]
    mean_r = (corr.sum() - k) / (k * (k - 1))
    if abs(1 + (k - 1) * mean_r) < 1e-6:
        return  # items that cancel out exactly: standardized alpha is undefined (division by zero)
    rescaled = frame * np.asarray(scales[: frame.shape[1]])
    a, b = cronbach_alpha(frame).alpha_standardized, cronbach_alpha(rescaled).alpha_standardized
    assert b == pytest.approx(a, rel=1e-9, abs=1e-9)


# --- McDonald's omega -------------------------------------------------------------------------------


def test_omega_matches_lavaan_on_attitude():
    # lavaan one-factor CFA (performance/MBESS formulation) of attitude[, -1]: 0.8274243. The exact
    # ML optimum is 0.82742452 (the test also checks full convergence below); lavaan's nlminb stops
    # about 2e-7 earlier, so the comparison allows 5e-7.
    result = mcdonald_omega(pd.DataFrame(ATTITUDE))
    assert result.omega == pytest.approx(OMEGA_ATTITUDE, abs=5e-7)
    assert not result.heywood
    assert (result.n, result.k) == (30, 6)
    assert (result.loadings > 0).all()
    # ML reproduces the item variances: loading^2 + uniqueness = variance
    var = pd.DataFrame(ATTITUDE).var()
    assert (result.unstandardized_loadings**2 + result.uniquenesses).to_numpy() == pytest.approx(
        var.to_numpy(), rel=1e-8
    )


def test_omega_matches_lavaan_on_improper_solutions():
    # performance::mcdonalds_omega (lavaan): iris[1:4] = 0.984746012592052, mtcars subset = 1.156718.
    # Both are Heywood cases; like lavaan, the residual variances are not bounded at zero.
    with pytest.warns(RuntimeWarning, match="Heywood"):
        iris = mcdonald_omega(pd.DataFrame(IRIS))
    assert iris.omega == pytest.approx(OMEGA_IRIS, abs=1e-7)  # lavaan's own convergence tolerance
    assert iris.heywood
    with pytest.warns(RuntimeWarning, match="Heywood"):
        cars = mcdonald_omega(pd.DataFrame(MTCARS)[["cyl", "gear", "carb", "hp"]])
    assert cars.omega == to_decimals(OMEGA_MTCARS_CYL_GEAR_CARB_HP, 6)


def test_omega_recovers_an_exact_one_factor_structure():
    # psych::sim.congeneric's default loadings .8, .7, .6, .5: data whose sample correlation matrix is
    # exactly that one-factor matrix. Hand-computed: omega = 2.6^2 / (2.6^2 + 2.26) = 6.76 / 9.02.
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    corr = np.outer(loadings, loadings)
    np.fill_diagonal(corr, 1.0)
    rng = np.random.default_rng(7)
    z = rng.normal(size=(200, 4))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False)).T)  # sample covariance = I
    data = pd.DataFrame(z @ np.linalg.cholesky(corr).T * [1.0, 2.0, 0.5, 3.0] + 3.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = mcdonald_omega(data)
    assert result.loadings.to_numpy() == pytest.approx(loadings, abs=1e-7)
    sd = np.array([1.0, 2.0, 0.5, 3.0])
    raw = loadings * sd
    assert result.omega == pytest.approx(
        raw.sum() ** 2 / (raw.sum() ** 2 + ((1 - loadings**2) * sd**2).sum())
    )
    equal_sd = mcdonald_omega(pd.DataFrame(z @ np.linalg.cholesky(corr).T))
    assert equal_sd.omega == pytest.approx(6.76 / 9.02, abs=1e-8)


def test_omega_needs_three_items_and_a_regular_correlation_matrix():
    with pytest.raises(ValueError, match="at least 3 items"):
        mcdonald_omega(pd.DataFrame(DENIS_ITEMS)[["Item_1", "Item_2"]])
    duplicated = pd.DataFrame(DENIS_ITEMS).assign(copy=DENIS_ITEMS["Item_2"])
    with pytest.raises(ValueError, match="singular"):
        mcdonald_omega(duplicated)


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(-50, 50), scale=st.floats(0.05, 20))
def test_omega_is_invariant_to_a_common_shift_and_scale(shift, scale):
    base = pd.DataFrame(ATTITUDE)
    a = mcdonald_omega(base).omega
    b = mcdonald_omega(base * scale + shift).omega
    assert b == pytest.approx(a, abs=1e-8)
