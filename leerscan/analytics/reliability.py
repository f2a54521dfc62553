"""Internal consistency of a scale: Cronbach's alpha and McDonald's omega.

Both work on the respondents who answered *every* item of the scale (listwise deletion, as SPSS
RELIABILITY does), because alpha's item-deleted statistics and the factor model need one common set
of cases. Plain Python (NumPy, SciPy, pandas): no Django import.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from leerscan.analytics._checks import (
    numeric_matrix,
    require_frame,
    require_min_cases,
    require_min_items,
    require_variance,
)

__all__ = ["CronbachAlpha", "McDonaldOmega", "cronbach_alpha", "mcdonald_omega"]


@dataclass(frozen=True)
class CronbachAlpha:
    """Result of :func:`cronbach_alpha`."""

    alpha: float
    ci_low: float
    ci_high: float
    ci: float
    n: int
    k: int
    alpha_standardized: float
    alpha_if_item_deleted: pd.Series
    corrected_item_total: pd.Series
    item_statistics: pd.DataFrame  # SPSS Item Statistics: mean, sd, n per item
    inter_item_correlations: pd.DataFrame  # SPSS Inter-Item Correlation Matrix
    item_total: pd.DataFrame  # SPSS Item-Total Statistics (see cronbach_alpha)


@dataclass(frozen=True)
class McDonaldOmega:
    """Result of :func:`mcdonald_omega`."""

    omega: float
    loadings: pd.Series
    unstandardized_loadings: pd.Series
    uniquenesses: pd.Series
    n: int
    k: int
    heywood: bool


def _complete_items(items: pd.DataFrame, min_items: int) -> tuple[np.ndarray, list]:
    """Listwise-complete item matrix after the shared checks."""
    require_frame(items, "items")
    names = list(items.columns)
    require_min_items(len(names), min_items)
    values = numeric_matrix(items)
    complete = values[~np.isnan(values).any(axis=1)]
    require_min_cases(complete.shape[0], what="respondents with every item answered")
    require_variance(complete, names, what="item")
    return complete, names


def _smc(corr: np.ndarray) -> np.ndarray:
    """Squared multiple correlation of each item with the others: 1 - 1 / diag(R^-1); ``nan`` when R is
    singular (items that others predict exactly), as SPSS then prints no SMC."""
    try:
        return 1 - 1 / np.diag(np.linalg.inv(corr))
    except np.linalg.LinAlgError:
        return np.full(corr.shape[0], np.nan)


def _covariance(values: np.ndarray) -> np.ndarray:
    centered = values - values.mean(axis=0)
    return centered.T @ centered / (values.shape[0] - 1)


def feldt_interval(alpha: float, n: int, k: int, ci: float = 0.95) -> tuple[float, float]:
    """Feldt (1965) / Feldt, Woodruff & Salih (1987) F-based confidence interval for alpha.

    ``(1 - alpha) / (1 - alpha_population)`` follows F with ``n - 1`` and ``(n - 1)(k - 1)`` degrees
    of freedom, so the limits are ``1 - (1 - alpha) F_{1-c/2}`` and ``1 - (1 - alpha) F_{c/2}``
    (FWS 1987, formulas 6-7). This is the interval of SPSS RELIABILITY (the "average measures"
    two-way mixed consistency ICC), psych::alpha ("Feldt") and cocron::cronbach.alpha.CI.
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - ci) / 2
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(low), float(high)


def cronbach_alpha(items: pd.DataFrame, ci: float = 0.95) -> CronbachAlpha:
    """Cronbach's alpha of a scale, with its confidence interval and item statistics.

    Alpha tells how consistently the items of one scale measure the same thing, which is what makes
    their sum or mean a usable scale score. The interval is the Feldt, Woodruff & Salih (1987)
    F-based one (see :func:`feldt_interval`), the one SPSS RELIABILITY, psych::alpha and cocron
    report. ``alpha_if_item_deleted`` and ``corrected_item_total`` (the correlation of each item
    with the sum of the *other* items) are SPSS's item-total statistics; ``alpha_standardized`` is
    alpha of the z-scored items (from the mean inter-item correlation). ``item_statistics`` (mean,
    SD, n), ``inter_item_correlations`` and ``item_total`` (``scale_mean_if_deleted``,
    ``scale_variance_if_deleted``, ``corrected_item_total``, ``squared_multiple_correlation``,
    ``alpha_if_item_deleted``) are SPSS RELIABILITY's /STATISTICS DESCRIPTIVE CORR and /SUMMARY TOTAL.

    Missing data: listwise. Only respondents who answered every item count (``n``), as in SPSS.
    Raises ``ValueError`` for fewer than 2 items, fewer than 3 complete respondents, non-numeric or
    constant items, a sum score without variance, or ``ci`` outside (0, 1).
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}")
    values, names = _complete_items(items, 2)
    n, k = values.shape
    cov = _covariance(values)
    item_var = np.diag(cov)
    total_var = cov.sum()
    if not total_var > 1e-12 * item_var.sum():
        raise ValueError(
            "the sum of the items has zero variance: the items cancel each other out "
            "(are reverse-keyed items recoded?)"
        )
    alpha = k / (k - 1) * (1 - item_var.sum() / total_var)

    sd = np.sqrt(item_var)
    corr = cov / np.outer(sd, sd)
    mean_r = (corr.sum() - k) / (k * (k - 1))
    alpha_std = k * mean_r / (1 + (k - 1) * mean_r)

    # Without item j: the total loses the item's variance and twice its covariances.
    cov_with_rest = cov.sum(axis=1) - item_var
    rest_var = total_var - item_var - 2 * cov_with_rest
    corrected = cov_with_rest / np.sqrt(item_var * rest_var)
    if k > 2:
        kk = k - 1
        dropped = kk / (kk - 1) * (1 - (item_var.sum() - item_var) / rest_var)
    else:  # alpha of a single item is undefined
        dropped = np.full(k, np.nan)

    low, high = feldt_interval(alpha, n, k, ci)
    index = pd.Index(names)
    means = values.mean(axis=0)
    item_total = pd.DataFrame(
        {
            "scale_mean_if_deleted": means.sum() - means,
            "scale_variance_if_deleted": rest_var,
            "corrected_item_total": corrected,
            "squared_multiple_correlation": _smc(corr),
            "alpha_if_item_deleted": dropped,
        },
        index=index,
    )
    return CronbachAlpha(
        alpha=float(alpha),
        ci_low=low,
        ci_high=high,
        ci=ci,
        n=int(n),
        k=int(k),
        alpha_standardized=float(alpha_std),
        alpha_if_item_deleted=pd.Series(dropped, index=index, name="alpha_if_item_deleted"),
        corrected_item_total=pd.Series(corrected, index=index, name="corrected_item_total"),
        item_statistics=pd.DataFrame({"mean": means, "sd": sd, "n": n}, index=index),
        inter_item_correlations=pd.DataFrame(corr, index=index, columns=index),
        item_total=item_total,
    )


# --- one-factor maximum likelihood -------------------------------------------------------------


def _ml_discrepancy(theta: np.ndarray, corr: np.ndarray) -> tuple[float, np.ndarray]:
    """ML discrepancy log|Sigma| + tr(R Sigma^-1) of Sigma = l l' + diag(psi), and its gradient."""
    k = corr.shape[0]
    lam, psi = theta[:k], theta[k:]
    sigma = np.outer(lam, lam) + np.diag(psi)
    sign, logdet = np.linalg.slogdet(sigma)
    if sign <= 0:
        return 1e10, np.zeros_like(theta)
    inv = np.linalg.inv(sigma)
    value = logdet + np.trace(corr @ inv)
    d_sigma = inv - inv @ corr @ inv
    return float(value), np.concatenate([2 * d_sigma @ lam, np.diag(d_sigma)])


def _newton_polish(theta: np.ndarray, corr: np.ndarray, steps: int = 30) -> np.ndarray:
    """Newton steps with a finite-difference Hessian of the analytic gradient, to full precision."""
    value, grad = _ml_discrepancy(theta, corr)
    for _ in range(steps):
        if np.max(np.abs(grad)) < 1e-14:
            break
        h = 1e-6
        m = theta.size
        hess = np.empty((m, m))
        for i in range(m):
            e = np.zeros(m)
            e[i] = h
            hess[:, i] = (_ml_discrepancy(theta + e, corr)[1] - _ml_discrepancy(theta - e, corr)[1]) / (2 * h)
        hess = (hess + hess.T) / 2
        step = np.linalg.lstsq(hess, -grad, rcond=None)[0]
        scale = 1.0
        while scale > 1e-4:
            candidate = theta + scale * step
            new_value, new_grad = _ml_discrepancy(candidate, corr)
            if new_value <= value + 1e-15:
                break
            scale /= 2
        else:
            break
        theta, value, grad = candidate, new_value, new_grad
    return theta


def fit_one_factor(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Maximum-likelihood one-factor model of a correlation matrix.

    Returns standardized loadings, uniquenesses and whether the optimiser converged. Like lavaan's
    default CFA the uniquenesses are *not* bounded at zero, so an improper (Heywood) solution is
    reported as it is rather than silently clipped.
    """
    k = corr.shape[0]
    smc = 1 - 1 / np.diag(np.linalg.pinv(corr))
    starts = []
    for uniq in (np.clip(1 - smc, 0.05, 0.95), np.full(k, 0.5)):
        values, vectors = np.linalg.eigh(corr - np.diag(uniq))
        lam = vectors[:, -1] * np.sqrt(max(values[-1], 1e-3))
        starts.append(np.concatenate([lam, np.clip(1 - lam**2, 0.05, None)]))
    best = None
    for start in starts:
        res = optimize.minimize(
            _ml_discrepancy,
            start,
            args=(corr,),
            jac=True,
            method="BFGS",
            options={"gtol": 1e-10, "maxiter": 20_000},
        )
        theta = _newton_polish(res.x, corr)
        value = _ml_discrepancy(theta, corr)[0]
        if best is None or value < best[0]:
            best = (value, theta)
    theta = best[1]
    converged = bool(np.max(np.abs(_ml_discrepancy(theta, corr)[1])) < 1e-8)
    lam, psi = theta[:k], theta[k:]
    if lam.sum() < 0:
        lam = -lam
    return lam, psi, converged


def mcdonald_omega(items: pd.DataFrame) -> McDonaldOmega:
    """McDonald's omega total of a scale from a one-factor model.

    Omega is the share of the variance of the (unweighted) sum score that the common factor
    explains; unlike alpha it does not assume that all items load equally. A one-factor model is
    fitted by maximum likelihood; the fit is scale-free, so it is done on the correlation matrix and
    rescaled to the covariance metric, and omega is computed for the raw sum of the items:
    ``omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi)`` with unstandardized loadings ``lambda``
    and residual variances ``psi``. This is the single-factor omega of MBESS::ci.reliability and
    performance::mcdonalds_omega (lavaan ML CFA on the covariance matrix); note that psych::omega
    instead uses minres on correlations. ``loadings`` are standardized (correlation metric).
    Like lavaan, residual variances are not bounded at zero; an improper (Heywood) solution is
    returned with ``heywood=True`` and a warning, and omega can then exceed 1.

    Missing data: listwise (respondents who answered every item). Needs at least 3 items (a
    one-factor model of 2 items is not identified) and 3 complete respondents; raises
    ``ValueError`` for non-numeric or constant items and for a singular correlation matrix
    (duplicated items, or fewer respondents than items).
    """
    values, names = _complete_items(items, 3)
    n, k = values.shape
    cov = _covariance(values)
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    if np.linalg.eigvalsh(corr)[0] < 1e-10:
        raise ValueError(
            "the items' correlation matrix is singular (an item is a copy or a linear combination of "
            "others); a factor model cannot be fitted"
        )
    lam_std, psi_std, converged = fit_one_factor(corr)
    if not converged:
        warnings.warn(
            "the one-factor model did not fully converge; omega may be inaccurate",
            RuntimeWarning,
            stacklevel=2,
        )
    lam = lam_std * sd
    psi = psi_std * sd**2
    heywood = bool((psi_std <= 0).any())
    if heywood:
        warnings.warn(
            "improper one-factor solution (Heywood case: a residual variance <= 0); "
            "omega is not a trustworthy reliability estimate for these items",
            RuntimeWarning,
            stacklevel=2,
        )
    common = lam.sum() ** 2
    omega = common / (common + psi.sum())
    index = pd.Index(names)
    return McDonaldOmega(
        omega=float(omega),
        loadings=pd.Series(lam_std, index=index, name="loading"),
        unstandardized_loadings=pd.Series(lam, index=index, name="unstandardized_loading"),
        uniquenesses=pd.Series(psi, index=index, name="uniqueness"),
        n=int(n),
        k=int(k),
        heywood=heywood,
    )
