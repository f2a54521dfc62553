"""Multiple imputation for the regressions: statsmodels' MICE, then Rubin's rules as R's mice::pool.

:func:`completed_datasets` makes ``m`` completed copies of the data with statsmodels' ``MICEData``
(chained equations, predictive mean matching, seeded so a run can be repeated), :func:`rubin_pool`
pools estimates and their squared standard errors with Rubin's (1987) rules and the Barnard-Rubin
(1999) degrees of freedom, exactly as ``mice::pool`` (mice 3.15) does, and
:func:`imputed_regression` does both for one OLS model. Plain Python: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics._checks import numeric_matrix, require_columns, require_frame

__all__ = ["ImputedRegression", "completed_datasets", "imputed_regression", "rubin_pool"]

DEFAULT_M = 20
DEFAULT_SEED = 2026
BURN_IN, SKIP = 10, 3  # MICE cycles before the first completed data set, and between the next ones
POOL_COLUMNS = ["estimate", "ubar", "b", "t", "se", "statistic", "df", "p", "riv", "lambda", "fmi"]


def rubin_pool(estimates: np.ndarray, variances: np.ndarray, dfcom: float, names=None) -> pd.DataFrame:
    """Pool ``m`` estimates (rows) of ``p`` parameters (columns) with their sampling variances.

    As ``mice::pool``: ``estimate`` = mean, ``ubar`` = mean variance, ``b`` = variance between the
    imputations, ``t = ubar + (1 + 1/m) b``, ``df`` Barnard & Rubin's with the complete-data ``dfcom``
    (lambda kept at least 1e-4), ``riv``, ``lambda`` and ``fmi = (riv + 2/(df + 3)) / (riv + 1)``;
    ``statistic = estimate / sqrt(t)`` with a two-sided t test on ``df``.
    """
    q = np.atleast_2d(np.asarray(estimates, dtype=float))
    u = np.atleast_2d(np.asarray(variances, dtype=float))
    m = q.shape[0]
    if m < 2 or q.shape != u.shape:
        raise ValueError("need at least 2 imputations with one variance per estimate")
    qbar, ubar, b = q.mean(axis=0), u.mean(axis=0), q.var(axis=0, ddof=1)
    t = ubar + (1 + 1 / m) * b
    lam = np.maximum((1 + 1 / m) * b / t, 1e-4)
    dfold = (m - 1) / lam**2
    dfobs = (dfcom + 1) / (dfcom + 3) * dfcom * (1 - lam)
    df = dfold * dfobs / (dfold + dfobs) if np.isfinite(dfcom) else dfold
    riv = (1 + 1 / m) * b / ubar
    statistic = qbar / np.sqrt(t)
    table = {
        "estimate": qbar, "ubar": ubar, "b": b, "t": t, "se": np.sqrt(t), "statistic": statistic, "df": df,
        "p": 2 * stats.t.sf(np.abs(statistic), df), "riv": riv, "lambda": (1 + 1 / m) * b / t,
        "fmi": (riv + 2 / (df + 3)) / (riv + 1),
    }  # fmt: skip
    return pd.DataFrame(table, index=names)[POOL_COLUMNS]


def completed_datasets(
    data: pd.DataFrame, m: int = DEFAULT_M, seed: int = DEFAULT_SEED
) -> list[pd.DataFrame]:
    """``m`` completed copies of the numeric ``data`` by statsmodels' MICEData (seeded; the first after
    :data:`BURN_IN` cycles of chained equations, each next one :data:`SKIP` cycles later)."""
    from statsmodels.imputation.mice import MICEData

    require_frame(data)
    values = pd.DataFrame(numeric_matrix(data), columns=[f"v{i}" for i in range(data.shape[1])])
    imputer = MICEData(values, rng=np.random.default_rng(seed))
    completed = []
    for number in range(m):
        imputer.update_all(BURN_IN if number == 0 else SKIP)
        completed.append(imputer.data.copy().set_axis(list(data.columns), axis=1))
    return completed


def _ols(frame: pd.DataFrame, outcome: str, predictors: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    x = np.column_stack([np.ones(len(frame)), frame[predictors].to_numpy(float)])
    y = frame[outcome].to_numpy(float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    df = len(y) - x.shape[1]
    covariance = (resid @ resid / df) * np.linalg.inv(x.T @ x)
    return coef, np.diag(covariance), df


@dataclass(frozen=True)
class ImputedRegression:
    """Result of :func:`imputed_regression`: ``pooled`` by predictor, ``const`` first (:func:`rubin_pool`)."""

    pooled: pd.DataFrame
    m: int
    seed: int
    n: int  # rows used (every row with at least the outcome or a predictor)
    n_complete: int  # rows a listwise analysis would keep


def imputed_regression(
    data: pd.DataFrame, outcome: str, predictors: list[str], m: int = DEFAULT_M, seed: int = DEFAULT_SEED
) -> ImputedRegression:
    """OLS of ``outcome`` on ``predictors`` in ``m`` imputed data sets (MICE), pooled by Rubin's rules.

    Missing data: every respondent with at least one of the variables is kept; missing values are
    imputed from the other variables of the model (chained equations, predictive mean matching).
    """
    require_frame(data)
    columns = require_columns(data, [outcome, *predictors])
    frame = data[columns].apply(pd.to_numeric, errors="coerce")
    frame = frame[frame.notna().any(axis=1)].reset_index(drop=True)
    fits = [_ols(c, outcome, predictors) for c in completed_datasets(frame, m, seed)]
    estimates = np.array([f[0] for f in fits])
    variances = np.array([f[1] for f in fits])
    pooled = rubin_pool(estimates, variances, fits[0][2], names=["const", *predictors])
    return ImputedRegression(pooled, m, seed, len(frame), int(frame.notna().all(axis=1).sum()))
