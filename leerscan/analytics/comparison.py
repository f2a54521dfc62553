"""Pre/post and two-group comparisons: t tests, rank tests and standardized effect sizes.

The rank tests follow R's ``wilcox.test`` defaults: an exact p-value when there are fewer than 50
observations (per group) and no ties (and, for the signed-rank test, no zero differences),
otherwise the normal approximation with tie correction and continuity correction. Plain Python
(NumPy, SciPy, pandas): no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics._checks import MIN_CASES, numeric_vector, require_min_cases

__all__ = [
    "IndependentComparison",
    "PairedComparison",
    "independent_comparison",
    "paired_comparison",
]

EXACT_LIMIT = 50  # R: exact p when n < 50
EXACT = "exact"
NORMAL = "normal approximation with continuity correction"


@dataclass(frozen=True)
class PairedComparison:
    """Result of :func:`paired_comparison`; differences are ``post - pre``."""

    n: int
    mean_pre: float
    mean_post: float
    mean_diff: float
    sd_diff: float
    t: float
    df: int
    p_t: float
    ci_low: float
    ci_high: float
    wilcoxon_w: float
    p_wilcoxon: float
    wilcoxon_method: str
    n_nonzero: int
    cohens_dz: float


@dataclass(frozen=True)
class IndependentComparison:
    """Result of :func:`independent_comparison`; differences are ``a - b``."""

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    mean_diff: float
    t: float
    df: float
    p_t: float
    ci_low: float
    ci_high: float
    u: float
    p_u: float
    mann_whitney_method: str
    cohens_d: float
    hedges_g: float


def _paired_vectors(pre: object, post: object) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(pre, pd.Series) and isinstance(post, pd.Series) and not pre.index.equals(post.index):
        raise ValueError(
            "pre and post are Series with different indexes; align them so each row is one person"
        )
    x = numeric_vector(pre, "pre")
    y = numeric_vector(post, "post")
    if x.shape != y.shape:
        raise ValueError(
            f"pre and post must have the same length (one pair per person), got {x.size} and {y.size}"
        )
    both = ~(np.isnan(x) | np.isnan(y))
    return x[both], y[both]


def paired_comparison(pre: object, post: object, ci: float = 0.95) -> PairedComparison:
    """Compare two measurements of the same people (e.g. before and after a programme).

    Reports the mean change ``post - pre`` with its t interval, the paired t test (two-sided),
    the Wilcoxon signed-rank test and Cohen's d_z (mean change / SD of the changes).

    Wilcoxon: ``wilcoxon_w`` is V, the sum of the ranks of the *positive* changes, i.e. R's
    ``wilcox.test(post, pre, paired = TRUE)$statistic`` (scipy reports min(W+, W-) instead). Zero
    changes are dropped before ranking (Wilcoxon's method, R's and scipy's default). The p-value
    (two-sided) is exact when fewer than 50 non-zero changes remain and there are no ties or zeros,
    otherwise the normal approximation with tie and continuity correction, as R's defaults; scipy
    computes the p-value. ``wilcoxon_method`` says which was used.

    Missing data: only pairs complete on both measurements count (``n``). ``pre`` and ``post`` are
    paired by position (two Series must share their index). Raises ``ValueError`` for fewer than 3
    complete pairs, non-numeric input, or changes that are all the same (zero variance).
    """
    x, y = _paired_vectors(pre, post)
    n = x.size
    require_min_cases(n, what="complete pairs")
    diff = y - x
    sd = float(diff.std(ddof=1))
    if not sd > 0:
        raise ValueError("the changes post - pre are all the same (zero variance); the tests are undefined")
    mean = float(diff.mean())
    se = sd / np.sqrt(n)
    t = mean / se
    df = n - 1
    margin = stats.t.ppf(1 - (1 - ci) / 2, df) * se

    nonzero = diff[diff != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    w = float(ranks[nonzero > 0].sum())
    ties = np.unique(np.abs(nonzero)).size < nonzero.size
    if nonzero.size == 0:
        p_w, method = np.nan, "undefined (all changes are zero)"
    else:
        exact = nonzero.size < EXACT_LIMIT and not ties and nonzero.size == n
        method = EXACT if exact else NORMAL
        res = stats.wilcoxon(
            nonzero,
            zero_method="wilcox",
            correction=True,
            alternative="two-sided",
            method="exact" if exact else "asymptotic",
        )
        p_w = float(res.pvalue)

    return PairedComparison(
        n=int(n),
        mean_pre=float(x.mean()),
        mean_post=float(y.mean()),
        mean_diff=mean,
        sd_diff=sd,
        t=float(t),
        df=int(df),
        p_t=float(2 * stats.t.sf(abs(t), df)),
        ci_low=float(mean - margin),
        ci_high=float(mean + margin),
        wilcoxon_w=w,
        p_wilcoxon=p_w,
        wilcoxon_method=method,
        n_nonzero=int(nonzero.size),
        cohens_dz=float(mean / sd),
    )


def independent_comparison(a: object, b: object, ci: float = 0.95) -> IndependentComparison:
    """Compare two independent groups (e.g. managers and employees).

    Reports the mean difference ``a - b`` with Welch's t test (unequal variances; ``df`` is the
    Welch-Satterthwaite df, as R's default ``t.test``) and its interval, the Mann-Whitney U test and
    Hedges' g. ``u`` is U for group ``a`` (R's W: rank sum of ``a`` minus n_a(n_a + 1)/2). Its
    two-sided p-value is exact when both groups have fewer than 50 values and there are no ties,
    otherwise the normal approximation with tie and continuity correction (R's defaults; scipy
    computes it). ``hedges_g`` is Cohen's d with the pooled SD times the small-sample correction
    J = 1 - 3 / (4 (n_a + n_b) - 9) (Hedges & Olkin 1985; Lakens 2013).

    Missing data: each group uses its own non-missing values (``n_a``, ``n_b``). Raises
    ``ValueError`` for fewer than 2 values in a group or 3 in total, non-numeric input, or two groups
    that are both constant (zero variance).
    """
    x = numeric_vector(a, "a")
    y = numeric_vector(b, "b")
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    na, nb = x.size, y.size
    require_min_cases(na, 2, "values in group a")
    require_min_cases(nb, 2, "values in group b")
    require_min_cases(na + nb, MIN_CASES, "values in both groups together")
    va, vb = float(x.var(ddof=1)), float(y.var(ddof=1))
    if not (va > 0 or vb > 0):
        raise ValueError("both groups have zero variance (every value the same); the tests are undefined")
    ma, mb = float(x.mean()), float(y.mean())
    diff = ma - mb

    sa, sb = va / na, vb / nb
    se = np.sqrt(sa + sb)
    t = diff / se
    df = (sa + sb) ** 2 / (sa**2 / (na - 1) + sb**2 / (nb - 1))
    margin = stats.t.ppf(1 - (1 - ci) / 2, df) * se

    pooled_sd = np.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
    d = diff / pooled_sd
    g = d * (1 - 3 / (4 * (na + nb) - 9))

    ranks = stats.rankdata(np.concatenate([x, y]))
    u = float(ranks[:na].sum() - na * (na + 1) / 2)
    ties = np.unique(ranks).size < ranks.size
    exact = na < EXACT_LIMIT and nb < EXACT_LIMIT and not ties
    res = stats.mannwhitneyu(
        x, y, use_continuity=True, alternative="two-sided", method="exact" if exact else "asymptotic"
    )

    return IndependentComparison(
        n_a=int(na),
        n_b=int(nb),
        mean_a=ma,
        mean_b=mb,
        mean_diff=diff,
        t=float(t),
        df=float(df),
        p_t=float(2 * stats.t.sf(abs(t), df)),
        ci_low=float(diff - margin),
        ci_high=float(diff + margin),
        u=u,
        p_u=float(res.pvalue),
        mann_whitney_method=EXACT if exact else NORMAL,
        cohens_d=float(d),
        hedges_g=float(g),
    )
