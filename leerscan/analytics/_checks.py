"""Shared input validation for the analytics functions.

Every public statistic funnels its input through these helpers so that bad input fails early with
one plain-language ``ValueError`` instead of a NumPy warning or a silent ``nan``. Plain Python: no
Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

MIN_CASES = 3


def require_frame(data: object, what: str = "data") -> pd.DataFrame:
    """Return ``data`` if it is a DataFrame, else raise."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{what} must be a pandas DataFrame, not {type(data).__name__}")
    return data


def require_columns(data: pd.DataFrame, columns: Iterable[object]) -> list:
    """Return ``columns`` as a list after checking that every one exists in ``data``."""
    columns = list(columns)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ValueError(f"unknown column name(s): {names}; the data have {list(data.columns)!r}")
    return columns


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype)


def numeric_matrix(data: pd.DataFrame, columns: Sequence[object] | None = None) -> np.ndarray:
    """The chosen columns as a float array (missing values as ``nan``); reject non-numeric data."""
    frame = data if columns is None else data.loc[:, list(columns)]
    bad = [c for c in frame.columns if not _is_numeric(frame[c])]
    if bad:
        details = ", ".join(f"{c!r} ({frame[c].dtype})" for c in bad)
        raise ValueError(f"column(s) must be numeric: {details}")
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(values).any():
        raise ValueError("the data contain infinite values; use NaN for missing answers")
    return values


def numeric_vector(values: object, what: str) -> np.ndarray:
    """A one-dimensional float array from a Series, list or array; reject non-numeric data."""
    if isinstance(values, pd.DataFrame):
        raise ValueError(f"{what} must be one column (a Series, list or 1-D array), not a DataFrame")
    if isinstance(values, pd.Series):
        series = values
    else:
        try:
            series = pd.Series(values)
        except (TypeError, ValueError):
            raise ValueError(f"{what} must be a one-dimensional list, array or Series") from None
    if not _is_numeric(series):
        raise ValueError(f"{what} must be numeric, not {series.dtype}")
    arr = series.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(arr).any():
        raise ValueError(f"{what} contains infinite values; use NaN for missing answers")
    return arr


def require_min_items(k: int, minimum: int = 2, what: str = "items") -> None:
    if k < minimum:
        raise ValueError(f"need at least {minimum} {what}, got {k}")


def require_min_cases(n: int, minimum: int = MIN_CASES, what: str = "complete cases") -> None:
    if n < minimum:
        raise ValueError(f"too few {what}: need at least {minimum}, got {n}")


def require_variance(values: np.ndarray, names: Sequence[object], what: str = "column") -> None:
    """Raise if any column of the 2-D array has zero variance (ignoring missing values)."""
    with np.errstate(invalid="ignore"):
        spread = np.nanmax(values, axis=0) - np.nanmin(values, axis=0)
    constant = [name for name, s in zip(names, spread, strict=True) if not s > 0]
    if constant:
        listed = ", ".join(repr(c) for c in constant)
        raise ValueError(f"{what}(s) with zero variance (every answer the same): {listed}")
