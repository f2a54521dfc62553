"""How far off is the cockpit's forecast of a round's final response rate, at the halfway point?

Synthetic rounds (``leerscan.surveys.forecast.synthetic_round``, seed 7): 60 serve as earlier rounds,
500 others are held out. For each held-out round the forecast is made from its completions in the
first half of its time and compared with its real final rate. Reported: the mean absolute error in
percentage points, how often the final rate fell inside the 80 % interval, and two simple rules for
comparison (the rate so far; the rate so far doubled, i.e. a straight line).

Run: ``.venv/bin/python benchmarks/forecast.py``. Results go to ``benchmarks/results/forecast.json``.
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import record  # noqa: E402
from leerscan.surveys.forecast import forecast, synthetic_round  # noqa: E402

HALFWAY = 0.5


def evaluate(references: int = 60, held_out: int = 500, seed: int = 7) -> dict:
    rng = random.Random(seed)
    earlier = [synthetic_round(rng)[1] for _ in range(references)]
    errors, so_far, straight, inside, widths = [], [], [], 0, []
    for _ in range(held_out):
        invited, curve = synthetic_round(rng)
        completed = sum(1 for t in curve.times if t <= HALFWAY)
        recent = sum(1 for t in curve.times if HALFWAY * 0.75 < t <= HALFWAY)
        guess = forecast(completed, invited, HALFWAY, recent, earlier)
        truth = curve.final_rate
        errors.append(abs(guess.rate - truth))
        so_far.append(abs(completed / invited - truth))
        straight.append(abs(min(1.0, 2 * completed / invited) - truth))
        inside += guess.low - 1e-9 <= truth <= guess.high + 1e-9
        widths.append(guess.high - guess.low)
    points = 100
    return {
        "held_out_rounds": held_out,
        "earlier_rounds": references,
        "at": "halfway (50 % of the round's time)",
        "mean_absolute_error_points": round(points * statistics.mean(errors), 2),
        "median_absolute_error_points": round(points * statistics.median(errors), 2),
        "p90_absolute_error_points": round(points * sorted(errors)[int(0.9 * len(errors))], 2),
        "interval_coverage_80": round(inside / held_out, 3),
        "mean_interval_width_points": round(points * statistics.mean(widths), 2),
        "baseline_rate_so_far_mae_points": round(points * statistics.mean(so_far), 2),
        "baseline_straight_line_mae_points": round(points * statistics.mean(straight), 2),
    }


def main() -> None:
    result = evaluate()
    path = record("forecast", result)
    for key, value in result.items():
        print(f"{key:40} {value}")
    print(f"recorded in {path}")


if __name__ == "__main__":
    main()
