"""Run R live for the statistics tests: one Rscript per batch, data passed as CSV files.

A test module builds its data, writes one R script that computes every reference value it needs and
calls :func:`run_r` once (Rscript starts in ~0.3 s, so scripts are batched, not run per test). The R
script reports values with ``out("name", x)``; :func:`run_r` returns them as float arrays (R's NA as
``nan``), printed with 17 significant digits so comparisons to 1e-9 are meaningful.

Without Rscript or a needed R package the tests skip with the reason; on CI (``CI`` set) or with
``LEERSCAN_REQUIRE_R=1`` (set by .ci/run) they fail instead, so the references are never silently
left out where they should run.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PRELUDE = r"""
options(warn = 1)
out <- function(name, x) {
  x <- as.numeric(unlist(x))
  cat(name, "\t", paste(ifelse(is.na(x), "NA", sprintf("%.17g", x)), collapse = " "), "\n", sep = "")
}
"""


def r_required() -> bool:
    """Must the R references run (CI, or LEERSCAN_REQUIRE_R=1)?"""
    return bool(os.environ.get("CI")) or os.environ.get("LEERSCAN_REQUIRE_R") == "1"


@functools.cache
def _missing(packages: tuple[str, ...]) -> str | None:
    """Why R cannot run these packages (None when it can)."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (apt-get install r-base-core)"
    check = "; ".join(f"if (!requireNamespace('{p}', quietly = TRUE)) cat('{p} ')" for p in packages)
    done = subprocess.run(["Rscript", "-e", check or "0"], capture_output=True, text=True, timeout=120)
    absent = done.stdout.split()
    if done.returncode or absent:
        names = " ".join(f"r-cran-{p.lower()}" for p in absent) or done.stderr.strip()
        return f"R package(s) missing: {' '.join(absent)} (apt-get install {names})"
    return None


def require_r(*packages: str) -> None:
    """Skip the test (fail it on CI) when Rscript or one of ``packages`` is missing."""
    reason = _missing(tuple(packages))
    if reason is None:
        return
    if r_required():
        pytest.fail(f"the R reference must run here (CI / LEERSCAN_REQUIRE_R=1): {reason}", pytrace=False)
    pytest.skip(f"R reference not run: {reason}")


def run_r(script: str, data: dict[str, pd.DataFrame] | None = None, packages: tuple[str, ...] = ()) -> dict:
    """Run ``script`` in Rscript with each frame of ``data`` loaded under its name; return its ``out`` values.

    Frames are written as CSV (missing values as NA) and read with ``read.csv``; column names are kept.
    """
    require_r(*packages)
    with tempfile.TemporaryDirectory(prefix="leerscan-r-") as tmp:
        lines = [PRELUDE, *(f"suppressPackageStartupMessages(library({p}))" for p in packages)]
        for name, frame in (data or {}).items():
            path = Path(tmp) / f"{name}.csv"
            frame.to_csv(path, index=False, na_rep="NA", float_format="%.17g")
            lines.append(f'{name} <- read.csv("{path}", check.names = FALSE, stringsAsFactors = FALSE)')
        source = Path(tmp) / "reference.R"
        source.write_text("\n".join([*lines, script]), encoding="utf-8")
        done = subprocess.run(["Rscript", str(source)], capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise AssertionError(f"Rscript failed ({done.returncode}):\n{done.stderr[-3000:]}")
    results = {}
    for line in done.stdout.splitlines():
        if "\t" not in line:
            continue
        name, _, values = line.partition("\t")
        results[name] = np.array([np.nan if v == "NA" else float(v) for v in values.split()], dtype=float)
    return results
