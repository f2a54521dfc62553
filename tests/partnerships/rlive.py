"""A small local runner for R (Rscript) in the partnership tests.

Another branch adds a shared runner (tests/analytics/rlive.py); until it is on main, this one runs an R
script on a CSV and reads back what the script printed as CSV. Tests skip when R or psych is missing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest


def require_r(*packages: str) -> None:
    """Skip the test when Rscript or one of ``packages`` is not installed."""
    if shutil.which("Rscript") is None:
        pytest.skip("Rscript is not installed")
    for package in packages:
        found = subprocess.run(
            ["Rscript", "-e", f"quit(status = !requireNamespace('{package}', quietly = TRUE))"],
            capture_output=True,
        )
        if found.returncode:
            pytest.skip(f"the R package {package} is not installed")


def run_r(script: str, data: pd.DataFrame) -> pd.DataFrame:
    """Run ``script`` with the data frame ``d`` read from ``data``; it must ``write.csv`` its result to
    stdout (row.names = FALSE)."""
    with tempfile.TemporaryDirectory(prefix="leerscan-rlive-") as folder:
        path = Path(folder) / "data.csv"
        data.to_csv(path, index=False, na_rep="NA")
        code = f"d <- read.csv('{path}')\n{script}\n"
        done = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise AssertionError(f"R failed: {done.stderr}")
    return pd.read_csv(io.StringIO(done.stdout))
