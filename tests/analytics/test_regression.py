"""Hierarchical regression against the NIST Longley certified values and R output."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerscan.analytics import hierarchical_regression
from tests.analytics.reference_data import (
    LONGLEY,
    LONGLEY_CERTIFIED,
    LONGLEY_R_BETA,
    LONGLEY_R_F_CHANGE,
    LONGLEY_R_STEP1,
    to_decimals,
    to_significant,
)

BLOCKS = [["GNP"], ["GNPDEFL", "UNEMP", "ARMED", "POP", "YEAR"]]


@pytest.fixture(scope="module")
def longley():
    return pd.DataFrame(LONGLEY)


@pytest.fixture(scope="module")
def steps(longley):
    return hierarchical_regression(longley, "TOTEMP", BLOCKS)


def test_full_model_reproduces_nist_certified_values(steps):
    full = steps[1]
    table = full.coefficients
    for name, certified in LONGLEY_CERTIFIED["B"].items():
        assert table.loc[name, "B"] == pytest.approx(certified, rel=1e-9), name  # >= 9 significant digits
    for name, certified in LONGLEY_CERTIFIED["SE"].items():
        assert table.loc[name, "SE"] == pytest.approx(certified, rel=1e-9), name
    assert full.r2 == pytest.approx(LONGLEY_CERTIFIED["r2"], abs=1e-12)
    assert full.residual_sd == pytest.approx(LONGLEY_CERTIFIED["residual_sd"], rel=1e-10)
    assert full.f == pytest.approx(LONGLEY_CERTIFIED["f"], rel=1e-9)
    assert (full.n, full.df2) == (16, 9)


def test_first_step_matches_r_lm_output(steps):
    # summary(lm(Employed ~ GNP, data = longley)) in R, rescaled to NIST units (intercept x 1000)
    first = steps[0]
    table = first.coefficients
    assert table.loc["const", "B"] == to_decimals(LONGLEY_R_STEP1["B_const"], 0)
    assert table.loc["const", "SE"] == to_decimals(LONGLEY_R_STEP1["SE_const"], 0)
    assert table.loc["GNP", "B"] == to_decimals(LONGLEY_R_STEP1["B_GNP"], 6)
    assert table.loc["GNP", "SE"] == to_decimals(LONGLEY_R_STEP1["SE_GNP"], 6)
    assert first.r2 == to_decimals(LONGLEY_R_STEP1["r2"], 4)
    assert first.adj_r2 == to_decimals(LONGLEY_R_STEP1["adj_r2"], 3)
    assert first.f == to_decimals(LONGLEY_R_STEP1["f"], 1)
    assert first.p_f == to_significant(LONGLEY_R_STEP1["p"], 4)
    # a one-predictor R^2 is the squared correlation; cor(longley) prints r = 0.9835516
    assert first.r2 == pytest.approx(LONGLEY_R_STEP1["r_gnp_employed"] ** 2, abs=2e-7)
    # step 1 is compared with the intercept-only model: its F change is the model F
    assert first.f_change == pytest.approx(first.f, rel=1e-12)
    assert first.r2_change == pytest.approx(first.r2, rel=1e-12)
    assert (first.df1, first.df2) == (1, 14)


def test_r2_change_and_f_change_of_the_second_block(steps):
    first, full = steps
    # R: anova(lm.1, lm.2): F = 11.19, Pr(>F) = 0.001186
    assert full.f_change == to_decimals(LONGLEY_R_F_CHANGE["f"], 2)
    assert full.p_f_change == to_significant(LONGLEY_R_F_CHANGE["p"], 4)
    # identity with the certified R^2: F = ((R2_2 - R2_1) / df1) / ((1 - R2_2) / df2)
    r2_2 = LONGLEY_CERTIFIED["r2"]
    assert full.f_change == pytest.approx(((r2_2 - first.r2) / 5) / ((1 - r2_2) / 9), rel=1e-9)
    assert full.r2_change == pytest.approx(r2_2 - first.r2, abs=1e-12)
    assert (full.df1, full.df2) == (5, 9)


def test_beta_matches_r_standardized_coefficients(steps):
    # QuantPsyc::lm.beta(lm(Employed ~ ., longley)), printed to 8 decimals
    table = steps[1].coefficients
    for name, beta in LONGLEY_R_BETA.items():
        assert table.loc[name, "Beta"] == to_decimals(beta, 8), name
    assert np.isnan(table.loc["const", "Beta"])
    assert list(table.columns) == [
        "B", "SE", "Beta", "t", "p", "ci_low", "ci_high", "zero_order", "partial", "part", "tolerance", "VIF",
    ]  # fmt: skip
    assert list(table.index) == ["const", "GNP", "GNPDEFL", "UNEMP", "ARMED", "POP", "YEAR"]
    # R summary(lm.2): t and p of Unemployed -4.136, 0.002535
    assert table.loc["UNEMP", "t"] == to_decimals(-4.136, 3)
    assert table.loc["UNEMP", "p"] == to_significant(0.002535, 4)


def test_predictors_accumulate_over_steps(steps):
    assert steps[0].predictors == ("GNP",)
    assert steps[1].predictors == ("GNP", "GNPDEFL", "UNEMP", "ARMED", "POP", "YEAR")
    assert [s.step for s in steps] == [1, 2]


def test_listwise_deletion_over_all_blocks(longley):
    padded = pd.concat(
        [longley, pd.DataFrame({"TOTEMP": [60000.0], "GNP": [300000.0], "YEAR": [np.nan]})],
        ignore_index=True,
    )
    steps = hierarchical_regression(padded, "TOTEMP", BLOCKS)
    # the row missing YEAR (a step-2 predictor) is dropped from step 1 too, as SPSS does
    assert [s.n for s in steps] == [16, 16]
    assert steps[0].coefficients.loc["GNP", "B"] == to_decimals(LONGLEY_R_STEP1["B_GNP"], 6)


@pytest.mark.parametrize(
    ("outcome", "blocks", "message"),
    [
        ("TOTEMP", [["GNP"], ["NOPE"]], "unknown column"),
        ("NOPE", [["GNP"]], "unknown column"),
        ("TOTEMP", [["GNP"], ["GNP"]], "more than once"),
        ("TOTEMP", [["TOTEMP"]], "also listed as a predictor"),
        ("TOTEMP", [["GNP"], []], "non-empty"),
        ("TOTEMP", [], "non-empty"),
        ("TOTEMP", [["CONST"]], "zero variance"),
        ("TOTEMP", [["GNP", "GNP2"]], "collinear"),
        ("TOTEMP", [["LABEL"]], "numeric"),
    ],
)
def test_regression_rejects_bad_input(longley, outcome, blocks, message):
    data = longley.assign(CONST=1.0, GNP2=longley["GNP"] * 2 + 1, LABEL="x")
    with pytest.raises(ValueError, match=message):
        hierarchical_regression(data, outcome, blocks)


def test_regression_needs_more_cases_than_predictors(longley):
    with pytest.raises(ValueError, match="too few complete cases"):
        hierarchical_regression(longley.head(7), "TOTEMP", BLOCKS)
    with pytest.raises(ValueError, match="too few"):
        hierarchical_regression(longley.head(2), "TOTEMP", [["GNP"]])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    a=st.floats(0.01, 100),
    b=st.floats(-1000, 1000),
)
def test_fit_statistics_are_invariant_to_linear_rescaling(seed, a, b):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 3))
    y = x @ [0.5, -0.3, 0.2] + rng.normal(size=40)
    frame = pd.DataFrame({"y": y, "x1": x[:, 0], "x2": x[:, 1], "x3": x[:, 2]})
    blocks = [["x1"], ["x2", "x3"]]
    base = hierarchical_regression(frame, "y", blocks)
    scaled = hierarchical_regression(frame.assign(y=a * frame["y"] + b, x2=frame["x2"] / a - b), "y", blocks)
    for one, two in zip(base, scaled, strict=True):
        assert two.r2 == pytest.approx(one.r2, abs=1e-10)
        assert two.f_change == pytest.approx(one.f_change, rel=1e-8)
        beta_1, beta_2 = one.coefficients["Beta"].iloc[1:], two.coefficients["Beta"].iloc[1:]
        assert beta_2.to_numpy() == pytest.approx(beta_1.to_numpy(), rel=1e-8, abs=1e-10)
        assert two.coefficients["t"].iloc[1:].to_numpy() == pytest.approx(
            one.coefficients["t"].iloc[1:].to_numpy(), rel=1e-8, abs=1e-8
        )
    assert base[1].r2 >= base[0].r2 - 1e-12
    assert base[1].r2_change == pytest.approx(base[1].r2 - base[0].r2, abs=1e-12)
