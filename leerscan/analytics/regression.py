"""Hierarchical (blockwise) OLS regression with the statistics SPSS REGRESSION prints.

Plain Python (NumPy, SciPy, pandas): no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics._checks import (
    numeric_matrix,
    require_columns,
    require_frame,
    require_min_cases,
    require_variance,
)

__all__ = ["RegressionStep", "hierarchical_regression"]


@dataclass(frozen=True)
class RegressionStep:
    """One step (model) of :func:`hierarchical_regression`.

    ``coefficients`` is indexed by predictor, first row ``const``, with the columns of SPSS's
    Coefficients table: ``B``, ``SE``, ``Beta`` (standardized, ``nan`` for the constant), ``t``,
    ``p``, ``ci_low``/``ci_high`` (95 % CI for B), the ``zero_order``, ``partial`` and ``part``
    correlations, ``tolerance`` and ``VIF`` (``nan`` for the constant). ``df1``/``df2`` are the
    degrees of freedom of the F-change test; ``f``/``p_f`` the overall model F test, whose ANOVA
    table is ``ss_regression``/``ss_residual`` on ``len(predictors)`` and ``df2`` degrees of freedom.
    ``residual_sd`` is the standard error of the estimate; ``durbin_watson`` is computed on the
    residuals in the data's row order (as SPSS /RESIDUALS DURBIN).
    """

    step: int
    predictors: tuple[str, ...]
    n: int
    r2: float
    adj_r2: float
    r2_change: float
    f_change: float
    df1: int
    df2: int
    p_f_change: float
    f: float
    p_f: float
    residual_sd: float
    coefficients: pd.DataFrame
    ss_regression: float
    ss_residual: float
    durbin_watson: float

    @property
    def r(self) -> float:
        """Multiple correlation R (SPSS's model summary)."""
        return float(np.sqrt(self.r2))

    def anova(self) -> pd.DataFrame:
        """SPSS's ANOVA table: sum of squares, df, mean square, F and p for regression, residual, total."""
        df_model = len(self.predictors)
        rows = {
            "Regression": (self.ss_regression, df_model, self.ss_regression / df_model, self.f, self.p_f),
            "Residual": (self.ss_residual, self.df2, self.ss_residual / self.df2, np.nan, np.nan),
            "Total": (self.ss_regression + self.ss_residual, self.n - 1, np.nan, np.nan, np.nan),
        }
        return pd.DataFrame.from_dict(
            rows, orient="index", columns=["sum_of_squares", "df", "mean_square", "F", "p"]
        )


def _fit(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """OLS of standardized data by QR: returns b, se (intercept first), SSE and z-scale betas.

    Centring and scaling the columns before the QR decomposition keeps the ill-conditioned Longley
    benchmark accurate to about 11 significant digits.
    """
    n, p = x.shape
    x_mean, y_mean = x.mean(axis=0), y.mean()
    x_sd = x.std(axis=0, ddof=1)
    y_sd = y.std(ddof=1)
    z = (x - x_mean) / x_sd
    zy = (y - y_mean) / y_sd
    q, r = np.linalg.qr(z)
    if np.min(np.abs(np.diag(r))) < 1e-10 * np.max(np.abs(np.diag(r))):
        raise ValueError("the predictors are perfectly collinear (one is a linear combination of others)")
    beta = np.linalg.solve(r, q.T @ zy)
    resid = zy - z @ beta
    sse_z = float(resid @ resid)
    df_resid = n - p - 1
    r_inv = np.linalg.solve(r, np.eye(p))
    cov_beta_z = (sse_z / df_resid) * (r_inv @ r_inv.T)
    b = beta * y_sd / x_sd
    cov_b = cov_beta_z * np.outer(y_sd / x_sd, y_sd / x_sd)
    intercept = y_mean - x_mean @ b
    var_intercept = (sse_z / df_resid) * y_sd**2 / n + x_mean @ cov_b @ x_mean
    coef = np.concatenate([[intercept], b])
    se = np.sqrt(np.concatenate([[var_intercept], np.diag(cov_b)]))
    return coef, se, sse_z * y_sd**2, beta


def _extras(
    y: np.ndarray, x: np.ndarray, coef: np.ndarray, se: np.ndarray, df2: int, r2: float
) -> tuple[dict[str, np.ndarray], float]:
    """The coefficient table's extra columns (CI, zero-order/partial/part r, tolerance, VIF) and the
    Durbin-Watson statistic of the residuals in row order."""
    t = coef / se
    half = stats.t.ppf(0.975, df2) * se
    p = x.shape[1]
    corr = np.atleast_2d(np.corrcoef(np.column_stack([y, x]), rowvar=False))
    vif = np.diag(np.linalg.inv(corr[1:, 1:])) if p > 1 else np.ones(1)
    tb = t[1:]
    none = np.array([np.nan])
    columns = {
        "ci_low": coef - half,
        "ci_high": coef + half,
        "zero_order": np.concatenate([none, corr[0, 1:]]),
        "partial": np.concatenate([none, tb / np.sqrt(tb**2 + df2)]),
        "part": np.concatenate([none, tb * np.sqrt((1 - r2) / df2)]),
        "tolerance": np.concatenate([none, 1 / vif]),
        "VIF": np.concatenate([none, vif]),
    }
    residuals = y - coef[0] - x @ coef[1:]
    return columns, float((np.diff(residuals) ** 2).sum() / (residuals @ residuals))


def hierarchical_regression(
    data: pd.DataFrame, outcome: str, blocks: list[list[str]]
) -> list[RegressionStep]:
    """OLS regression with predictors entered in blocks, as SPSS REGRESSION /METHOD=ENTER per block.

    Step ``s`` uses the predictors of blocks 1..s (they accumulate) and reports R², adjusted R²,
    the R² change against the previous step with its F test (``f_change`` with ``df1`` = number of
    predictors added and ``df2`` = n - predictors - 1; step 1 is compared with the intercept-only
    model), and the coefficient table SPSS prints with /STATISTICS COEFF CI ZPP TOL (see
    :class:`RegressionStep`), the ANOVA table and Durbin-Watson. Beta is ``B * sd(x) / sd(y)``.

    Missing data: listwise over the outcome and *all* predictors of *all* blocks, so every step
    uses the same respondents (as SPSS does for a hierarchical model); ``n`` is that count.
    Raises ``ValueError`` for unknown or repeated column names, an empty block, non-numeric or
    constant variables, perfectly collinear predictors, or too few complete cases (at least 3, and
    more than the number of predictors + 1).
    """
    require_frame(data)
    if not isinstance(outcome, str):
        raise ValueError("outcome must be one column name")
    if not blocks or any(not isinstance(b, (list, tuple)) or len(b) == 0 for b in blocks):
        raise ValueError("blocks must be a non-empty list of non-empty lists of column names")
    predictors = [name for block in blocks for name in block]
    require_columns(data, [outcome, *predictors])
    seen: set[str] = set()
    repeated = sorted({p for p in predictors if p in seen or seen.add(p)})
    if repeated:
        raise ValueError(f"predictor(s) entered more than once: {repeated}")
    if outcome in predictors:
        raise ValueError(f"the outcome {outcome!r} is also listed as a predictor")

    values = numeric_matrix(data, [outcome, *predictors])
    values = values[~np.isnan(values).any(axis=1)]
    n = values.shape[0]
    require_min_cases(n, what="complete cases (listwise over outcome and all predictors)")
    if n < len(predictors) + 2:
        raise ValueError(
            f"too few complete cases: {n} for {len(predictors)} predictors "
            f"(need at least {len(predictors) + 2})"
        )
    require_variance(values, [outcome, *predictors], what="variable")
    y, x_all = values[:, 0], values[:, 1:]
    sst = float(((y - y.mean()) ** 2).sum())

    steps: list[RegressionStep] = []
    used = 0
    previous_sse, previous_r2 = sst, 0.0
    for number, block in enumerate(blocks, start=1):
        used += len(block)
        names = tuple(predictors[:used])
        coef, se, sse, beta = _fit(y, x_all[:, :used])
        df2 = n - used - 1
        df1 = len(block)
        r2 = 1 - sse / sst
        adj_r2 = 1 - (1 - r2) * (n - 1) / df2
        f_change = ((previous_sse - sse) / df1) / (sse / df2)
        f_model = ((sst - sse) / used) / (sse / df2)
        t = coef / se
        extras, durbin_watson = _extras(y, x_all[:, :used], coef, se, df2, r2)
        table = pd.DataFrame(
            {
                "B": coef,
                "SE": se,
                "Beta": np.concatenate([[np.nan], beta]),
                "t": t,
                "p": 2 * stats.t.sf(np.abs(t), df2),
                **extras,
            },
            index=pd.Index(["const", *names]),
        )
        steps.append(
            RegressionStep(
                step=number,
                predictors=names,
                n=int(n),
                r2=float(r2),
                adj_r2=float(adj_r2),
                r2_change=float(r2 - previous_r2),
                f_change=float(f_change),
                df1=int(df1),
                df2=int(df2),
                p_f_change=float(stats.f.sf(f_change, df1, df2)),
                f=float(f_model),
                p_f=float(stats.f.sf(f_model, used, df2)),
                residual_sd=float(np.sqrt(sse / df2)),
                coefficients=table,
                ss_regression=float(sst - sse),
                ss_residual=float(sse),
                durbin_watson=durbin_watson,
            )
        )
        previous_sse, previous_r2 = sse, r2
    return steps
