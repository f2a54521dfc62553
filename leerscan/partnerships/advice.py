"""Advice cards: which of the seed's recommendations a partnership's figures point to.

The card texts are data (``definitions/advice.yaml``, four languages); the mapping from a flag to a
card is a proposal (design note 4.2.7) and the 3.0 threshold a placeholder (the seed has no norms).
Plain Python, no Django.
"""

from __future__ import annotations

import functools
from pathlib import Path
from statistics import mean

import yaml

from leerscan.partnerships.instrument import LANGUAGES, NBSP, french

ADVICE = Path(__file__).parent / "definitions" / "advice.yaml"
LOW = 3.0
LOAD = 0.5
LOW_CONTRIBUTION = 2.5


@functools.cache
def cards() -> dict[str, dict]:
    """Every card by id; each text in the four languages (French with its non-breaking spaces)."""
    data = yaml.safe_load(ADVICE.read_text(encoding="utf-8"))
    result = {}
    for card in data["cards"]:
        missing = [lang for lang in LANGUAGES if not card["text"].get(lang)]
        if missing:
            raise ValueError(f"advice card {card['id']}: no text in {', '.join(missing)}")
        text = {lang: card["text"][lang].replace("{NBSP}", NBSP) for lang in LANGUAGES}
        text["fr"] = french(text["fr"])
        result[card["id"]] = {**card, "text": text}
    return result


def _low(profile: dict, key: str) -> bool:
    value = profile["subscales"].get(key, {}).get("mean")
    return value is not None and value < LOW


def _item_mean(all_answers: list[dict], item: str) -> float | None:
    values = [a[item] for a in all_answers if isinstance(a.get(item), int) and a[item] > 0]
    return mean(values) if values else None


def triggered(profile: dict, metrics: dict, all_answers: list[dict], contributions: list[float]) -> list[str]:
    """The ids of the cards the figures point to, in the order of the advice file."""
    layer1 = profile["layers"].get(1, {}).get("mean")
    cd2, d4, gl10 = (_item_mean(all_answers, item) for item in ("cd2", "d4", "gl10"))
    load = metrics.get("coordinator_load")
    flags = {
        "foundation_first": layer1 is not None and layer1 < LOW,
        "shared_vision": _low(profile, "sv"),
        "shared_goals": _low(profile, "sg"),
        "interdependence": _low(profile, "ti")
        and _low(profile, "oi")
        and bool(contributions)
        and mean(contributions) < LOW_CONTRIBUTION,
        "autonomy": _low(profile, "au"),
        "coordination": (load is not None and load >= LOAD) or (cd2 is not None and cd2 < LOW),
        "boundary_crossing": _low(profile, "bc") or (gl10 is not None and gl10 < LOW),
        "pace": d4 is not None and d4 < LOW,
    }
    return [card for card in cards() if flags.get(card)]
