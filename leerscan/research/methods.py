"""The rules behind the research figures, said in words, and the item-level reliability tables.

Every output of an analysis (the workspace page, the report, ``leerscan analyze``, the CSV files and
the Word document) states how missing answers were handled and which estimators were used:
:func:`missing_data_statements` gives those sentences in the active language.
"""

from __future__ import annotations

import math

import pandas as pd
from django.utils.translation import gettext as _

from leerscan.analytics.chapter6 import Chapter6, chapter6_blocks
from leerscan.analytics.dataset import format_apa, variable_label, with_derived
from leerscan.analytics.imputation import imputed_regression
from leerscan.core.typography import decimal_mark
from leerscan.instrument.model import Instrument


def _needed(instrument: Instrument) -> str:
    """The share of items a multi-item scale needs, as a whole percentage (66 for 0.66)."""
    shares = {s.min_answered for s in instrument.scales if len(s.items) > 1}
    return "/".join(str(math.floor(share * 100 + 1e-9)) for share in sorted(shares)) or "100"


def missing_data_statements(
    result: Chapter6, instrument: Instrument, frame: pd.DataFrame, language: str
) -> list[str]:
    """The missing-data rules and the estimators of the analysis, one sentence (or two) per rule."""
    statements = [
        _(
            "Scale scores: the mean of the answered items of a scale, computed when at least %(share)s%% of "
            "its items are answered (2 of 3, 4 of 5, 5 of 7 items); otherwise the score is missing. A "
            "one-item scale needs its item."
        )
        % {"share": _needed(instrument)},
        _(
            "Reliability (Cronbach's alpha, McDonald's omega, the item statistics) is listwise: only "
            "respondents who answered every item of the scale count. Per scale, n is the number kept and "
            "n with a score the number who have a scale score."
        ),
        _(
            "The 95%% confidence interval of alpha is Feldt's F-based interval (Feldt, Woodruff & Salih "
            "1987), the one SPSS RELIABILITY and R's psych::alpha report."
        )
        % {},
        _(
            "McDonald's omega is omega total of a one-factor model fitted by maximum likelihood to the item "
            "correlations, for the unweighted sum of the items. It is not the omega R's psych::omega reports "
            "by default, which comes from a bifactor (Schmid-Leiman) solution with three group factors "
            "found by minimum residuals."
        ),
        _("Correlations are pairwise: each uses the respondents with both scores; N is given per pair."),
        _(
            "Regressions are listwise: every step uses the respondents with the outcome and all predictors "
            "of all steps."
        ),
        _(
            "rwg(j) is listwise per scale, as R's multilevel::rwg.j: respondents who left an item of the "
            "scale unanswered are left out of that scale's rwg(j)."
        ),
    ]
    for outcome, steps in result.regressions.items():
        scored = int(frame[outcome].notna().sum()) if outcome in frame.columns else 0
        statements.append(
            _("%(outcome)s: %(kept)s respondents kept in the regression of the %(scored)s with a score.")
            % {"outcome": variable_label(outcome, instrument, language), "kept": steps[0].n, "scored": scored}
        )
    return statements


def item_total_context(result: Chapter6, instrument: Instrument, language: str) -> list[dict]:
    """Per scale with an alpha: SPSS's item statistics and item-total statistics, formatted."""
    scales = []
    for key, alpha in result.alphas.items():
        rows = []
        table = alpha.item_statistics.join(alpha.item_total)
        for item, row in table.iterrows():
            rows.append(
                {
                    "item": item,
                    "mean": decimal_mark(f"{row['mean']:.2f}"),
                    "sd": decimal_mark(f"{row['sd']:.2f}"),
                    "scale_mean": decimal_mark(f"{row['scale_mean_if_deleted']:.2f}"),
                    "scale_variance": decimal_mark(f"{row['scale_variance_if_deleted']:.2f}"),
                    "corrected": format_apa(row["corrected_item_total"]),
                    "smc": format_apa(row["squared_multiple_correlation"]),
                    "alpha_deleted": format_apa(row["alpha_if_item_deleted"]),
                }
            )
        scales.append(
            {
                "key": key,
                "label": variable_label(key, instrument, language),
                "n": alpha.n,
                "alpha_standardized": format_apa(alpha.alpha_standardized),
                "rows": rows,
            }
        )
    return scales


def imputed_regressions(
    frame: pd.DataFrame, instrument: Instrument, m: int, seed: int
) -> tuple[pd.DataFrame, str]:
    """Every chapter-6 regression's full model (all steps) with multiple imputation, and its rule."""
    outcomes, blocks = chapter6_blocks(instrument)
    predictors = [p for block in blocks for p in block]
    data = with_derived(frame, predictors)
    rows, kept = [], []
    for outcome in outcomes:
        result = imputed_regression(data, outcome, predictors, m=m, seed=seed)
        kept.append((result.n, result.n_complete))
        table = result.pooled.rename_axis("predictor").reset_index()
        table.insert(0, "outcome", outcome)
        rows.append(table)
    n, complete = max(kept, default=(0, 0))
    statement = _(
        "Multiple imputation (regression_imputed): %(m)s completed data sets made by chained equations "
        "(statsmodels MICE, predictive mean matching, seed %(seed)s), each analysed by OLS and pooled by "
        "Rubin's rules with Barnard and Rubin's degrees of freedom; %(n)s respondents instead of the "
        "%(complete)s a listwise analysis keeps."
    ) % {"m": m, "seed": seed, "n": n, "complete": complete}
    return (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()), statement
