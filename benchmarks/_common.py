"""Helpers shared by the benchmark scripts: timing and recording results in the repository."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).parent / "results"


def timed(function, repeats: int = 5) -> dict:
    """Run ``function`` ``repeats`` times; return the median and best wall time in seconds."""
    return interleaved({"function": function}, repeats)["function"]


def interleaved(functions: dict, repeats: int = 5) -> dict:
    """Time several functions in turn, ``repeats`` rounds; per name the median and best wall time.

    Taking turns spreads a slow moment of the machine over all of them, so ratios between them stay
    fair; timing them one block after another let one noisy block move a ratio by 20%.
    """
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {
        name: {"median_s": statistics.median(values), "best_s": min(values), "runs": len(values)}
        for name, values in times.items()
    }


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],  # how busy it was
    }


def record(name: str, result: dict) -> Path:
    """Write ``benchmarks/results/<name>.json`` with a timestamp and the machine description."""
    RESULTS_DIR.mkdir(exist_ok=True)
    result = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **result,
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return path
