"""The programme-level analysis of chapter 6 of the evaluation report.

``chapter6_analysis`` runs the analyses of chapter 6 on a frame from
:func:`leerscan.analytics.dataset.build_analysis_frame`: Cronbach's alpha per scale (table 2), the
Spearman table with means and SDs (table 3), and one three-step hierarchical regression per
employability competence (tables 4-6: background, then learning activities, then the six
learning-climate scales).

Which scales are learning activities, climate or employability comes from the scales' ``group`` in
the instrument definition. Plain Python (pandas, NumPy): no Django import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leerscan.analytics import spss_tables
from leerscan.analytics.correlation import SpearmanTable, spearman_table
from leerscan.analytics.dataset import (
    ACTIVITIES_GROUP,
    CLIMATE_GROUP,
    OUTCOME_GROUP,
    scale_items,
    scale_omega,
    variable_label,
    with_derived,
)
from leerscan.analytics.regression import RegressionStep, hierarchical_regression
from leerscan.analytics.reliability import CronbachAlpha, cronbach_alpha
from leerscan.instrument.model import Instrument

__all__ = [
    "DEFAULT_BACKGROUND",
    "Chapter6",
    "TooFewRespondents",
    "chapter6_analysis",
    "chapter6_blocks",
    "chapter6_task_count",
]


DEFAULT_BACKGROUND = ("age", "gender_male")
"""Step 1 of the regressions: background characteristics 'such as age and gender' (chapter 6.3)."""


class TooFewRespondents(ValueError):
    """The selection is smaller than the anonymity threshold: no statistics may be shown."""

    def __init__(self, n: int, minimum: int):
        self.n, self.minimum = n, minimum
        super().__init__(f"{n} respondent(s) selected; results need at least {minimum}")


def chapter6_blocks(
    instrument: Instrument, background: Sequence[str] = DEFAULT_BACKGROUND
) -> tuple[list[str], list[list[str]]]:
    """The outcomes and the three predictor blocks of tables 4-6, from the scales' groups."""
    by_group: dict[str, list[str]] = {}
    for scale in instrument.scales:
        by_group.setdefault(scale.group, []).append(scale.key)
    outcomes = by_group.get(OUTCOME_GROUP, [])
    blocks = [list(background), by_group.get(ACTIVITIES_GROUP, []), by_group.get(CLIMATE_GROUP, [])]
    return outcomes, [b for b in blocks if b]


def chapter6_task_count(instrument: Instrument) -> int:
    """Number of progress steps :func:`chapter6_analysis` reports (alphas, Spearman, regressions)."""
    outcomes, _ = chapter6_blocks(instrument)
    return len(instrument.scales) + 1 + len(outcomes)


@dataclass(frozen=True)
class Chapter6:
    """Results of :func:`chapter6_analysis`. ``notes`` explains every statistic left out."""

    n: int
    scale_keys: tuple[str, ...]
    reliability: pd.DataFrame  # index scale key: group, items, n, alpha, ci_low, ci_high
    spearman: SpearmanTable | None
    outcomes: tuple[str, ...]
    blocks: tuple[tuple[str, ...], ...]
    regressions: dict[str, list[RegressionStep]]
    notes: dict[str, str] = field(default_factory=dict)
    alphas: dict[str, CronbachAlpha] = field(default_factory=dict)  # item-level reliability per scale

    # --- tables for CSV files and reports ---

    def reliability_table(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        table = self.reliability.copy()
        table.insert(0, "label", [variable_label(k, instrument, language) for k in table.index])
        table.index.name = "scale"
        return table.reset_index()

    def spearman_formatted(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """Table 3: numbered variables with Mean, SD, n and the lower triangle of correlations."""
        if self.spearman is None:
            return pd.DataFrame()
        table = self.spearman.format_table()
        keys = list(table.index)
        table.insert(2, "n", [int(self.spearman.count[k]) for k in keys])
        table.insert(
            0, "variable", [f"{i}. {variable_label(k, instrument, language)}" for i, k in enumerate(keys, 1)]
        )
        table.insert(0, "key", keys)
        return table.reset_index(drop=True)

    def spearman_long(self) -> pd.DataFrame:
        """Every pair once: variable_1, variable_2, r, p, n."""
        if self.spearman is None:
            return pd.DataFrame(columns=["variable_1", "variable_2", "r", "p", "n"])
        keys = list(self.spearman.r.index)
        rows = [
            {
                "variable_1": keys[i],
                "variable_2": keys[j],
                "r": self.spearman.r.iat[i, j],
                "p": self.spearman.p.iat[i, j],
                "n": int(self.spearman.n.iat[i, j]),
            }
            for i in range(len(keys))
            for j in range(i)
        ]
        return pd.DataFrame(rows, columns=["variable_1", "variable_2", "r", "p", "n"])

    def regression_models(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """One row per outcome and step: SPSS's model summary (see :mod:`spss_tables`)."""
        labels = {o: variable_label(o, instrument, language) for o in self.regressions}
        return spss_tables.regression_models(self.regressions, labels)

    def regression_coefficients(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """One row per outcome, step and predictor (constant first): SPSS's coefficients table."""
        return spss_tables.regression_coefficients(
            self.regressions, lambda p: _predictor_label(p, instrument, language)
        )

    def tables(self, instrument: Instrument, language: str = "en") -> dict[str, pd.DataFrame]:
        """Every table by file name (without ``.csv``)."""
        return {
            "reliability": self.reliability_table(instrument, language),
            "correlations": self.spearman_formatted(instrument, language),
            "correlations_long": self.spearman_long(),
            "regression_models": self.regression_models(instrument, language),
            "regression_coefficients": self.regression_coefficients(instrument, language),
            "regression_anova": spss_tables.regression_anova(self.regressions),
            "reliability_items": spss_tables.reliability_items(self.alphas),
            "reliability_inter_item": spss_tables.reliability_inter_item(self.alphas),
            "correlations_spss": spss_tables.correlations_spss(self.spearman),
        }


def _predictor_label(name: str, instrument: Instrument, language: str) -> str:
    if name == "const":
        return {"nl": "Constante", "fr": "Constante", "de": "Konstante"}.get(language, "Constant")
    return variable_label(name, instrument, language)


def _usable(values: pd.Series, min_n: int) -> str | None:
    """Why a column cannot enter a correlation table, or None when it can."""
    present = values.dropna()
    if len(present) < min_n:
        return f"answered by {len(present)} respondent(s), fewer than {min_n}"
    if present.nunique() < 2:
        return "every answer is the same"
    return None


def chapter6_analysis(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    background: Sequence[str] = DEFAULT_BACKGROUND,
    min_n: int = 5,
    omega: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Chapter6:
    """The analyses of chapter 6 on a frame from :func:`build_analysis_frame`.

    * **Reliability** (table 2): Cronbach's alpha of every multi-item scale on its items as scored
      (reverse-keyed items mirrored, mixed response scales rescaled), listwise, with its n and the
      Feldt 95 % interval. One-item scales get no alpha. With ``omega``, also McDonald's omega
      (one-factor, listwise; see :func:`scale_omega`) in a column ``omega``, notes keyed ``omega:<scale>``.
    * **Correlations** (table 3): Spearman correlations between all scale scores (pairwise), with
      each scale's mean, SD and n, in the instrument's scale order.
    * **Regressions** (tables 4-6): for each employability scale, three steps: ``background``
      (default age and gender), the learning activities, the learning-climate scales; listwise over
      all predictors so every step uses the same respondents.

    A selection with fewer than ``min_n`` respondents raises :class:`TooFewRespondents`; a single
    statistic based on fewer than ``min_n`` respondents, or one that cannot be computed (e.g. a
    constant variable), is left out with an explanation in ``notes`` (keyed ``alpha:<scale>``,
    ``spearman``, ``regression:<outcome>``). ``progress`` is called after every step.
    """
    n = len(frame)
    if n < min_n:
        raise TooFewRespondents(n, min_n)
    tick = progress or (lambda _label: None)
    notes: dict[str, str] = {}

    rows, alphas = [], {}
    for scale in instrument.scales:
        row = {"group": scale.group, "items": len(scale.items), "n": 0, "alpha": np.nan}
        row.update(ci_low=np.nan, ci_high=np.nan, alpha_standardized=np.nan)
        row["n_scored"] = int(frame[scale.key].notna().sum()) if scale.key in frame.columns else 0
        if len(scale.items) < 2:
            notes[f"alpha:{scale.key}"] = "single-item scale: no alpha"
        else:
            items = scale_items(frame, instrument, scale)
            complete = int(items.notna().all(axis=1).sum())
            row["n"] = complete
            if complete < min_n:
                notes[f"alpha:{scale.key}"] = f"{complete} complete respondent(s), fewer than {min_n}"
            else:
                try:
                    result = cronbach_alpha(items)
                except ValueError as exc:
                    notes[f"alpha:{scale.key}"] = str(exc)
                else:
                    row.update(alpha=result.alpha, ci_low=result.ci_low, ci_high=result.ci_high)
                    row["alpha_standardized"] = result.alpha_standardized
                    alphas[scale.key] = result
        if omega:
            row["omega"], problem = scale_omega(frame, instrument, scale, min_n)
            if problem and len(scale.items) > 1:
                notes[f"omega:{scale.key}"] = problem
        rows.append(row)
        tick(f"alpha {scale.key}")
    reliability = pd.DataFrame(rows, index=pd.Index(instrument.scale_keys, name="scale"))

    keys = []
    for key in instrument.scale_keys:
        problem = _usable(frame[key], min_n) if key in frame.columns else "not in the data"
        if problem:
            notes[f"spearman:{key}"] = problem
        else:
            keys.append(key)
    spearman = None
    if len(keys) >= 2:
        try:
            spearman = spearman_table(frame[keys])
        except ValueError as exc:
            notes["spearman"] = str(exc)
    else:
        notes["spearman"] = "fewer than two scales can be correlated"
    tick("spearman")

    outcomes, blocks = chapter6_blocks(instrument, background)
    data = with_derived(frame, background)
    regressions: dict[str, list[RegressionStep]] = {}
    for outcome in outcomes:
        try:
            steps = hierarchical_regression(data, outcome, blocks)
        except ValueError as exc:
            notes[f"regression:{outcome}"] = str(exc)
        else:
            if steps[0].n < min_n:
                notes[f"regression:{outcome}"] = f"{steps[0].n} complete respondent(s), fewer than {min_n}"
            else:
                regressions[outcome] = steps
        tick(f"regression {outcome}")

    return Chapter6(
        n=n,
        scale_keys=instrument.scale_keys,
        reliability=reliability,
        spearman=spearman,
        outcomes=tuple(outcomes),
        blocks=tuple(tuple(b) for b in blocks),
        regressions=regressions,
        notes=notes,
        alphas=alphas,
    )
