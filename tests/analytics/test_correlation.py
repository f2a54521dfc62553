"""Spearman table against R's cor.test output (see reference_data for sources)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from leerscan.analytics import spearman_table
from leerscan.analytics.correlation import format_r
from tests.analytics.reference_data import (
    DENIS_ITEMS,
    DENIS_SPSS,
    IRIS,
    IRIS_SPEARMAN_PETALS,
    MTCARS,
    MTCARS_SPEARMAN_WT_MPG,
    TUNA_X,
    TUNA_Y,
    to_decimals,
    to_significant,
)

FIVE_X = [1, 2, 3, 4, 5]
FIVE_Y = [8, 6, 7, 5, 3]


def test_rho_and_t_approximation_p_match_r_without_ties():
    # R reg-tests-2: cor.test(1:5, c(8, 6, 7, 5, 3), method = "spearman", exact = FALSE):
    # rho = -0.9, p-value = 0.03739
    table = spearman_table(pd.DataFrame({"x": FIVE_X, "y": FIVE_Y}))
    assert table.r.loc["x", "y"] == to_decimals(-0.9, 12)
    assert table.p.loc["x", "y"] == to_significant(0.03739, 4)
    assert table.n.loc["x", "y"] == 5
    # R ?cor.test tuna data: rho = 0.6
    tuna = spearman_table(pd.DataFrame({"x": TUNA_X, "y": TUNA_Y}))
    assert tuna.r.loc["x", "y"] == to_decimals(0.6, 12)


def test_rho_and_p_match_r_with_ties():
    # cor.test(mtcars$wt, mtcars$mpg, method = "spearman"): rho = -0.886422, p-value = 1.488e-11
    mtcars = pd.DataFrame(MTCARS)
    table = spearman_table(mtcars[["wt", "mpg"]])
    assert table.r.loc["wt", "mpg"] == to_decimals(MTCARS_SPEARMAN_WT_MPG["rho"], 6)
    assert table.p.loc["wt", "mpg"] == to_significant(MTCARS_SPEARMAN_WT_MPG["p"], 4)
    # cor.test(iris$Petal.Length, iris$Petal.Width, method = "spearman"): rho = 0.9376668
    iris = spearman_table(pd.DataFrame(IRIS))
    assert iris.r.loc["Petal.Length", "Petal.Width"] == to_decimals(IRIS_SPEARMAN_PETALS, 7)
    assert iris.r.to_numpy() == pytest.approx(iris.r.to_numpy().T)


def test_pairwise_deletion_ranks_each_pair_on_its_own_cases():
    # The R values above must survive padding with rows that miss one of the two variables.
    frame = pd.DataFrame(
        {
            "wt": MTCARS["wt"] + [np.nan] * 5 + [1.0, 9.0],
            "mpg": MTCARS["mpg"] + [10.0, 40.0, 20.0, 11.0, 35.0] + [np.nan] * 2,
            "a": FIVE_X + [np.nan] * 34,
            "b": FIVE_Y + [np.nan] * 34,
        }
    )
    table = spearman_table(frame)
    assert table.r.loc["wt", "mpg"] == to_decimals(MTCARS_SPEARMAN_WT_MPG["rho"], 6)
    assert table.p.loc["wt", "mpg"] == to_significant(MTCARS_SPEARMAN_WT_MPG["p"], 4)
    assert table.r.loc["a", "b"] == to_decimals(-0.9, 12)
    assert table.n.loc["wt", "mpg"] == 32
    assert table.n.loc["a", "b"] == 5
    assert table.n.loc["a", "wt"] == 5
    assert table.n.loc["mpg", "mpg"] == 37
    assert table.count.to_dict() == {"wt": 34, "mpg": 37, "a": 5, "b": 5}


def test_means_and_sds_use_each_variables_own_answers():
    # SPSS item statistics of Denis' example: means 7.3 ... 7.0, SDs 2.71006 ... 3.80058; a missing
    # answer in another item must not change them.
    frame = pd.DataFrame(DENIS_ITEMS, dtype=float)
    frame.loc[10] = [np.nan, np.nan, 4.0, np.nan, np.nan]
    table = spearman_table(frame)
    assert table.mean[["Item_1", "Item_2", "Item_4", "Item_5"]].tolist() == pytest.approx(
        [7.3, 8.8, 9.4, 7.0]
    )
    sds = table.sd[["Item_1", "Item_2", "Item_4", "Item_5"]].tolist()
    expected = [DENIS_SPSS["item_sd"][i] for i in (0, 1, 3, 4)]
    assert sds == [to_decimals(v, 5) for v in expected]
    assert table.mean["Item_3"] == pytest.approx((91 + 4) / 11)


def test_format_table_looks_like_an_apa_table():
    frame = pd.DataFrame(
        {
            "wt": MTCARS["wt"],
            "mpg": MTCARS["mpg"],
            "a": FIVE_X + [np.nan] * 27,
            "b": FIVE_Y + [np.nan] * 27,
        }
    )
    table = spearman_table(frame).format_table()
    assert list(table.columns) == ["Mean", "SD", "1", "2", "3", "4"]
    assert list(table.index) == ["wt", "mpg", "a", "b"]
    assert table.loc["mpg", "1"] == "-.89**"  # R: -0.886422, p = 1.5e-11
    assert table.loc["b", "3"] == "-.90*"  # R: -0.9, p = .037
    assert [table.loc[name, str(i + 1)] for i, name in enumerate(table.index)] == ["\u2014"] * 4
    assert table.loc["wt", "2"] == "" and table.loc["a", "4"] == ""
    assert table.loc["a", "Mean"] == "3.00"
    assert table.loc["a", "SD"] == "1.58"
    three = spearman_table(pd.DataFrame({"x": TUNA_X, "y": TUNA_Y})).format_table(decimals=3)
    assert three.loc["y", "1"] == ".600"  # p = .088 (t approximation): no star


def test_format_r_rules():
    assert format_r(0.314, 0.004) == ".31**"
    assert format_r(-0.052, 0.6) == "-.05"
    assert format_r(0.21, 0.03) == ".21*"
    assert format_r(-0.003, 0.9) == "-.00"  # sign kept, as in the published reference table
    assert format_r(np.nan, np.nan) == ""
    assert format_r(0.05, 0.01) == ".05*"  # p < .01 is strict: p = .01 gets one star
    assert format_r(0.05, 0.05) == ".05"


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"a": [1, 2, 3]}), "at least 2 columns"),
        (pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}), "numeric"),
        (pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 2]}), "zero variance"),
        (pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, np.nan, np.nan]}), "too few"),
    ],
)
def test_spearman_rejects_bad_input(frame, message):
    with pytest.raises(ValueError, match=message):
        spearman_table(frame)


def test_a_pair_with_too_few_common_answers_is_missing_not_an_error():
    frame = pd.DataFrame({"a": [1, 2, 3, np.nan, np.nan, np.nan], "b": [np.nan, np.nan, 1, 2, 3, 4]})
    table = spearman_table(frame)
    assert np.isnan(table.r.loc["a", "b"]) and np.isnan(table.p.loc["a", "b"])
    assert table.format_table().loc["b", "1"] == ""


columns = arrays(np.float64, st.tuples(st.integers(5, 40), st.just(3)), elements=st.integers(1, 7).map(float))


@settings(max_examples=60, deadline=None)
@given(values=columns)
def test_rho_is_invariant_under_monotone_transforms(values):
    frame = pd.DataFrame(values, columns=["a", "b", "c"])
    if (frame.nunique() < 2).any():
        return
    base = spearman_table(frame)
    transformed = frame.assign(a=np.exp(frame["a"]), b=frame["b"] ** 3, c=10 - frame["c"])
    moved = spearman_table(transformed)
    sign = np.array([[1, 1, -1], [1, 1, -1], [-1, -1, 1]])
    assert moved.r.to_numpy() == pytest.approx(base.r.to_numpy() * sign, abs=1e-12, nan_ok=True)
    assert moved.p.to_numpy() == pytest.approx(base.p.to_numpy(), abs=1e-12, nan_ok=True)
    r = base.r.to_numpy()
    assert np.nanmax(np.abs(r)) <= 1 + 1e-12
    assert r == pytest.approx(r.T, nan_ok=True)
