"""Group-level statistics for aggregating answers to organizations or teams: ICC(1), ICC(2), rwg(j).

Before a scale score is reported per organization, ICC(1) shows how much of the individual
variance lies between organizations, ICC(2) how reliable the organization means are, and rwg(j)
how much respondents within each organization agree. Plain Python (NumPy, SciPy, pandas): no
Django import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics._checks import (
    numeric_matrix,
    require_columns,
    require_frame,
    require_min_cases,
    require_min_items,
)

__all__ = ["ICCResult", "icc", "null_variance", "rwg_j", "rwg_summary"]

#: A between-group sum of squares below this share of the total sum of squares is rounding error of a
#: true zero (group means that are equal on paper differ in the last bits once the data are shifted or
#: rescaled); it is set to exactly zero so that ICC(2) is ``nan`` rather than a huge negative number.
#: Real differences between group means are many orders of magnitude larger (for answers on a 1-5 scale
#: in groups of up to thousands, the smallest non-zero share is above 1e-9).
NEGLIGIBLE_SHARE = 1e-12


@dataclass(frozen=True)
class ICCResult:
    """Result of :func:`icc` (one-way random-effects ANOVA)."""

    icc1: float
    icc2: float
    n_groups: int
    n: int
    msb: float
    msw: float
    k: float
    f: float
    df_between: int
    df_within: int
    p: float
    group_size: str


def icc(
    data: pd.DataFrame,
    group: str,
    value: str,
    group_size: Literal["mean", "adjusted"] = "mean",
) -> ICCResult:
    """ICC(1) and ICC(2) of ``value`` for groups in ``group`` (Bliese 2000).

    From a one-way ANOVA with between-group mean square MSB and within-group mean square MSW:
    ``ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW)`` and ``ICC(2) = (MSB - MSW) / MSB``. For equal
    group sizes ``k`` is the group size and the two equal Shrout & Fleiss' ICC(1,1) and ICC(1,k).
    For unequal sizes the default ``group_size="mean"`` uses the plain mean group size N / J: that
    is what R's multilevel::ICC1 computes (``GSIZE`` in the package source, version 2.8 - not the
    adjusted mean), so results match R. ``group_size="adjusted"`` uses the adjusted mean
    ``k0 = (N - sum(n_j^2) / N) / (J - 1)`` of the one-way random-effects ANOVA (Searle 1971;
    Snijders & Bosker), slightly smaller than N / J when sizes differ. ICC(2) does not depend on
    k. ``k`` reports the value used; ``f``/``p`` test MSB against MSW. When the group means are
    equal (a between-group sum of squares below :data:`NEGLIGIBLE_SHARE` of the total counts as
    zero, since it is rounding error), MSB is 0, ICC(2) is ``nan`` and ICC(1) is ``-1 / (k - 1)``.

    Missing data: rows missing the value or the group are dropped (complete cases for these two
    columns); groups of one respondent stay in the ANOVA, as in R's ``aov``. Raises ``ValueError``
    for unknown columns, a non-numeric value column, fewer than 3 respondents or 2 groups, no
    within-group degrees of freedom, or zero within- and between-group variance.
    """
    require_frame(data)
    require_columns(data, [group, value])
    if group_size not in ("mean", "adjusted"):
        raise ValueError(f"group_size must be 'mean' or 'adjusted', got {group_size!r}")
    y = numeric_matrix(data, [value])[:, 0]
    keys = data[group]
    keep = ~np.isnan(y) & keys.notna().to_numpy()
    y = y[keep]
    codes, _ = pd.factorize(keys[keep], sort=True)
    n = y.size
    require_min_cases(n, what=f"respondents with {value!r} and {group!r}")
    n_groups = int(codes.max()) + 1 if n else 0
    if n_groups < 2:
        raise ValueError(f"need at least 2 groups in {group!r}, got {n_groups}")
    df_b, df_w = n_groups - 1, n - n_groups
    if df_w < 1:
        raise ValueError("every group has a single respondent: there is no within-group variance")

    sizes = np.bincount(codes).astype(float)
    means = np.bincount(codes, weights=y) / sizes
    grand = y.mean()
    ssb = float((sizes * (means - grand) ** 2).sum())
    ssw = float(((y - means[codes]) ** 2).sum())
    if ssb <= NEGLIGIBLE_SHARE * float(((y - grand) ** 2).sum()):
        ssb = 0.0  # equal group means: the rest is rounding error
    msb, msw = ssb / df_b, ssw / df_w
    if not (msb > 0 or msw > 0):
        raise ValueError(f"{value!r} has zero variance (every answer the same)")
    k = n / n_groups if group_size == "mean" else (n - (sizes**2).sum() / n) / df_b
    f = msb / msw if msw > 0 else np.inf
    return ICCResult(
        icc1=float((msb - msw) / (msb + (k - 1) * msw)),
        icc2=float((msb - msw) / msb) if msb > 0 else np.nan,
        n_groups=n_groups,
        n=int(n),
        msb=float(msb),
        msw=float(msw),
        k=float(k),
        f=float(f),
        df_between=int(df_b),
        df_within=int(df_w),
        p=float(stats.f.sf(f, df_b, df_w)),
        group_size=group_size,
    )


def _group_keys(items: pd.DataFrame, groups: object) -> tuple[pd.DataFrame, pd.Series]:
    if isinstance(groups, str):
        require_columns(items, [groups])
        return items.drop(columns=[groups]), items[groups]
    if isinstance(groups, pd.Series):
        if len(groups) != len(items):
            raise ValueError(f"groups has {len(groups)} values for {len(items)} respondents")
        if groups.index.equals(items.index):
            return items, groups
        return items, pd.Series(groups.to_numpy(), index=items.index)
    values = np.asarray(groups, dtype=object)
    if values.ndim != 1 or values.size != len(items):
        raise ValueError(f"groups must give one group per respondent ({len(items)} values)")
    return items, pd.Series(values, index=items.index)


#: Null ("no agreement") distributions of LeBreton & Senter (2008, Table 3) for a 5-point scale, as the
#: share of answers on options 1..5 (Kozlowski & Hults 1987). Their variances are the published null
#: variances: uniform 2.00, slightly skewed 1.34, moderately skewed 0.90. multilevel's rwg.j takes any
#: of these as its ``ranvar``; its documentation names only the uniform (rectangular) one.
NULL_SHARES_5 = {
    "uniform": (0.2, 0.2, 0.2, 0.2, 0.2),
    "slight_skew": (0.05, 0.15, 0.20, 0.35, 0.25),
    "moderate_skew": (0.0, 0.10, 0.15, 0.40, 0.35),
}
NULL_DISTRIBUTIONS = tuple(NULL_SHARES_5)
MISSING_RULES = ("listwise", "per_item")

#: rwg(j) at or above this value is usually taken as enough agreement to aggregate (LeBreton & Senter 2008).
RWG_CUT = 0.70


def null_variance(n_options: int, null: str = "uniform") -> float:
    """Expected variance of answers given without agreement (rwg's ``ranvar``).

    ``uniform``: ``(A^2 - 1) / 12`` for A answer options (any A >= 2). ``slight_skew`` and
    ``moderate_skew``: the variance of :data:`NULL_SHARES_5` (1.34 and 0.90), for 5 options only.
    """
    try:
        whole = not isinstance(n_options, bool) and float(n_options).is_integer() and n_options >= 2
    except (TypeError, ValueError):
        whole = False
    if not whole:
        raise ValueError(f"n_options must be a whole number of answer options >= 2, got {n_options!r}")
    if null not in NULL_SHARES_5:
        raise ValueError(f"null must be one of {', '.join(NULL_DISTRIBUTIONS)}, got {null!r}")
    if null == "uniform":
        return (n_options**2 - 1) / 12
    if n_options != 5:
        raise ValueError(f"the {null} null distribution is defined for 5 answer options, not {n_options}")
    shares = np.array(NULL_SHARES_5[null])
    codes = np.arange(1, 6)
    mean = float(shares @ codes)
    return float(shares @ (codes - mean) ** 2)


def rwg_j(
    items: pd.DataFrame,
    groups: object,
    n_options: int,
    *,
    missing: str = "listwise",
    null: str = "uniform",
) -> pd.DataFrame:
    """Within-group agreement rwg(j) per group (James, Demaree & Wolf 1984), as R's multilevel.

    For J items with mean within-group item variance S (each item's variance over the group's
    answers, ``ddof=1``, averaged over the items) and the null variance ``sigma2`` of
    :func:`null_variance` (``null``: uniform, slight_skew or moderate_skew)::

        rwg(j) = J (1 - S/sigma2) / (J (1 - S/sigma2) + S/sigma2)

    equal to ``multilevel::rwg.j(x, grpid, ranvar = sigma2)`` of multilevel 2.7 (Debian's; always
    listwise) and of 2.8 (CRAN) with ``listwise = TRUE``. Truncation, as multilevel does and James et al.
    recommend: S above sigma2 is set to sigma2, so rwg(j) = 0. A group with one respondent, or an
    item answered by fewer than two of its members, gets ``nan`` (R: NA). J = 1 is the single-item rwg.

    ``groups`` is a column name in ``items`` or one group label per row (a Series aligned with
    ``items`` by index if the indexes match, otherwise by position). ``n_options`` is A.

    Missing data: ``missing="listwise"`` (default, what rwg.j does with ``na.exclude``): a respondent
    with any unanswered item of the scale is left out; ``n`` is the number of complete respondents
    (R's ``gsize``), and a group without one is absent. ``missing="per_item"`` (multilevel 2.8's
    default ``listwise = FALSE``): each item's variance uses the members who answered it; ``n``
    counts those with at least one answer (2.8's ``gsize`` also counts fully empty rows). Rows without a
    group are dropped. Returns a DataFrame indexed by group (sorted) with columns ``rwg_j`` and
    ``n``. Raises ``ValueError`` for no items, non-numeric items, unknown names or options.
    """
    require_frame(items, "items")
    items, keys = _group_keys(items, groups)
    require_min_items(items.shape[1], 1)
    ranvar = null_variance(n_options, null)
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {', '.join(MISSING_RULES)}, got {missing!r}")
    values = numeric_matrix(items)
    gaps = np.isnan(values)
    kept = ~(gaps.any(axis=1) if missing == "listwise" else gaps.all(axis=1)) & keys.notna().to_numpy()
    if not kept.any():
        raise ValueError(f"no respondent with a group and answers ({missing} rule for missing answers)")
    frame = pd.DataFrame(values[kept], columns=range(values.shape[1]))
    grouped = frame.groupby(keys.to_numpy()[kept], sort=True)
    variances = grouped.var(ddof=1)
    mean_var = variances.mean(axis=1, skipna=False)
    size = grouped.size()
    ratio = np.minimum(mean_var / ranvar, 1.0)
    j = values.shape[1]
    agreement = j * (1 - ratio) / (j * (1 - ratio) + ratio)
    out = pd.DataFrame({"rwg_j": agreement.astype(float), "n": size.astype(int)})
    out.index.name = "group"
    return out


def rwg_summary(values: pd.Series, cut: float = RWG_CUT) -> dict:
    """Mean, median, minimum, maximum of the groups' rwg(j) and how many reach ``cut`` (NaN left out)."""
    finite = pd.Series(values, dtype=float).dropna()
    if finite.empty:
        return {"mean": np.nan, "median": np.nan, "min": np.nan, "max": np.nan, "groups": 0, "at_cut": 0}
    return {
        "mean": float(finite.mean()),
        "median": float(finite.median()),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "groups": int(finite.size),
        "at_cut": int((finite >= cut).sum()),
    }
