"""Figures of one organization's report: means with their uncertainty, the comparison with a benchmark,
safe group breakdowns, and the change between two scan rounds.

Plain Python (no Django), so the rules that protect anonymity and the judgements the report puts in
words can be tested on their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from leerscan.analytics.comparison import IndependentComparison, independent_comparison

#: A respondent "agrees" with a condition when their average on its 1-5 items is 3.5 or more, that is:
#: it rounds to "agree" or "strongly agree".
AGREE_CUT = 3.5

#: Standardized differences (in benchmark SDs) that the report calls small, clear. Cohen's rough
#: conventions (0.2 small, 0.5 medium), the usual yardstick for differences between groups.
SMALL_DIFFERENCE = 0.2
CLEAR_DIFFERENCE = 0.5


#: Role codes of the background question "role": 1 employee; 2 team leader, 3 manager, 4 director.
EMPLOYEE_CODES = (1,)
MANAGER_CODES = (2, 3, 4)


def role_group(code) -> str:
    """'managers', 'employees' or 'unknown' for a role answer."""
    if code != code or code is None:
        return "unknown"
    if int(code) in MANAGER_CODES:
        return "managers"
    if int(code) in EMPLOYEE_CODES:
        return "employees"
    return "unknown"


def role_groups(answers: pd.DataFrame) -> pd.Series:
    """The role group of every row of item-level ``answers`` ("unknown" without a role question)."""
    if "role" not in answers.columns:
        return pd.Series("unknown", answers.index)
    return answers["role"].map(role_group)


@dataclass(frozen=True)
class MeanEstimate:
    """Mean of the non-missing values with its t-based confidence interval (``nan`` when n < 2)."""

    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float


def mean_estimate(values, ci: float = 0.95) -> MeanEstimate:
    """Mean, SD (n - 1) and the t-interval of the mean. Missing values are left out."""
    data = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float)
    n = len(data)
    if n == 0:
        return MeanEstimate(0, math.nan, math.nan, math.nan, math.nan)
    mean = float(data.mean())
    if n < 2:
        return MeanEstimate(1, mean, math.nan, math.nan, math.nan)
    sd = float(data.std(ddof=1))
    half = float(stats.t.ppf(0.5 + ci / 2, n - 1)) * sd / math.sqrt(n)
    return MeanEstimate(n, mean, sd, mean - half, mean + half)


def share_at_least(values, cut: float = AGREE_CUT) -> float:
    """Share (0-1) of the non-missing values that are ``cut`` or more; ``nan`` without values."""
    data = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    return float((data >= cut).mean()) if len(data) else math.nan


def standardized_difference(mean: float, benchmark_mean: float, benchmark_sd: float) -> float:
    """(mean - benchmark mean) / benchmark SD: how far from the benchmark, in the benchmark's spread."""
    if not benchmark_sd or benchmark_sd != benchmark_sd:
        return math.nan
    return (mean - benchmark_mean) / benchmark_sd


def difference_words(difference: float) -> str:
    """Code for the size of a standardized difference: clearly/somewhat higher/lower, or about the same."""
    if difference != difference:
        return "unknown"
    size = abs(difference)
    if size < SMALL_DIFFERENCE:
        return "same"
    direction = "higher" if difference > 0 else "lower"
    return f"{'clearly' if size >= CLEAR_DIFFERENCE else 'somewhat'}_{direction}"


def strongest_and_weakest(differences: Mapping[str, float], count: int = 2) -> tuple[list[str], list[str]]:
    """The ``count`` keys furthest above and furthest below the benchmark (missing values left out).

    The two lists never share a key: with fewer than ``2 * count`` keys the weakest list is shorter.
    """
    known = sorted(
        ((value, key) for key, value in differences.items() if value == value), key=lambda p: (-p[0], p[1])
    )
    strongest = [key for _, key in known[:count]]
    weakest = [key for _, key in reversed(known[len(strongest) :])][:count]
    return strongest, weakest


def enough_answers(values, threshold: int) -> bool:
    """May a figure about these values (one scale's scores of a group) be shown?

    Only when at least ``threshold`` people have a value: a scale that fewer people answered (enough
    of its questions to get a score) would show the mean of a group under the anonymity threshold,
    even when the round as a whole is large enough. Missing values do not count.
    """
    return int(pd.Series(values).notna().sum()) >= threshold


def shown_scales(scores: pd.DataFrame, threshold: int) -> tuple[list[str], list[str]]:
    """Split the scale keys of ``scores`` into those that may be shown and those that must be suppressed.

    A scale is shown when :func:`enough_answers`; it is suppressed when some, but fewer than
    ``threshold``, people have a score. Scales nobody has a score on (not asked in this variant of
    the questionnaire) are in neither list. Both keep the column order.
    """
    shown, suppressed = [], []
    for key in scores.columns:
        if enough_answers(scores[key], threshold):
            shown.append(key)
        elif scores[key].notna().any():
            suppressed.append(key)
    return shown, suppressed


def breakdown_is_safe(group_sizes: Mapping[str, int], threshold: int) -> bool:
    """May figures per group be shown next to the figures of the whole?

    ``group_sizes`` is a partition of the respondents (every respondent in exactly one group, including
    a group for "unknown"). Showing the whole and some groups reveals the rest by subtraction, so the
    breakdown is safe only when every non-empty group reaches the threshold, and the whole does too.
    """
    total = sum(group_sizes.values())
    return total >= threshold and all(size >= threshold for size in group_sizes.values() if size > 0)


@dataclass(frozen=True)
class WaveChange:
    """Change in one scale from an earlier to a later round (independent groups: waves are not linked)."""

    comparison: IndependentComparison
    beyond_noise: bool  # the confidence interval of the difference excludes zero


def wave_change(earlier, later, ci: float = 0.95) -> WaveChange:
    """Later minus earlier mean, with Welch's confidence interval. Missing values are left out."""
    comparison = independent_comparison(later, earlier, ci=ci)
    beyond = bool(comparison.ci_low > 0 or comparison.ci_high < 0)
    return WaveChange(comparison, beyond)


#: The two rounds' respondent groups differ so much that a change may come from who answered.
SIZE_RATIO_LIMIT = 2.0
SMALL_GROUP = 10
COMPOSITION_LIMIT = 0.25


def comparability_warnings(
    earlier_n: int, later_n: int, earlier_manager_share: float | None, later_manager_share: float | None
) -> list[str]:
    """Codes of the reasons why two rounds' groups may not be comparable (empty when they are)."""
    warnings = []
    small, large = sorted((earlier_n, later_n))
    if small and large / small > SIZE_RATIO_LIMIT:
        warnings.append("size_ratio")
    if small < SMALL_GROUP:
        warnings.append("small")
    if (
        earlier_manager_share is not None
        and later_manager_share is not None
        and abs(earlier_manager_share - later_manager_share) > COMPOSITION_LIMIT
    ):
        warnings.append("composition")
    return warnings
