"""Evaluator analyses beyond chapter 6: aggregation to organizations and the pre/post comparison.

* :func:`aggregation_analysis`: per learning-climate scale, ICC(1) and ICC(2) by organization and
  the mean rwg(j) over the organizations: do the scores justify talking about an organization's
  climate (Bliese 2000)?
* :func:`wave_comparison`: the scale scores of the first measurement (wave 1) against each
  organization's latest later wave, as two independent groups (waves are anonymous), and as pairs
  where respondents' optional linking codes match.

Both keep the anonymity rule of the workspace: figures rest only on organizations, groups and pairs
of at least ``min_n`` respondents; nothing per organization is returned. Plain Python (pandas,
NumPy): no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leerscan.analytics.comparison import independent_comparison, paired_comparison
from leerscan.analytics.dataset import CLIMATE_GROUP, scale_items
from leerscan.analytics.multilevel import icc, rwg_j, rwg_summary
from leerscan.analytics.organization import enough_answers
from leerscan.instrument.model import Instrument, Scale

__all__ = [
    "Aggregation",
    "WaveComparison",
    "aggregation_analysis",
    "response_options",
    "wave_comparison",
]

FIRST_WAVE = 1

AGGREGATION_COLUMNS = [
    "organizations", "n", "icc1", "icc2", "rwg_j_mean", "rwg_j_median", "rwg_j_min", "rwg_j_max",
    "rwg_j_organizations", "rwg_j_at_70", "rwg_j_n", "options",
]  # fmt: skip
INDEPENDENT_COLUMNS = [
    "n_pre", "n_post", "mean_pre", "mean_post", "mean_diff", "ci_low", "ci_high", "t", "df", "p_t",
    "u", "p_u", "hedges_g",
]  # fmt: skip
PAIRED_COLUMNS = [
    "n", "mean_pre", "mean_post", "mean_diff", "ci_low", "ci_high", "t", "df", "p_t",
    "wilcoxon_w", "p_wilcoxon", "cohens_dz",
]  # fmt: skip


def response_options(instrument: Instrument, scale: Scale) -> int | None:
    """Number of answer options of a scale's items (A in rwg's null variance ``(A^2 - 1) / 12``).

    None when the items have no common response scale (rwg(j) then has no uniform null).
    """
    counts = set()
    for item in scale.items:
        question = instrument.questions.get(item)
        codes = question.codes if question is not None else ()
        counts.add(len(codes))
    return counts.pop() if len(counts) == 1 and min(counts) >= 2 else None


@dataclass(frozen=True)
class Aggregation:
    """Result of :func:`aggregation_analysis`: ``table`` is indexed by scale key."""

    table: pd.DataFrame  # AGGREGATION_COLUMNS
    group: str
    min_n: int
    notes: dict[str, str] = field(default_factory=dict)


def aggregation_analysis(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    group: str = "organization",
    min_n: int = 5,
    scale_group: str = CLIMATE_GROUP,
    rwg_missing: str = "listwise",
    rwg_null: str = "uniform",
) -> Aggregation:
    """ICC(1), ICC(2) by ``group`` and the mean rwg(j) per scale of ``scale_group``.

    Only organizations (values of ``group``) with at least ``min_n`` respondents who have a score on
    the scale count, for the ICCs and for rwg(j) alike; the others are left out of that scale. The
    ICCs (:func:`leerscan.analytics.multilevel.icc`, mean group size as R's multilevel) need two such
    organizations. rwg(j) (:func:`leerscan.analytics.multilevel.rwg_j`, uniform null of the scale's
    number of answer options, items as scored) is summarized over the organizations that have one:
    mean, median, minimum, maximum and how many reach .70 (``rwg_j_at_70``).
    A scale that cannot be computed gets ``nan`` and a reason in ``notes`` (keyed by scale).
    Missing data: the scale score's own rule for the ICCs; for rwg(j) the ``rwg_missing`` rule of
    :func:`~leerscan.analytics.multilevel.rwg_j` (default listwise, as R's multilevel), whose
    complete respondents are counted in ``rwg_j_n``; ``rwg_null`` picks the null distribution.
    """
    rows, notes = {}, {}
    for scale in instrument.scales:
        if scale.group != scale_group:
            continue
        row = dict.fromkeys(AGGREGATION_COLUMNS, np.nan)
        row.update(organizations=0, n=0, rwg_j_organizations=0, rwg_j_at_70=0, rwg_j_n=0)
        scored = frame[[group, scale.key]].dropna() if scale.key in frame.columns else frame.iloc[:0]
        sizes = scored.groupby(group).size()
        kept = sizes.index[sizes >= min_n]
        scored = scored[scored[group].isin(kept)]
        row.update(organizations=len(kept), n=len(scored))
        options = response_options(instrument, scale)
        row["options"] = options if options is not None else np.nan
        if len(kept) < 2:
            notes[scale.key] = f"{len(kept)} organization(s) with at least {min_n} respondents; ICC needs 2"
        else:
            try:
                result = icc(scored, group, scale.key)
            except ValueError as exc:
                notes[scale.key] = str(exc)
            else:
                row.update(icc1=result.icc1, icc2=result.icc2)
        if options is None:
            notes.setdefault(scale.key, "the items have different answer options: no rwg(j)")
        elif len(kept):
            members = frame[group].isin(kept)
            try:
                agreement = rwg_j(
                    scale_items(frame[members], instrument, scale),
                    frame.loc[members, group],
                    options,
                    missing=rwg_missing,
                    null=rwg_null,
                )
            except ValueError as exc:
                notes.setdefault(scale.key, str(exc))
            else:
                summary = rwg_summary(agreement["rwg_j"])
                row.update(
                    rwg_j_mean=summary["mean"],
                    rwg_j_median=summary["median"],
                    rwg_j_min=summary["min"],
                    rwg_j_max=summary["max"],
                    rwg_j_organizations=summary["groups"],
                    rwg_j_at_70=summary["at_cut"],
                    rwg_j_n=int(agreement["n"].sum()),
                )
        rows[scale.key] = row
    table = pd.DataFrame.from_dict(rows, orient="index", columns=AGGREGATION_COLUMNS)
    table.index.name = "scale"
    return Aggregation(table, group, min_n, notes)


@dataclass(frozen=True)
class WaveComparison:
    """Result of :func:`wave_comparison`. Tables are indexed by scale key (empty when not shown)."""

    independent: pd.DataFrame  # INDEPENDENT_COLUMNS: post minus pre
    paired: pd.DataFrame  # PAIRED_COLUMNS: post minus pre, linked respondents only
    organizations: int  # organizations with a first and a later wave in the selection
    pre_n: int
    post_n: int
    post_waves: tuple[int, ...]  # the later waves that were used (each organization's latest)
    pairs: int  # linked pairs found (before the per-scale threshold)
    min_n: int
    notes: dict[str, str] = field(default_factory=dict)


def _follow_up(frame: pd.DataFrame, group: str, wave: str) -> tuple[pd.Series, pd.Series]:
    """Masks of the pre rows (wave 1) and the post rows (each group's latest wave after wave 1),
    for the groups that have both."""
    waves = pd.to_numeric(frame[wave], errors="coerce")
    latest = waves[waves > FIRST_WAVE].groupby(frame[group]).max()
    has_first = set(frame.loc[waves == FIRST_WAVE, group])
    latest = latest[latest.index.isin(has_first)]
    pre = (waves == FIRST_WAVE) & frame[group].isin(latest.index)
    post = waves.eq(frame[group].map(latest)) & frame[group].isin(latest.index)
    return pre, post


def wave_comparison(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    links: pd.Series | None = None,
    group: str = "organization",
    wave: str = "wave",
    min_n: int = 5,
) -> WaveComparison:
    """Wave 1 against each organization's latest later wave, per scale.

    Only organizations with a wave 1 and a later wave in ``frame`` take part; for each, its latest
    wave after the first is the "post" measurement. **Independent groups**
    (:func:`leerscan.analytics.comparison.independent_comparison`, post minus pre: Welch t, Mann-
    Whitney U, Hedges' g) for every scale where both groups have at least ``min_n`` scores.
    **Pairs** (:func:`leerscan.analytics.comparison.paired_comparison`): ``links`` gives, per row of
    ``frame`` (same index), an opaque key that is equal for two answers of the same person (from the
    optional linking code; missing when none). A pair is an organization's pre and post answer with
    the same key; a key used twice in one wave is ambiguous and dropped. Paired results are given
    per scale only when at least ``min_n`` pairs have both scores.
    Missing data: each group's own scores (independent); complete pairs (paired).
    """
    pre, post = _follow_up(frame, group, wave)
    organizations = int(frame.loc[pre, group].nunique())
    notes: dict[str, str] = {}
    post_waves = tuple(sorted(int(w) for w in pd.to_numeric(frame.loc[post, wave]).unique()))

    independent = {}
    if organizations == 0:
        notes["waves"] = "no organization has a first and a later wave in this selection"
    for scale in instrument.scales if organizations else ():
        a, b = frame.loc[post, scale.key], frame.loc[pre, scale.key]
        if not (enough_answers(a, min_n) and enough_answers(b, min_n)):
            if a.notna().any() or b.notna().any():
                notes[f"independent:{scale.key}"] = (
                    f"{int(b.notna().sum())} and {int(a.notna().sum())} scores, fewer than {min_n} in a wave"
                )
            continue
        try:
            result = independent_comparison(a, b)
        except ValueError as exc:
            notes[f"independent:{scale.key}"] = str(exc)
            continue
        independent[scale.key] = {
            "n_pre": result.n_b, "n_post": result.n_a, "mean_pre": result.mean_b, "mean_post": result.mean_a,
            "mean_diff": result.mean_diff, "ci_low": result.ci_low, "ci_high": result.ci_high,
            "t": result.t, "df": result.df, "p_t": result.p_t, "u": result.u, "p_u": result.p_u,
            "hedges_g": result.hedges_g,
        }  # fmt: skip

    pairs = _pairs(frame, pre, post, links, group)
    paired = {}
    if organizations and len(pairs) < min_n:
        notes["paired"] = f"{len(pairs)} linked pair(s), fewer than {min_n}"
    elif organizations:
        for scale in instrument.scales:
            before = frame.loc[pairs["pre"], scale.key].to_numpy(dtype=float)
            after = frame.loc[pairs["post"], scale.key].to_numpy(dtype=float)
            complete = ~(np.isnan(before) | np.isnan(after))
            if complete.sum() < min_n:
                if complete.any():
                    notes[f"paired:{scale.key}"] = (
                        f"{int(complete.sum())} complete pair(s), fewer than {min_n}"
                    )
                continue
            try:
                result = paired_comparison(before[complete], after[complete])
            except ValueError as exc:
                notes[f"paired:{scale.key}"] = str(exc)
                continue
            paired[scale.key] = {name: getattr(result, name) for name in PAIRED_COLUMNS}

    return WaveComparison(
        independent=_table(independent, INDEPENDENT_COLUMNS),
        paired=_table(paired, PAIRED_COLUMNS),
        organizations=organizations,
        pre_n=int(pre.sum()),
        post_n=int(post.sum()),
        post_waves=post_waves,
        pairs=len(pairs),
        min_n=min_n,
        notes=notes,
    )


def _pairs(frame: pd.DataFrame, pre: pd.Series, post: pd.Series, links, group: str) -> pd.DataFrame:
    """Row labels (``pre``, ``post``) of the linked pairs: same group, same key, each key once a wave."""
    empty = pd.DataFrame(columns=["pre", "post"])
    if links is None:
        return empty
    links = pd.Series(links).reindex(frame.index)

    def unique(mask: pd.Series) -> pd.DataFrame:
        rows = pd.DataFrame({"group": frame.loc[mask, group], "key": links[mask]}).dropna()
        rows = rows[~rows.duplicated(["group", "key"], keep=False)]  # a key twice in a wave: ambiguous
        return rows.rename_axis("row").reset_index()

    matched = unique(pre).merge(unique(post), on=["group", "key"], suffixes=("_pre", "_post"))
    return matched.rename(columns={"row_pre": "pre", "row_post": "post"})[["pre", "post"]]


def _table(rows: dict, columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    table.index.name = "scale"
    return table
