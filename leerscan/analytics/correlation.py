"""Spearman correlation table with means and SDs, as table 3 of an APA/SPSS report.

Plain Python (NumPy, SciPy, pandas): no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics._checks import (
    MIN_CASES,
    numeric_matrix,
    require_frame,
    require_min_cases,
    require_min_items,
    require_variance,
)

__all__ = ["SpearmanTable", "spearman_table", "format_r"]

DASH = "\u2014"  # em dash on the diagonal


def format_r(r: float, p: float, decimals: int = 2) -> str:
    """A correlation as APA prints it: no leading zero, ``*`` p < .05, ``**`` p < .01.

    A negative value that rounds to zero keeps its sign ("-.00"), as in the published reference
    table leerscan is compared with. Missing values format as an empty string.
    """
    if r is None or np.isnan(r):
        return ""
    text = f"{r:.{decimals}f}".replace("0.", ".", 1)
    if p is not None and not np.isnan(p):
        text += "**" if p < 0.01 else "*" if p < 0.05 else ""
    return text


@dataclass(frozen=True)
class SpearmanTable:
    """Result of :func:`spearman_table`: pairwise Spearman ``r``, two-sided ``p`` and ``n``."""

    r: pd.DataFrame
    p: pd.DataFrame
    n: pd.DataFrame
    mean: pd.Series
    sd: pd.Series
    count: pd.Series

    def format_table(self, decimals: int = 2) -> pd.DataFrame:
        """The APA/SPSS-style table: Mean, SD, then columns 1..k with the lower triangle.

        Rows are the variables in order; column ``"1"`` holds the correlations with the first
        variable, and so on. Correlations print without a leading zero with ``*`` (p < .05) or
        ``**`` (p < .01); the diagonal shows an em dash and the upper triangle stays empty. Means
        and SDs print with ``decimals`` decimals and a leading zero (they can exceed 1). Each mean
        and SD is computed on that variable's own non-missing values.
        """
        names = list(self.r.columns)
        k = len(names)
        rows = []
        for i, name in enumerate(names):
            row = {"Mean": f"{self.mean[name]:.{decimals}f}", "SD": f"{self.sd[name]:.{decimals}f}"}
            for j in range(k):
                if j < i:
                    row[str(j + 1)] = format_r(self.r.iat[i, j], self.p.iat[i, j], decimals)
                elif j == i:
                    row[str(j + 1)] = DASH
                else:
                    row[str(j + 1)] = ""
            rows.append(row)
        columns = ["Mean", "SD"] + [str(j + 1) for j in range(k)]
        return pd.DataFrame(rows, index=pd.Index(names), columns=columns)


def _rank_columns(values: np.ndarray) -> np.ndarray:
    """Average ranks per column (ties share their mean rank), as SPSS and R rank."""
    return stats.rankdata(values, method="average", axis=0)


def _pearson_matrix(ranks: np.ndarray) -> np.ndarray:
    centered = ranks - ranks.mean(axis=0)
    norms = np.sqrt((centered**2).sum(axis=0))
    return (centered.T @ centered) / np.outer(norms, norms)


def _sorted_ranks(sorted_values: np.ndarray) -> np.ndarray:
    """Average ranks (1-based) of an already sorted vector; ties share their mean rank."""
    m = sorted_values.size
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], m]
    return np.repeat((starts + ends + 1) / 2.0, ends - starts)


def _pair_ranks(values: np.ndarray, order: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Ranks of ``values`` among the rows in ``keep``, using its precomputed sort ``order``."""
    chosen = order[keep[order]]
    ranks = np.empty(values.shape[0])
    ranks[chosen] = _sorted_ranks(values[chosen])
    return ranks[keep]


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    # elementwise sums rather than BLAS dot products: single-threaded and just as fast for vectors
    x = x - x.mean()
    y = y - y.mean()
    denom = np.sqrt((x * x).sum() * (y * y).sum())
    return float((x * y).sum() / denom) if denom > 0 else np.nan


def spearman_p(r: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Two-sided p of Spearman's rho by the t approximation with n - 2 df.

    ``t = r sqrt((n - 2) / (1 - r^2))``: what SPSS NONPAR CORR, scipy.stats.spearmanr and R's
    cor.test(method = "spearman", exact = FALSE) (or with ties) report.
    """
    r = np.asarray(r, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = n - 2
        t = r * np.sqrt(df / ((1 - r) * (1 + r)))
        p = 2 * stats.t.sf(np.abs(t), df)
    p = np.where(np.abs(r) >= 1, 0.0, p)
    return np.where(np.isnan(r) | (n < MIN_CASES), np.nan, p)


def spearman_table(data: pd.DataFrame) -> SpearmanTable:
    """Spearman correlations between all columns, with p-values, n, means and SDs.

    Rank correlations suit Likert scale scores, whose distances between answer options are not
    known to be equal. Ties get average ranks; p-values use the t approximation with ``n - 2`` df
    (as SPSS and scipy.stats.spearmanr; see :func:`spearman_p`).

    Missing data: pairwise. Each correlation uses the respondents who answered both variables (its
    ``n``), and they are ranked within that pair, as SPSS does with pairwise deletion. Means and SDs
    (``ddof=1``) use each variable's own non-missing values. A pair with fewer than 3 common
    respondents, or constant within them, gets ``nan``. Raises ``ValueError`` for fewer than two
    columns, non-numeric columns, a column with fewer than 3 values or with zero variance.
    """
    require_frame(data)
    names = list(data.columns)
    require_min_items(len(names), 2, "columns")
    values = numeric_matrix(data)
    present = ~np.isnan(values)
    count = present.sum(axis=0)
    for name, c in zip(names, count, strict=True):
        require_min_cases(int(c), what=f"answers in column {name!r}")
    require_variance(values, names)

    k = len(names)
    columns = np.ascontiguousarray(values.T)
    answered = np.ascontiguousarray(present.T)
    pair_n = np.diag(count).astype(np.int64)
    r = np.full((k, k), np.nan)
    complete_cols = np.flatnonzero(count == values.shape[0])
    if complete_cols.size:
        sub = _pearson_matrix(_rank_columns(values[:, complete_cols]))
        r[np.ix_(complete_cols, complete_cols)] = sub
    orders: dict[int, np.ndarray] = {}
    for i in range(k):
        for j in range(i + 1, k):
            both = answered[i] & answered[j]
            pair_n[i, j] = pair_n[j, i] = np.count_nonzero(both)
            if not np.isnan(r[i, j]) or pair_n[i, j] < MIN_CASES:
                continue
            for col in (i, j):
                if col not in orders:  # sorted once per column; NaN sorts last
                    orders[col] = np.argsort(columns[col], kind="stable")
            ri = _pair_ranks(columns[i], orders[i], both)
            rj = _pair_ranks(columns[j], orders[j], both)
            r[i, j] = r[j, i] = _pearson(ri, rj)
    r = np.clip(r, -1.0, 1.0)  # rounding can leave |r| a hair above 1
    np.fill_diagonal(r, 1.0)
    p = spearman_p(r, pair_n)
    np.fill_diagonal(p, np.nan)

    index = pd.Index(names)
    means = np.nanmean(values, axis=0)
    sds = np.nanstd(values, axis=0, ddof=1)
    return SpearmanTable(
        r=pd.DataFrame(r, index=index, columns=index),
        p=pd.DataFrame(p, index=index, columns=index),
        n=pd.DataFrame(pair_n, index=index, columns=index),
        mean=pd.Series(means, index=index, name="mean"),
        sd=pd.Series(sds, index=index, name="sd"),
        count=pd.Series(count, index=index, name="n"),
    )
