"""ICC(1)/ICC(2) and rwg(j) against Shrout & Fleiss (1979), NIST, R output and hand computations."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from leerscan.analytics import icc, rwg_j
from leerscan.analytics.multilevel import null_variance, rwg_summary
from tests.analytics.reference_data import (
    CHICKWTS_FEED,
    CHICKWTS_R,
    CHICKWTS_WEIGHT,
    RWG_SHROUT_FLEISS_R,
    RWG_TEAMS,
    RWG_TEAMS_R_LISTWISE_5,
    RWG_TEAMS_R_PAIRWISE_5,
    RWG_TEAMS_R_PAIRWISE_7,
    SHROUT_FLEISS,
    SHROUT_FLEISS_PUBLISHED,
    SHROUT_FLEISS_R,
    SIRSTV,
    SIRSTV_CERTIFIED,
    to_decimals,
    to_significant,
)


def _long(groups: dict) -> pd.DataFrame:
    return pd.DataFrame([(g, v) for g, values in groups.items() for v in values], columns=["group", "value"])


# --- ICC ----------------------------------------------------------------------------------------


def test_icc_matches_shrout_fleiss_for_balanced_groups():
    # Targets are the groups, the 4 judges' ratings the members: ICC(1) = ICC(1,1), ICC(2) = ICC(1,k)
    data = _long({f"S{i + 1}": row for i, row in enumerate(SHROUT_FLEISS)})
    result = icc(data, "group", "value")
    assert result.msb == to_decimals(SHROUT_FLEISS_PUBLISHED["msb"], 2)  # S&F (1979): BMS 11.24
    assert result.msw == to_decimals(SHROUT_FLEISS_PUBLISHED["msw"], 2)  # WMS 6.26
    assert result.icc1 == to_decimals(SHROUT_FLEISS_PUBLISHED["icc1"], 2)  # ICC(1,1) = .17
    assert result.icc2 == to_decimals(SHROUT_FLEISS_PUBLISHED["icc2"], 2)  # ICC(1,4) = .44
    assert result.icc1 == to_decimals(SHROUT_FLEISS_R["icc1"], 3)  # DescTools 0.166
    assert result.icc2 == to_decimals(SHROUT_FLEISS_R["icc2"], 3)  # 0.443
    assert result.f == to_decimals(SHROUT_FLEISS_R["f"], 2)  # F 1.79 on 5 and 18 df
    assert result.p == to_decimals(SHROUT_FLEISS_R["p"], 6)  # p 0.164769
    assert (result.n_groups, result.n, result.k) == (6, 24, 4.0)
    assert (result.df_between, result.df_within) == (5, 18)


def test_icc_mean_squares_match_nist_certified_anova():
    result = icc(_long(SIRSTV), "group", "value")
    assert result.msb == pytest.approx(SIRSTV_CERTIFIED["msb"], rel=1e-9)
    assert result.msw == pytest.approx(SIRSTV_CERTIFIED["msw"], rel=1e-9)
    assert result.f == pytest.approx(SIRSTV_CERTIFIED["f"], rel=1e-9)
    msb, msw = SIRSTV_CERTIFIED["msb"], SIRSTV_CERTIFIED["msw"]
    assert result.icc1 == pytest.approx((msb - msw) / (msb + 4 * msw), rel=1e-8)  # Bliese (2000), k = 5
    assert result.icc2 == pytest.approx((msb - msw) / msb, rel=1e-8)


def test_icc_unbalanced_anova_matches_r():
    # R ?chickwts: anova(lm(weight ~ feed)): Mean Sq 46226 and 3009, F 15.365, p 5.936e-10
    data = pd.DataFrame({"feed": CHICKWTS_FEED, "weight": CHICKWTS_WEIGHT})
    result = icc(data, "feed", "weight")
    assert result.msb == to_decimals(CHICKWTS_R["msb"], 0)
    assert result.msw == to_decimals(CHICKWTS_R["msw"], 0)
    assert result.msb * 5 == to_decimals(CHICKWTS_R["ssb"], 0)
    assert result.msw * 65 == to_decimals(CHICKWTS_R["ssw"], 0)
    assert result.f == to_decimals(CHICKWTS_R["f"], 3)
    assert result.p == to_significant(CHICKWTS_R["p"], 4)
    # multilevel::ICC1 uses GSIZE = N / J (source: cran/multilevel R/multilevel.R, ICC1)
    assert result.k == pytest.approx(71 / 6)
    msb, msw = result.msb, result.msw
    assert result.icc1 == pytest.approx((msb - msw) / (msb + (71 / 6 - 1) * msw), rel=1e-12)
    # published MS (5 significant digits) give the same ICC(1) to 4 decimals
    assert result.icc1 == pytest.approx((46226 - 3009) / (46226 + (71 / 6 - 1) * 3009), abs=5e-4)
    adjusted = icc(data, "feed", "weight", group_size="adjusted")
    # sizes 10, 12, 14, 12, 11, 12: k0 = (71 - 849 / 71) / 5
    assert adjusted.k == pytest.approx((71 - 849 / 71) / 5)
    assert adjusted.icc2 == result.icc2


def test_icc_hand_computed_unbalanced_example():
    # Groups [1, 3], [2, 4, 6], [5, 7, 7, 9]: grand mean 44/9, SSB = (2*676 + 3*64 + 4*361)/81 = 2988/81,
    # SSW = 2 + 8 + 8 = 18, so MSB = 1494/81 (df 2) and MSW = 3 (df 6).
    data = _long({"a": [1, 3], "b": [2, 4, 6], "c": [5, 7, 7, 9]})
    msb, msw = Fraction(1494, 81), Fraction(3)
    mean_k = Fraction(9, 3)
    k0 = (9 - Fraction(4 + 9 + 16, 9)) / 2  # = 26/9
    result = icc(data, "group", "value")
    assert result.msb == pytest.approx(float(msb), rel=1e-14)
    assert result.msw == pytest.approx(float(msw), rel=1e-14)
    assert result.icc1 == pytest.approx(
        float((msb - msw) / (msb + (mean_k - 1) * msw)), rel=1e-13
    )  # 1251/1980
    assert result.icc2 == pytest.approx(float((msb - msw) / msb), rel=1e-13)  # 1251/1494
    adjusted = icc(data, "group", "value", group_size="adjusted")
    assert adjusted.k == pytest.approx(float(k0))
    assert adjusted.icc1 == pytest.approx(float(Fraction(1251, 1953)), rel=1e-13)
    # cross-check the F with scipy's one-way ANOVA
    f = stats.f_oneway([1, 3], [2, 4, 6], [5, 7, 7, 9]).statistic
    assert result.f == pytest.approx(f, rel=1e-12)


def test_icc_drops_incomplete_rows_and_keeps_singletons():
    data = _long({"a": [1, 3], "b": [2, 4, 6], "c": [5, 7, 7, 9]})
    padded = pd.concat(
        [data, pd.DataFrame({"group": ["a", None, "d"], "value": [np.nan, 4.0, 5.0]})], ignore_index=True
    )
    result = icc(padded, "group", "value")
    assert (result.n, result.n_groups, result.df_within) == (10, 4, 6)  # "d" is a singleton group


@pytest.mark.parametrize(
    ("data", "group", "value", "message"),
    [
        (pd.DataFrame({"g": [1, 1, 2], "v": [1, 2, 3]}), "g", "nope", "unknown column"),
        (pd.DataFrame({"g": [1, 1, 2], "v": ["a", "b", "c"]}), "g", "v", "numeric"),
        (pd.DataFrame({"g": [1, 1, 1], "v": [1, 2, 3]}), "g", "v", "at least 2 groups"),
        (pd.DataFrame({"g": [1, 2, 3], "v": [1, 2, 3]}), "g", "v", "single respondent"),
        (pd.DataFrame({"g": [1, 2], "v": [1, 2]}), "g", "v", "too few"),
        (pd.DataFrame({"g": [1, 1, 2, 2], "v": [3, 3, 3, 3]}), "g", "v", "zero variance"),
    ],
)
def test_icc_rejects_bad_input(data, group, value, message):
    with pytest.raises(ValueError, match=message):
        icc(data, group, value)


def test_icc_rejects_unknown_group_size():
    with pytest.raises(ValueError, match="group_size"):
        icc(_long(SIRSTV), "group", "value", group_size="median")


@settings(max_examples=50, deadline=None)
@given(
    values=arrays(np.float64, st.integers(6, 40), elements=st.integers(1, 5).map(float)),
    n_groups=st.integers(2, 5),
    a=st.floats(0.1, 10),
    b=st.floats(-10, 10),
)
# equal group means (7/3 and 7/3): after the shift MSB is ~6e-31 of rounding error, not zero
@example(values=np.array([1.0, 1.0, 1.0, 3.0, 5.0, 3.0]), n_groups=2, a=1.0, b=0.1)
def test_icc_is_invariant_to_linear_rescaling(values, n_groups, a, b):
    groups = np.arange(values.size) % n_groups
    frame = pd.DataFrame({"g": groups, "v": values})
    if values.std() == 0:
        return
    base = icc(frame, "g", "v")
    moved = icc(frame.assign(v=a * frame["v"] + b), "g", "v")
    assert moved.icc1 == pytest.approx(base.icc1, rel=1e-8, abs=1e-10)
    assert moved.icc2 == pytest.approx(base.icc2, rel=1e-8, abs=1e-10, nan_ok=True)
    assert base.icc1 <= 1 + 1e-12


def test_icc_treats_rounding_error_in_equal_group_means_as_zero():
    # groups [1, 1, 5] and [1, 3, 3] have the same mean 7/3; shifted by 0.1 they still do on paper
    frame = pd.DataFrame({"g": [0, 1, 0, 1, 0, 1], "v": [1.1, 1.1, 1.1, 3.1, 5.1, 3.1]})
    result = icc(frame, "g", "v")
    assert result.msb == 0.0
    assert np.isnan(result.icc2)
    assert result.icc1 == pytest.approx(-1 / (3 - 1))  # -1 / (k - 1) with k = 3
    assert result.msw == pytest.approx(10 / 3)  # SSW 32/3 + 8/3 = 40/3 on 4 df, unchanged by the shift


# --- rwg(j) ---------------------------------------------------------------------------------------


def _expect_r(result: pd.DataFrame, expected: dict) -> None:
    """Compare with R's rwg.j output (printed to 15 significant digits; None = NA)."""
    assert list(result.index) == list(expected)
    for group, (value, size) in expected.items():
        assert result.loc[group, "n"] == size, group
        if value is None:
            assert np.isnan(result.loc[group, "rwg_j"]), group
        else:
            assert result.loc[group, "rwg_j"] == pytest.approx(value, rel=1e-13, abs=1e-14), group


def test_rwg_j_matches_r_multilevel_on_the_shrout_fleiss_ratings():
    # the 4 judges rate 6 targets on a 10-point scale: one group of raters, the targets as items
    ratings = pd.DataFrame(np.array(SHROUT_FLEISS).T)
    result = rwg_j(ratings, ["judges"] * 4, n_options=10)
    assert result.loc["judges", "rwg_j"] == pytest.approx(RWG_SHROUT_FLEISS_R, rel=1e-13)
    assert result.loc["judges", "rwg_j"] == pytest.approx(78 / 119, rel=1e-14)  # by hand, see reference_data
    assert result.loc["judges", "n"] == 4


def test_rwg_j_matches_r_multilevel_with_missing_answers_and_truncation():
    data = pd.DataFrame(RWG_TEAMS).astype({q: float for q in ("q1", "q2", "q3", "q4")})
    items = data[["q1", "q2", "q3", "q4"]]
    per_item = {"missing": "per_item"}
    _expect_r(rwg_j(items, data["team"], n_options=5, **per_item), RWG_TEAMS_R_PAIRWISE_5)  # multilevel 2.8
    _expect_r(rwg_j(items, data["team"], n_options=7, **per_item), RWG_TEAMS_R_PAIRWISE_7)
    # the default is multilevel 2.7's: incomplete rows dropped first (team D drops out)
    _expect_r(rwg_j(items, data["team"], n_options=5), RWG_TEAMS_R_LISTWISE_5)
    # and the hand computation in reference_data, exactly
    result = rwg_j(items, data["team"], n_options=5, **per_item)
    assert result.loc["A", "rwg_j"] == pytest.approx(52 / 55, rel=1e-14)
    assert result.loc["B", "rwg_j"] == pytest.approx(20 / 21, rel=1e-14)
    seven = rwg_j(items, data["team"], n_options=7, **per_item)
    assert seven.loc["C", "rwg_j"] == pytest.approx(4 / 99, rel=1e-12)


def test_rwg_j_small_case_of_the_issue_equals_rwg_j_of_multilevel():
    # issue 20: rwg.j(X, g, ranvar = 2) in R 4.2 / multilevel 2.7 prints A 0.9130435 (gsize 3), B 0.9705882
    # (gsize 2). By hand, listwise: A keeps rows 1, 2, 4: variances 1/3, 0, 1 -> S = 4/9, S/2 = 2/9,
    # rwg(j) = 3 (7/9) / (3 (7/9) + 2/9) = 21/23; B keeps rows 1, 3: variances 0, 1/2, 0 -> S = 1/6,
    # S/2 = 1/12, rwg(j) = 3 (11/12) / (3 (11/12) + 1/12) = 33/34.
    nan = np.nan
    items = pd.DataFrame(
        {"a": [3, 4, nan, 4, 4, 5, 4], "b": [4, 4, 3, 4, 4, nan, 5], "c": [3, 4, 4, 5, 4, 5, 4]}
    )
    groups = ["A"] * 4 + ["B"] * 3
    result = rwg_j(items, groups, n_options=5)
    assert result.loc["A", "rwg_j"] == pytest.approx(0.9130435, abs=5e-8)
    assert result.loc["B", "rwg_j"] == pytest.approx(0.9705882, abs=5e-8)
    assert result.loc["A", "rwg_j"] == pytest.approx(21 / 23, rel=1e-14)
    assert result.loc["B", "rwg_j"] == pytest.approx(33 / 34, rel=1e-14)
    assert result["n"].tolist() == [3, 2]
    # the per-item rule, leerscan's old default, is still there by name and differs
    per_item = rwg_j(items, groups, n_options=5, missing="per_item")
    assert per_item.loc["A", "rwg_j"] == pytest.approx(0.919, abs=5e-4)
    assert per_item.loc["B", "rwg_j"] == pytest.approx(0.926, abs=5e-4)


def test_null_variances_are_the_published_ones():
    # LeBreton & Senter (2008), Table 3, 5 options: uniform 2.00, slight skew 1.34, moderate skew 0.90
    assert null_variance(5) == 2.0
    assert null_variance(5, "slight_skew") == pytest.approx(1.34, abs=1e-12)
    assert null_variance(5, "moderate_skew") == pytest.approx(0.90, abs=1e-12)
    assert null_variance(7) == 4.0
    with pytest.raises(ValueError, match="5 answer options"):
        null_variance(7, "slight_skew")
    with pytest.raises(ValueError, match="null must be"):
        null_variance(5, "heavy")


def test_rwg_summary_counts_groups_at_the_cut():
    summary = rwg_summary(pd.Series([0.5, 0.7, 0.9, np.nan, 0.95]))
    assert summary == {"mean": 0.7625, "median": 0.8, "min": 0.5, "max": 0.95, "groups": 4, "at_cut": 3}
    assert rwg_summary(pd.Series([np.nan]))["groups"] == 0


ITEMS = ["q1", "q2", "q3"]


def _answers(rows: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, *r) for g, group_rows in rows.items() for r in group_rows], columns=["team", *ITEMS]
    )


def test_rwg_j_hand_computed_example_with_truncation():
    # 5-point scale: sigma2_EU = (25 - 1) / 12 = 2 (James, Demaree & Wolf 1984).
    # Team A: item variances 1/3, 2/3, 0 -> S = 1/3, S/sigma2 = 1/6,
    #         rwg(j) = 3 (5/6) / (3 (5/6) + 1/6) = 15/16.
    # Team B: every item 1, 5, 1, 5 -> S = 16/3 > 2: truncated to S = sigma2, rwg(j) = 0 (multilevel
    #         rwg.j: "if (S > ranvar) S <- ranvar"); untruncated the formula would give 15/7 > 1.
    # Team C: one respondent -> NA in multilevel, nan here.
    data = _answers(
        {
            "A": [(4, 3, 4), (4, 4, 4), (5, 4, 4), (5, 5, 4)],
            "B": [(1, 1, 1), (5, 5, 5), (1, 1, 1), (5, 5, 5)],
            "C": [(3, 3, 3)],
        }
    )
    result = rwg_j(data[ITEMS], data["team"], n_options=5)
    assert list(result.index) == ["A", "B", "C"]
    assert list(result.columns) == ["rwg_j", "n"]
    assert result.loc["A", "rwg_j"] == pytest.approx(15 / 16, rel=1e-14)
    assert result.loc["B", "rwg_j"] == 0.0
    assert np.isnan(result.loc["C", "rwg_j"])
    assert result["n"].tolist() == [4, 4, 1]


def test_rwg_j_handles_missing_answers_per_item():
    # Team E: q1 answered 4, 5, 4 (variance 1/3), q2 5, 5 and q3 4, 4 (variance 0): S = 1/9,
    # S/sigma2 = 1/18, rwg(j) = 3 (17/18) / (3 (17/18) + 1/18) = 51/52. The empty row does not count.
    nan = np.nan
    data = _answers({"E": [(4, nan, 4), (5, 5, nan), (4, 5, 4), (nan, nan, nan)]})
    result = rwg_j(data, "team", n_options=5, missing="per_item")
    assert result.loc["E", "rwg_j"] == pytest.approx(51 / 52, rel=1e-14)
    assert result.loc["E", "n"] == 3
    # an item answered by a single member has no variance: nan, as R's mean() of an NA variance
    lonely = _answers({"F": [(4, nan, 4), (5, 5, 5), (4, nan, 5)]})
    assert np.isnan(rwg_j(lonely, "team", n_options=5, missing="per_item").loc["F", "rwg_j"])
    # listwise (the default) keeps only the complete row of F: one member, nan
    assert rwg_j(lonely, "team", n_options=5)["n"].tolist() == [1]


def test_rwg_j_single_item_is_rwg_and_seven_point_null():
    # J = 1: rwg = 1 - S / sigma2. 7-point scale: sigma2 = (49 - 1) / 12 = 4; answers 4,4,5,5: S = 1/3.
    data = pd.DataFrame({"team": ["A"] * 4, "q": [4, 4, 5, 5]})
    result = rwg_j(data[["q"]], data["team"].to_numpy(), n_options=7)
    assert result.loc["A", "rwg_j"] == pytest.approx(1 - (1 / 3) / 4, rel=1e-14)


def test_rwg_j_groups_by_position_when_indexes_differ():
    data = _answers({"A": [(4, 3, 4), (4, 4, 4), (5, 4, 4), (5, 5, 4)]}).set_index(pd.Index([10, 11, 12, 13]))
    result = rwg_j(data[ITEMS], pd.Series(["A"] * 4), n_options=5)
    assert result.loc["A", "rwg_j"] == pytest.approx(15 / 16)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": "nope", "n_options": 5}, "unknown column"),
        ({"groups": "team", "n_options": 1}, "n_options"),
        ({"groups": "team", "n_options": 4.5}, "n_options"),
        ({"groups": "team", "n_options": "five"}, "n_options"),
        ({"groups": ["A", "B"], "n_options": 5}, "one group per respondent"),
    ],
)
def test_rwg_j_rejects_bad_input(kwargs, message):
    data = _answers({"A": [(4, 3, 4), (4, 4, 4)], "B": [(1, 2, 3), (2, 2, 2)]})
    with pytest.raises(ValueError, match=message):
        rwg_j(data, **kwargs)


def test_rwg_j_rejects_non_numeric_items():
    data = _answers({"A": [(4, 3, 4), (4, 4, 4)]}).assign(q2="x")
    with pytest.raises(ValueError, match="numeric"):
        rwg_j(data, "team", n_options=5)


@settings(max_examples=60, deadline=None)
@given(
    values=arrays(
        np.float64, st.tuples(st.integers(2, 40), st.integers(1, 5)), elements=st.integers(1, 5).map(float)
    ),
    n_groups=st.integers(1, 6),
    shift=st.integers(-3, 3),
)
def test_rwg_j_is_within_zero_and_one(values, n_groups, shift):
    groups = np.arange(values.shape[0]) % n_groups
    items = pd.DataFrame(values)
    result = rwg_j(items, groups, n_options=5)
    finite = result["rwg_j"].dropna()
    assert ((finite >= 0) & (finite <= 1)).all()
    assert result["n"].sum() == values.shape[0]
    moved = rwg_j(items + shift, groups, n_options=5)
    assert moved["rwg_j"].to_numpy() == pytest.approx(result["rwg_j"].to_numpy(), abs=1e-12, nan_ok=True)
