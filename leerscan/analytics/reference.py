"""The first benchmark: published figures of the questionnaire in Flemish SMEs (n = 95).

Copied from the evaluation report "Competentiechecks voor ondernemingen" (2024), tables 2 and 3:
per scale its mean, SD and Cronbach's alpha, and the Spearman correlations between scales. They
are the comparison point in the organization report until leerscan has norms of its own, and the
target the synthetic-data generator reproduces. Plain Python: no Django import.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent / "data"
DESCRIPTIVES_FILE = DATA_DIR / "kmo-vlaanderen-2024-descriptives.csv"
SPEARMAN_FILE = DATA_DIR / "kmo-vlaanderen-2024-spearman.csv"
REFERENCE_N = 95
REFERENCE_SOURCE = (
    "Evaluation report 'Competentiechecks voor ondernemingen' (2024), tables 2-3: "
    "survey of Flemish SMEs, October 2023 - June 2024, n = 95"
)


@dataclass(frozen=True)
class Reference:
    """Published descriptives (indexed by scale key) and the Spearman matrix (keys x keys)."""

    descriptives: pd.DataFrame
    spearman: pd.DataFrame
    stars: pd.DataFrame
    n: int = REFERENCE_N
    source: str = REFERENCE_SOURCE


@functools.cache
def reference() -> Reference:
    """Load the reference figures shipped with leerscan."""
    descriptives = pd.read_csv(DESCRIPTIVES_FILE, comment="#").set_index("key")
    raw = pd.read_csv(SPEARMAN_FILE, comment="#", dtype=str).set_index("key")
    stars = raw.apply(lambda col: col.str.count(r"\*"))
    spearman = raw.apply(lambda col: col.str.replace("*", "", regex=False).astype(float))
    return Reference(descriptives=descriptives, spearman=spearman, stars=stars)
