"""A forecast of an open round's final response rate, with an interval (no Django: the benchmark uses it).

A finished round's *curve* is the moment of each completion as a share of the round's duration
(0 = opening, 1 = closing). At share ``t`` of its time, an open round with ``c`` completions is
expected to end near ``c / F(t)``, where ``F(t)`` is the share of a finished round's completions that
were in by ``t``. Every earlier round gives one such estimate, and the round's own recent pace gives
one more (what it would add at half its recent rate until closing); the forecast is their median, the
interval their 10th to 90th percentile, widened by the chance variation of a count (``c`` completions
vary by about ``sqrt(c)``). Without enough earlier rounds, curves of the synthetic model below stand in.
"""

from __future__ import annotations

import bisect
import math
import random
import statistics
from dataclasses import dataclass

MIN_REFERENCES = 5
REMINDER_DAYS = (3, 7)
DEFAULT_DURATION = 21


@dataclass(frozen=True)
class Curve:
    """A finished round: when its completions came (shares of its duration, sorted) and its final rate."""

    times: tuple[float, ...]
    final_rate: float

    def share_by(self, t: float) -> float:
        return bisect.bisect_right(self.times, t) / len(self.times) if self.times else 0.0


@dataclass(frozen=True)
class Forecast:
    rate: float  # the expected final response rate, 0 to 1
    low: float
    high: float
    references: int  # how many earlier rounds' curves it used


def forecast(
    completed: int, invited: int, elapsed: float, recent: int, references: list[Curve]
) -> Forecast | None:
    """The final rate of a round with ``completed`` of ``invited`` at share ``elapsed`` of its time,
    ``recent`` of them in the last quarter of the time gone by. None without anyone invited."""
    if invited <= 0:
        return None
    elapsed = min(max(elapsed, 0.0), 1.0)
    curves = [c for c in references if c.times] or []
    if len(curves) < MIN_REFERENCES:
        curves = curves + default_curves()
    if elapsed >= 1.0:
        rate = min(completed / invited, 1.0)
        return Forecast(rate, rate, rate, len(curves))
    estimates = []
    for curve in curves:
        share = curve.share_by(elapsed)
        if completed and share > 0:
            estimates.append(completed / share)
        elif not completed:  # nothing yet: what this curve still expected after now
            estimates.append(curve.final_rate * invited * (1 - share))
    if elapsed > 0:
        pace = recent / (elapsed / 4) if recent else completed / elapsed / 2
        estimates.append(completed + 0.5 * pace * (1 - elapsed))
    estimates = sorted(min(max(e, completed), invited) for e in estimates)
    middle = statistics.median(estimates)
    low, high = _quantile(estimates, 0.1), _quantile(estimates, 0.9)
    noise = 1.28 * math.sqrt(max(middle - completed, 1))  # the completions still to come vary
    low = max(completed, min(low, middle - noise))
    high = min(invited, max(high, middle + noise))
    return Forecast(middle / invited, low / invited, high / invited, len(curves))


def _quantile(values: list[float], q: float) -> float:
    position = q * (len(values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


def synthetic_round(rng: random.Random, duration: int = DEFAULT_DURATION) -> tuple[int, Curve]:
    """A made-up finished round: (invited, curve). Completions come in a burst after the invitation,
    smaller ones after the reminders on days 3 and 7, and steadily over the whole time; rounds differ
    in size, final rate, pace and mix."""
    invited = rng.randint(8, 150)
    final_rate = rng.betavariate(4, 3)
    completed = sum(rng.random() < final_rate for _ in range(invited))
    # after the invitation, after each reminder, and steadily (a poster, word of mouth, shifts)
    weights = [rng.gammavariate(a, 1) for a in (4.0, 2.0, 1.5, 2.0)]
    starts = (0.0, *REMINDER_DAYS)
    pace = rng.uniform(0.8, 5.0)  # how quickly people answer after a mail, in days
    times = []
    for _ in range(completed):
        kind = rng.choices(range(4), weights)[0]
        day = rng.uniform(0, duration) if kind == 3 else starts[kind] + rng.expovariate(1 / pace)
        times.append(min(day, duration * 0.999) / duration)
    return invited, Curve(tuple(sorted(times)), completed / invited)


_DEFAULTS: list[Curve] = []


def default_curves() -> list[Curve]:
    """Forty synthetic rounds (always the same ones), for when there is too little history."""
    if not _DEFAULTS:
        rng = random.Random(2026)
        _DEFAULTS.extend(
            curve for _invited, curve in (synthetic_round(rng) for _ in range(40)) if curve.times
        )
    return _DEFAULTS
