"""Score 1,000,000 synthetic respondents; report the time as a ratio to a plain NumPy row mean.

The floor is ``np.nanmean(matrix, axis=1)`` over the same item matrix (the item matrix has missing
answers, so a plain row mean must skip NaN). Scoring does more (reverse keying, rescaling,
15 scales, the missing-data rule); the target is within 3x of the floor.

Run: ``.venv/bin/python benchmarks/scoring.py [--respondents N]``. Results go to
``benchmarks/results/scoring.json``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import record, timed  # noqa: E402
from leerscan.analytics.synthetic import generate_respondents  # noqa: E402
from leerscan.instrument.loader import get_instrument  # noqa: E402
from leerscan.instrument.scoring import score_matrix, score_responses, scoring_plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    instrument = get_instrument()
    answers = generate_respondents(instrument, args.respondents, max(1, args.respondents // 25), seed=1)
    plan = scoring_plan(instrument)
    matrix = answers[list(plan.items)].to_numpy(dtype=np.float64)

    floor = timed(lambda: np.nanmean(matrix, axis=1), args.repeats)
    kernel = timed(lambda: score_matrix(matrix, plan), args.repeats)
    frame = timed(lambda: score_responses(answers, instrument), max(1, args.repeats // 2))
    result = {
        "respondents": args.respondents,
        "items": matrix.shape[1],
        "scales": len(plan.scales),
        "floor_nanmean": floor,
        "score_matrix": kernel,
        "score_responses_dataframe": frame,
        "ratio_score_matrix_to_floor": kernel["median_s"] / floor["median_s"],
        "ratio_score_responses_to_floor": frame["median_s"] / floor["median_s"],
        "target": "score_matrix within 3x of the floor",
    }
    path = record("scoring", result)
    print(f"floor (np.nanmean)  {floor['median_s']:.3f} s")
    print(
        f"score_matrix        {kernel['median_s']:.3f} s  ratio {result['ratio_score_matrix_to_floor']:.2f}x"
    )
    print(
        f"score_responses     {frame['median_s']:.3f} s  ratio "
        f"{result['ratio_score_responses_to_floor']:.2f}x (includes DataFrame conversion)"
    )
    print(f"recorded in {path}")


if __name__ == "__main__":
    main()
