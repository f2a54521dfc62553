"""The tables SPSS prints, built from the chapter-6 results, for CSV files and the Word document.

* reliability: item statistics and item-total statistics per scale (``reliability_items``), the
  inter-item correlations (``reliability_inter_item``);
* correlations: r, Sig. (2-tailed) and N in every cell (``correlations_spss``);
* regression: model summary with R, the standard error of the estimate and Durbin-Watson
  (``regression_models``), the ANOVA table (``regression_anova``) and the coefficients with the 95 %
  CI for B, zero-order/partial/part correlations, tolerance and VIF (``regression_coefficients``).

Plain Python (pandas): no Django import.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from leerscan.analytics.correlation import SpearmanTable
from leerscan.analytics.regression import RegressionStep
from leerscan.analytics.reliability import CronbachAlpha

ITEM_COLUMNS = [
    "scale", "item", "mean", "sd", "n", "scale_mean_if_deleted", "scale_variance_if_deleted",
    "corrected_item_total", "squared_multiple_correlation", "alpha_if_item_deleted",
]  # fmt: skip
MODEL_COLUMNS = [
    "outcome", "outcome_label", "step", "n", "r", "r2", "adj_r2", "se_estimate", "r2_change", "f_change",
    "df1", "df2", "p_f_change", "f", "p_f", "durbin_watson",
]  # fmt: skip
COEFFICIENT_COLUMNS = [
    "outcome", "step", "predictor", "predictor_label", "B", "SE", "Beta", "t", "p", "ci_low", "ci_high",
    "zero_order", "partial", "part", "tolerance", "VIF",
]  # fmt: skip
ANOVA_COLUMNS = ["outcome", "step", "source", "sum_of_squares", "df", "mean_square", "F", "p"]


def reliability_items(alphas: Mapping[str, CronbachAlpha]) -> pd.DataFrame:
    """Item statistics and item-total statistics of every scale, one row per item."""
    frames = []
    for scale, result in alphas.items():
        table = result.item_statistics.join(result.item_total)
        table.insert(0, "item", table.index)
        table.insert(0, "scale", scale)
        frames.append(table.reset_index(drop=True))
    return (
        pd.concat(frames, ignore_index=True)[ITEM_COLUMNS] if frames else pd.DataFrame(columns=ITEM_COLUMNS)
    )


def reliability_inter_item(alphas: Mapping[str, CronbachAlpha]) -> pd.DataFrame:
    """The inter-item correlation matrix of every scale: scale, item, then one column per item."""
    frames = []
    for scale, result in alphas.items():
        matrix = result.inter_item_correlations.copy()
        matrix.insert(0, "item", matrix.index)
        matrix.insert(0, "scale", scale)
        frames.append(matrix.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["scale", "item"])


def correlations_spss(spearman: SpearmanTable | None) -> pd.DataFrame:
    """SPSS's correlation matrix: for every variable three rows (r, Sig. (2-tailed), N), one column
    per variable; the diagonal has r = 1 and no p."""
    if spearman is None:
        return pd.DataFrame(columns=["variable", "statistic"])
    rows = []
    for key in spearman.r.index:
        for statistic, source in (("r", spearman.r), ("sig_2_tailed", spearman.p), ("n", spearman.n)):
            row = {"variable": key, "statistic": statistic}
            row.update(source.loc[key].to_dict())
            rows.append(row)
    return pd.DataFrame(rows, columns=["variable", "statistic", *spearman.r.columns])


def regression_models(
    regressions: Mapping[str, list[RegressionStep]], labels: Mapping[str, str]
) -> pd.DataFrame:
    """SPSS's model summary: one row per outcome and step, with the change statistics."""
    rows = [
        {
            "outcome": outcome,
            "outcome_label": labels.get(outcome, outcome),
            "step": s.step,
            "n": s.n,
            "r": s.r,
            "r2": s.r2,
            "adj_r2": s.adj_r2,
            "se_estimate": s.residual_sd,
            "r2_change": s.r2_change,
            "f_change": s.f_change,
            "df1": s.df1,
            "df2": s.df2,
            "p_f_change": s.p_f_change,
            "f": s.f,
            "p_f": s.p_f,
            "durbin_watson": s.durbin_watson,
        }
        for outcome, steps in regressions.items()
        for s in steps
    ]
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


def regression_anova(regressions: Mapping[str, list[RegressionStep]]) -> pd.DataFrame:
    """SPSS's ANOVA table per outcome and step: regression, residual and total."""
    frames = []
    for outcome, steps in regressions.items():
        for s in steps:
            table = s.anova()
            table.insert(0, "source", table.index)
            table.insert(0, "step", s.step)
            table.insert(0, "outcome", outcome)
            frames.append(table.reset_index(drop=True))
    return (
        pd.concat(frames, ignore_index=True)[ANOVA_COLUMNS] if frames else pd.DataFrame(columns=ANOVA_COLUMNS)
    )


def regression_coefficients(regressions: Mapping[str, list[RegressionStep]], predictor_label) -> pd.DataFrame:
    """SPSS's coefficients table: one row per outcome, step and predictor (constant first)."""
    frames = []
    for outcome, steps in regressions.items():
        for s in steps:
            table = s.coefficients.copy()
            table.insert(0, "predictor_label", [predictor_label(p) for p in table.index])
            table.insert(0, "predictor", table.index)
            table.insert(0, "step", s.step)
            table.insert(0, "outcome", outcome)
            frames.append(table.reset_index(drop=True))
    if not frames:
        return pd.DataFrame(columns=COEFFICIENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[COEFFICIENT_COLUMNS]
