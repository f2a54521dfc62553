"""Multiple imputation: statsmodels' MICE makes the completed data sets, leerscan pools them by Rubin's
rules, and R's mice::pool, given the very same completed data sets, gives the same numbers (1e-9)."""

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics.imputation import completed_datasets, imputed_regression, rubin_pool
from tests.analytics.rlive import run_r

PREDICTORS = ["x1", "x2", "x3"]
M, SEED = 5, 11


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    n = 120
    x = rng.normal(size=(n, 3))
    y = 1 + x @ np.array([0.5, -0.3, 0.2]) + rng.normal(size=n)
    frame = pd.DataFrame(np.column_stack([y, x]), columns=["y", *PREDICTORS])
    return frame.mask(rng.random(frame.shape) < 0.10)


R_SCRIPT = r"""
fits <- lapply(split(stacked, stacked$.imp), function(d) lm(y ~ x1 + x2 + x3, data = d))
pooled <- mice::pool(mice::as.mira(fits))
s <- summary(pooled)
p <- pooled$pooled
for (name in c("estimate", "ubar", "b", "t", "df", "riv", "lambda", "fmi")) out(name, p[[name]])
out("se", s$std.error); out("statistic", s$statistic); out("p", s$p.value); out("dfcom", p$dfcom)
"""


def test_rubin_pooling_equals_mice_pool_on_the_same_completed_data(data):
    result = imputed_regression(data, "y", PREDICTORS, m=M, seed=SEED)
    completed = completed_datasets(data[["y", *PREDICTORS]], M, SEED)
    stacked = pd.concat([c.assign(**{".imp": i}) for i, c in enumerate(completed, 1)], ignore_index=True)
    r = run_r(R_SCRIPT, {"stacked": stacked}, packages=("mice",))
    assert r["dfcom"][0] == len(data) - 4
    for column in ("estimate", "ubar", "b", "t", "df", "riv", "lambda", "fmi", "se", "statistic", "p"):
        np.testing.assert_allclose(result.pooled[column], r[column], rtol=0, atol=1e-9, err_msg=column)
    # the imputations differ (b > 0); the seed repeats them: R pooled a second run's data sets
    assert (result.pooled["b"] > 0).all() and (result.m, result.seed, result.n) == (M, SEED, len(data))
    assert not completed[0].isna().any().any() and result.n_complete < result.n


def test_rubin_pool_by_hand():
    # two imputations of one parameter: qbar 2, ubar 1, b 2, t = 1 + 1.5 * 2 = 4, lambda = 3/4
    pooled = rubin_pool(np.array([[1.0], [3.0]]), np.array([[0.5], [1.5]]), dfcom=np.inf)
    assert pooled.loc[0, ["estimate", "ubar", "b", "t"]].tolist() == [2.0, 1.0, 2.0, 4.0]
    assert pooled.loc[0, "df"] == pytest.approx(1 / 0.75**2)  # (m - 1) / lambda^2
    with pytest.raises(ValueError, match="at least 2 imputations"):
        rubin_pool(np.array([[1.0]]), np.array([[1.0]]), dfcom=10)
