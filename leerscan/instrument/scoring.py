"""Scale scores per respondent, following the scale definitions in the instrument file.

Rules (all read from the definition, none hard-coded):

* **Reverse keying.** A reverse-keyed item's code ``x`` on a response scale ``lo..hi`` counts as
  ``lo + hi - x``.
* **Mixed response scales.** When a scale has ``rescale_items: true``, every item is first mapped
  linearly from its own response scale onto the scale's metric: ``m_lo + (x - lo) / (hi - lo) *
  (m_hi - m_lo)``. A 7-point frequency item and a 5-point agreement item thus both count on 1-5.
* **Missing data.** A scale score is the mean of the answered items, and is only computed when the
  number of answered items is at least ``min_answered`` x the number of items (``0.66``: at least
  two of three, four of five, five of seven). Otherwise the score is missing.
* **POMP** (percent of maximum possible) rescales a score onto 0-100:
  ``100 * (score - m_lo) / (m_hi - m_lo)``, so scales with different metrics can be compared.

All transformations are affine, so scoring is two matrix products over the item matrix; it scores
a million respondents in well under a second (see ``benchmarks/scoring.py``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leerscan.instrument.model import Instrument, Scale

POMP_SUFFIX = "_pomp"


@dataclass(frozen=True)
class ScoringPlan:
    """Pre-computed affine transform and scale membership for one instrument."""

    items: tuple[str, ...]  # distinct item ids used by any scale, in column order
    pair_item: np.ndarray  # for every (scale, item) pair: column index into ``items``
    pair_slope: np.ndarray
    pair_offset: np.ndarray
    membership: np.ndarray  # pairs x scales, 0/1
    required: np.ndarray  # per scale: answered items needed
    scales: tuple[Scale, ...]


def item_transform(instrument: Instrument, scale: Scale, item_id: str) -> tuple[float, float]:
    """``(slope, offset)`` such that an item's contribution to the scale is ``slope*code + offset``."""
    question = instrument.questions[item_id]
    rs = question.response_scale
    lo, hi = float(rs.low), float(rs.high)
    slope, offset = 1.0, 0.0
    if question.reverse:  # x -> lo + hi - x
        slope, offset = -1.0, lo + hi
    if scale.rescale_items:  # y -> m_lo + (y - lo) * (m_hi - m_lo) / (hi - lo)
        m_lo, m_hi = scale.metric
        factor = (m_hi - m_lo) / (hi - lo)
        slope, offset = slope * factor, (offset - lo) * factor + m_lo
    return slope, offset


@functools.cache
def scoring_plan(instrument: Instrument, scale_keys: tuple[str, ...] | None = None) -> ScoringPlan:
    """Build (and cache) the scoring plan for an instrument."""
    scales = tuple(s for s in instrument.scales if scale_keys is None or s.key in scale_keys)
    items: list[str] = []
    for scale in scales:
        for item in scale.items:
            if item not in items:
                items.append(item)
    pair_item, slopes, offsets, member_of = [], [], [], []
    for s_index, scale in enumerate(scales):
        for item in scale.items:
            slope, offset = item_transform(instrument, scale, item)
            pair_item.append(items.index(item))
            slopes.append(slope)
            offsets.append(offset)
            member_of.append(s_index)
    membership = np.zeros((len(pair_item), len(scales)))
    membership[np.arange(len(pair_item)), member_of] = 1.0
    required = np.array([s.min_answered * len(s.items) - 1e-9 for s in scales])
    return ScoringPlan(
        tuple(items),
        np.array(pair_item, dtype=np.intp),
        np.array(slopes),
        np.array(offsets),
        membership,
        required,
        scales,
    )


def score_matrix(matrix: np.ndarray, plan: ScoringPlan) -> np.ndarray:
    """Scale means for an item matrix whose columns are ``plan.items`` (NaN = not answered)."""
    identity = len(plan.pair_item) == matrix.shape[1] and bool(
        np.all(plan.pair_item == np.arange(matrix.shape[1]))
    )
    values = matrix if identity else matrix[:, plan.pair_item]
    transformed = values * plan.pair_slope
    transformed += plan.pair_offset
    answered = ~np.isnan(transformed)
    transformed[~answered] = 0.0
    sums = transformed @ plan.membership
    counts = answered.astype(np.float32) @ plan.membership.astype(np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = sums / counts
    scores[counts < plan.required] = np.nan
    return scores


def score_responses(
    answers: pd.DataFrame,
    instrument: Instrument,
    *,
    pomp: bool = False,
    scale_keys: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Scale scores for item-level answers (one row per respondent, one column per item id).

    Item columns that are absent count as not answered (e.g. a short-variant questionnaire), so the
    scales they feed come out missing. Returns one column per scale key (the raw mean on the
    scale's metric) and, with ``pomp=True``, one ``<key>_pomp`` column per scale as well. The
    index of ``answers`` is kept.
    """
    plan = scoring_plan(instrument, scale_keys)
    matrix = np.full((len(answers), len(plan.items)), np.nan)
    for j, item in enumerate(plan.items):
        if item in answers.columns:
            matrix[:, j] = pd.to_numeric(answers[item], errors="coerce").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
    scores = score_matrix(matrix, plan)
    result = pd.DataFrame(scores, columns=[s.key for s in plan.scales], index=answers.index)
    if pomp:
        for scale in plan.scales:
            result[scale.key + POMP_SUFFIX] = to_pomp(result[scale.key], scale)
    return result


def to_pomp(scores: pd.Series | np.ndarray | float, scale: Scale):
    """Percent of maximum possible (0-100) for scores on ``scale``'s metric."""
    lo, hi = scale.metric
    return (scores - lo) / (hi - lo) * 100.0
