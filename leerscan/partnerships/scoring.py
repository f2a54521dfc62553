"""Layer scores of the partnership scan (design note 3.7, a proposal; no norms in the seed).

- A subscale score is the mean of its items after reversing (R) items (1..5 -> 5..1), when at least
  ``min_answered`` of its items were answered; "don't know" (code 0) counts as not answered.
- A layer score is the mean of its subscale scores.
- A partnership profile gives, per subscale and layer, the mean over respondents with n, range and SD.
- Layer 3 also reports the balance group learning - boundary crossing (the seed asks for "een balans").

Plain Python (pandas for alpha through :mod:`leerscan.analytics`), no Django.
"""

from __future__ import annotations

import math
from statistics import mean, stdev

import pandas as pd

from leerscan.analytics import cronbach_alpha
from leerscan.partnerships.instrument import PartnershipInstrument

HIGH = 5


def item_value(instrument: PartnershipInstrument, item: str, code) -> float | None:
    """The scored value of one answer: None for no answer or "don't know", reversed for (R) items."""
    if code in (None, "", 0, "0"):
        return None
    value = int(code)
    if value not in instrument.likert_codes:
        return None
    return float(HIGH + 1 - value) if instrument.question(item).reverse else float(value)


def subscale_scores(instrument: PartnershipInstrument, answers: dict) -> dict[str, float | None]:
    """One respondent's score on every subscale (None when too few items were answered)."""
    minimum = float(instrument.scoring.get("min_answered", 0.66))
    scores = {}
    for key, subscale in instrument.subscales.items():
        values = [item_value(instrument, i, answers.get(i)) for i in subscale.items]
        values = [v for v in values if v is not None]
        scores[key] = mean(values) if values and len(values) >= minimum * len(subscale.items) else None
    return scores


def layer_scores(
    instrument: PartnershipInstrument, scores: dict[str, float | None]
) -> dict[int, float | None]:
    """Mean of a layer's subscale scores (None when none of them has a score)."""
    result = {}
    for layer in instrument.layers:
        values = [scores[k] for k in layer.subscales if scores.get(k) is not None]
        result[layer.key] = mean(values) if values else None
    return result


def _summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "mean": mean(values) if values else None,
        "min": min(values) if values else None,
        "max": max(values) if values else None,
        "sd": stdev(values) if len(values) > 1 else None,
    }


def profile(instrument: PartnershipInstrument, all_answers: list[dict]) -> dict:
    """The layer profile of a partnership: every subscale and layer over its respondents."""
    per_person = [subscale_scores(instrument, answers) for answers in all_answers]
    layers_per_person = [layer_scores(instrument, s) for s in per_person]
    subscales = {
        key: _summary([s[key] for s in per_person if s[key] is not None]) for key in instrument.subscales
    }
    layers = {
        layer.key: _summary([p[layer.key] for p in layers_per_person if p[layer.key] is not None])
        for layer in instrument.layers
    }
    gl, bc = subscales.get("gl", {}).get("mean"), subscales.get("bc", {}).get("mean")
    balance = gl - bc if gl is not None and bc is not None else None
    return {
        "respondents": len(all_answers),
        "subscales": subscales,
        "layers": layers,
        "balance": balance,
        "flags": flags(instrument, layers, balance),
    }


def flags(instrument: PartnershipInstrument, layers: dict, balance: float | None) -> list[str]:
    """Placeholder flags of the design note (3.0 and 1.0 are placeholders, no norm in the seed)."""
    low = float(instrument.scoring.get("low_layer", 3.0))
    result = []
    layer1 = layers.get(1, {}).get("mean")
    if layer1 is not None and layer1 < low:
        result.append("foundation_first")
    if balance is not None and abs(balance) >= float(instrument.scoring.get("balance_flag", 1.0)):
        result.append("learning_balance")
    return result


def item_frame(instrument: PartnershipInstrument, subscale: str, all_answers: list[dict]) -> pd.DataFrame:
    """The scored items of one subscale, one row per respondent (NaN for no answer)."""
    items = instrument.subscales[subscale].items
    rows = [
        [math.nan if (v := item_value(instrument, i, answers.get(i))) is None else v for i in items]
        for answers in all_answers
    ]
    return pd.DataFrame(rows, columns=list(items), dtype=float)


def reliability(instrument: PartnershipInstrument, all_answers: list[dict]) -> dict[str, dict]:
    """Cronbach's alpha per subscale (listwise complete cases), or why there is none."""
    result = {}
    for key in instrument.subscales:
        frame = item_frame(instrument, key, all_answers)
        try:
            alpha = cronbach_alpha(frame)
        except ValueError as error:
            result[key] = {"alpha": None, "n": int(frame.dropna().shape[0]), "reason": str(error)}
        else:
            result[key] = {"alpha": alpha.alpha, "n": alpha.n, "k": alpha.k, "reason": ""}
    return result
