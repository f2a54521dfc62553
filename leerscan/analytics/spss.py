"""What a .sav file needs beyond the data: user-missing codes, value labels that fit, marked reversals.

SPSS tells apart *why* a value is missing only through user-missing codes, so the .sav export writes
each empty cell of a numeric column as one of :data:`MISSING_CODES` and declares them missing:

* ``-1`` not answered: the question was on the respondent's questionnaire (or the scale had too few
  answers for a score);
* ``-2`` not asked: the question is not on the respondent's questionnaire (the short one), or it is a
  follow-up question whose condition was not met (``only_if``);
* ``-3`` not in the dummy: the answer exists but falls outside a dummy's rule (gender 3-5 for
  ``gender_male``).

CSV and Parquet keep empty cells (their readers have no user-missing values); the codebook says so.
Value labels longer than :data:`VALUE_LABEL_LIMIT` bytes would be cut by SPSS: the option's short
label from the instrument is used instead, and a label that still does not fit raises rather than
being cut. Plain Python: no Django import.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leerscan.analytics.dataset import DERIVED_VARIABLES
from leerscan.instrument.model import Instrument, Text, translate

NOT_ANSWERED, NOT_ASKED, NOT_IN_DUMMY = -1, -2, -3
MISSING_CODES = (NOT_ANSWERED, NOT_ASKED, NOT_IN_DUMMY)
VALUE_LABEL_LIMIT = 120  # bytes: SPSS cuts longer value labels
VARIANT_COLUMN = "questionnaire"
RECODED_SUFFIX = "_r"

MISSING_LABELS: dict[int, Text] = {
    NOT_ANSWERED: {
        "nl": "Niet beantwoord",
        "en": "Not answered",
        "fr": "Sans réponse",
        "de": "Nicht beantwortet",
    },
    NOT_ASKED: {"nl": "Niet gevraagd", "en": "Not asked", "fr": "Non posée", "de": "Nicht gefragt"},
    NOT_IN_DUMMY: {
        "nl": "Valt buiten de dummy",
        "en": "Outside the dummy's rule",
        "fr": "Hors de la règle de la variable indicatrice",
        "de": "Außerhalb der Dummy-Regel",
    },
}
REVERSED_MARK: Text = {
    "nl": "[omgekeerd geformuleerd; ruwe score]",
    "en": "[reverse keyed; raw answer]",
    "fr": "[formulé à l'inverse ; réponse brute]",
    "de": "[umgekehrt gepolt; Rohantwort]",
}
RECODED_MARK: Text = {
    "nl": "[omgekeerd gescoord: laag + hoog - antwoord]",
    "en": "[reverse scored: low + high - answer]",
    "fr": "[score inversé : bas + haut - réponse]",
    "de": "[umgekehrt kodiert: niedrig + hoch - Antwort]",
}


def reversed_items(instrument: Instrument, columns) -> list[str]:
    """The reverse-keyed items among ``columns``."""
    return [c for c in columns if c in instrument.questions and instrument.questions[c].reverse]


def recoded(values: pd.Series, instrument: Instrument, item: str) -> pd.Series:
    """The reverse-keyed ``item`` mirrored onto its response scale (low + high - answer)."""
    scale = instrument.questions[item].response_scale
    return (scale.low + scale.high - pd.to_numeric(values, errors="coerce")).astype("Int64")


def source_question(name: str) -> str:
    """The question a derived or recoded column comes from (the column itself otherwise)."""
    if name in DERIVED_VARIABLES:
        return DERIVED_VARIABLES[name].source
    if name.endswith(RECODED_SUFFIX):
        return name[: -len(RECODED_SUFFIX)]
    return name


def _asked(frame: pd.DataFrame, instrument: Instrument, question_id: str) -> np.ndarray:
    """Per row: was this question on the respondent's questionnaire (and its condition met)?"""
    question = instrument.questions[question_id]
    asked = np.ones(len(frame), dtype=bool)
    if VARIANT_COLUMN in frame.columns:
        asked &= frame[VARIANT_COLUMN].isin(question.variants).to_numpy()
    if question.only_if and question.only_if[0] in frame.columns:
        parent, code = question.only_if
        asked &= (pd.to_numeric(frame[parent], errors="coerce") == code).to_numpy()
    return asked


def missing_codes(data: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """``data`` with every empty numeric cell replaced by its :data:`MISSING_CODES` code (see the module)."""
    out = data.copy()
    for name in data.columns:
        if isinstance(data[name].dtype, pd.StringDtype) or data[name].dtype == object:
            continue
        empty = data[name].isna().to_numpy()
        if not empty.any():
            continue
        codes = np.full(len(data), NOT_ANSWERED, dtype=float)
        source = source_question(name)
        if source in instrument.questions:
            asked = _asked(data, instrument, source)
            codes[~asked] = NOT_ASKED
            if name in DERIVED_VARIABLES and source in data.columns:
                codes[asked & data[source].notna().to_numpy()] = NOT_IN_DUMMY
        elif name in instrument.scale_keys:
            items = instrument.scale(name).items
            asked = np.zeros(len(data), dtype=bool)
            for item in items:
                asked |= _asked(data, instrument, item)
            codes[~asked] = NOT_ASKED
        else:
            continue  # meta columns: system missing
        filled = data[name].astype(float).to_numpy(copy=True)
        filled[empty] = codes[empty]
        out[name] = filled
    return out


def spss_value_labels(labels: dict[str, dict[int, str]]) -> dict[str, dict[float, str]]:
    """Value labels as pyreadstat writes them; raises when one is longer than SPSS keeps (no silent cut)."""
    for name, values in labels.items():
        for code, text in values.items():
            if len(text.encode("utf-8")) > VALUE_LABEL_LIMIT:
                raise ValueError(
                    f"value label {code} of {name!r} is {len(text.encode('utf-8'))} bytes; SPSS keeps "
                    f"{VALUE_LABEL_LIMIT}: give the option a short_label in the instrument"
                )
    return {name: {float(c): t for c, t in values.items()} for name, values in labels.items()}


def missing_labels(language: str) -> dict[int, str]:
    """Labels of the user-missing codes in ``language``."""
    return {code: translate(text, language) for code, text in MISSING_LABELS.items()}
