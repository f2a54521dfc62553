"""SPSS-complete reliability and regression tables against R, run live (psych, car; see rlive.py).

Generated data, as they come and with 10 % of the answers missing (alpha and the regression are
listwise, as SPSS: R gets ``na.omit`` data for psych::alpha, whose own default is pairwise, and
lm's default ``na.omit``). Everything is compared to 1e-9.
"""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import cronbach_alpha, hierarchical_regression
from tests.analytics.rlive import run_r

ITEMS = ["i1", "i2", "i3", "i4", "i5"]
PREDICTORS = ["x1", "x2", "x3", "x4"]
CASES = {"full": 0.0, "gaps": 0.10}
TOL = {"rtol": 0, "atol": 1e-9}


def _data(missing: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 160
    trait = rng.normal(0, 1, n)
    items = np.clip(np.rint(3 + trait[:, None] * rng.uniform(0.5, 1.0, 5) + rng.normal(0, 0.9, (n, 5))), 1, 5)
    x = rng.normal(0, 1, (n, 4)) + 0.5 * trait[:, None]
    y = 2 + x @ np.array([0.4, -0.3, 0.2, 0.0]) + rng.normal(0, 1, n)
    frame = pd.DataFrame(np.column_stack([items, x, y]), columns=[*ITEMS, *PREDICTORS, "y"])
    return frame.mask(rng.random(frame.shape) < missing)


R_SCRIPT = r"""
for (case in c("full", "gaps")) {
  d <- get(case)
  x <- na.omit(d[, c("i1", "i2", "i3", "i4", "i5")])
  a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
  k <- ncol(x)
  out(paste0(case, ".alpha"), a$total$raw_alpha)
  out(paste0(case, ".std_alpha"), a$total$std.alpha)
  out(paste0(case, ".alpha_drop"), a$alpha.drop$raw_alpha)
  out(paste0(case, ".r_drop"), a$item.stats$r.drop)
  out(paste0(case, ".mean"), a$item.stats$mean)
  out(paste0(case, ".sd"), a$item.stats$sd)
  out(paste0(case, ".n"), nrow(x))
  out(paste0(case, ".cor"), cor(x))
  out(paste0(case, ".smc"), psych::smc(cor(x)))
  out(paste0(case, ".mean_drop"), sapply(1:k, function(i) mean(rowSums(x[, -i]))))
  out(paste0(case, ".var_drop"), sapply(1:k, function(i) var(rowSums(x[, -i]))))

  r <- na.omit(d[, c("y", "x1", "x2", "x3", "x4")])
  m1 <- lm(y ~ x1 + x2, r)
  m <- lm(y ~ x1 + x2 + x3 + x4, r)
  s <- summary(m)
  out(paste0(case, ".B"), coef(m))
  out(paste0(case, ".SE"), s$coefficients[, 2])
  out(paste0(case, ".t"), s$coefficients[, 3])
  out(paste0(case, ".p"), s$coefficients[, 4])
  out(paste0(case, ".ci_low"), confint(m)[, 1])
  out(paste0(case, ".ci_high"), confint(m)[, 2])
  out(paste0(case, ".vif"), car::vif(m))
  out(paste0(case, ".dw"), car::durbinWatsonTest(resid(m)))
  pred <- c("x1", "x2", "x3", "x4")
  rest <- function(v) resid(lm(reformulate(setdiff(pred, v), v), r))
  out(paste0(case, ".zero"), sapply(pred, function(v) cor(r$y, r[[v]])))
  y_rest <- function(v) resid(lm(reformulate(setdiff(pred, v), "y"), r))
  out(paste0(case, ".partial"), sapply(pred, function(v) cor(y_rest(v), rest(v))))
  out(paste0(case, ".part"), sapply(pred, function(v) cor(r$y, rest(v))))
  out(paste0(case, ".summary"), c(sqrt(s$r.squared), s$r.squared, s$adj.r.squared, s$sigma, s$fstatistic))
  av <- anova(m)
  out(paste0(case, ".anova"), c(sum(av[pred, "Sum Sq"]), av["Residuals", "Sum Sq"], av["Residuals", "Df"]))
  change <- anova(m1, m)
  out(paste0(case, ".change"), c(summary(m)$r.squared - summary(m1)$r.squared, change$F[2],
                                 change$Df[2], change$Res.Df[2], change[["Pr(>F)"]][2]))
}
"""


@pytest.fixture(scope="module")
def reference():
    frames = {case: _data(missing, seed=40 + i) for i, (case, missing) in enumerate(CASES.items())}
    return frames, run_r(R_SCRIPT, frames, packages=("psych", "car"))


@pytest.mark.parametrize("case", list(CASES))
def test_reliability_tables_equal_psych_alpha(reference, case):
    frames, r = reference
    result = cronbach_alpha(frames[case][ITEMS])
    assert result.n == r[f"{case}.n"][0]
    assert result.alpha == pytest.approx(r[f"{case}.alpha"][0], abs=1e-9)
    assert result.alpha_standardized == pytest.approx(r[f"{case}.std_alpha"][0], abs=1e-9)
    stats_ = result.item_statistics
    np.testing.assert_allclose(stats_["mean"], r[f"{case}.mean"], **TOL)
    np.testing.assert_allclose(stats_["sd"], r[f"{case}.sd"], **TOL)
    np.testing.assert_allclose(result.inter_item_correlations.to_numpy().ravel(), r[f"{case}.cor"], **TOL)
    total = result.item_total
    np.testing.assert_allclose(total["scale_mean_if_deleted"], r[f"{case}.mean_drop"], **TOL)
    np.testing.assert_allclose(total["scale_variance_if_deleted"], r[f"{case}.var_drop"], **TOL)
    np.testing.assert_allclose(total["corrected_item_total"], r[f"{case}.r_drop"], **TOL)
    np.testing.assert_allclose(total["squared_multiple_correlation"], r[f"{case}.smc"], **TOL)
    np.testing.assert_allclose(total["alpha_if_item_deleted"], r[f"{case}.alpha_drop"], **TOL)


@pytest.mark.parametrize("case", list(CASES))
def test_regression_tables_equal_lm_and_car(reference, case):
    frames, r = reference
    first, step = hierarchical_regression(frames[case], "y", [["x1", "x2"], ["x3", "x4"]])
    table = step.coefficients
    for column, key in [
        ("B", "B"),
        ("SE", "SE"),
        ("t", "t"),
        ("p", "p"),
        ("ci_low", "ci_low"),
        ("ci_high", "ci_high"),
    ]:
        np.testing.assert_allclose(table[column], r[f"{case}.{key}"], err_msg=column, **TOL)
    for column, key in [("VIF", "vif"), ("zero_order", "zero"), ("partial", "partial"), ("part", "part")]:
        np.testing.assert_allclose(table[column].iloc[1:], r[f"{case}.{key}"], err_msg=column, **TOL)
    np.testing.assert_allclose(table["tolerance"].iloc[1:], 1 / r[f"{case}.vif"], **TOL)
    assert step.durbin_watson == pytest.approx(r[f"{case}.dw"][0], abs=1e-9)
    big_r, r2, adj, sigma, f, df1, df2 = r[f"{case}.summary"]
    assert (step.r, step.r2, step.adj_r2, step.residual_sd, step.f) == pytest.approx(
        (big_r, r2, adj, sigma, f), abs=1e-9
    )
    assert (len(step.predictors), step.df2) == (df1, df2)
    ss_regression, ss_residual, df_residual = r[f"{case}.anova"]
    anova = step.anova()
    assert anova.loc["Regression", "sum_of_squares"] == pytest.approx(ss_regression, abs=1e-9)
    assert anova.loc["Residual", "sum_of_squares"] == pytest.approx(ss_residual, abs=1e-9)
    assert anova.loc["Residual", "df"] == df_residual and anova.loc["Total", "df"] == step.n - 1
    r2_change, f_change, change_df1, change_df2, p_change = r[f"{case}.change"]
    assert (step.r2_change, step.f_change, step.p_f_change) == pytest.approx(
        (r2_change, f_change, p_change), abs=1e-9
    )
    assert (step.df1, step.df2) == (change_df1, change_df2) and first.n == step.n
