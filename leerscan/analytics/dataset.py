"""The analysis data set: the frame every export and analysis starts from, and its labels.

``build_analysis_frame`` turns item-level answers (one row per respondent) into that frame: the
respondent's meta columns, every exported question (items and background), then the scale scores.
Variable labels (meta columns, scales, derived variables, questions) come with it in four
languages; APA number formatting too. The analyses of chapter 6 of the evaluation report are in
:mod:`leerscan.analytics.chapter6`. Plain Python (pandas, NumPy): no Django import.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leerscan.analytics.reliability import mcdonald_omega
from leerscan.instrument.model import Instrument, Question, Scale, Text, translate
from leerscan.instrument.scoring import item_transform, score_responses

__all__ = [
    "META_COLUMNS",
    "META_LABELS",
    "NAME_COLUMN",
    "DERIVED_VARIABLES",
    "build_analysis_frame",
    "exported_questions",
    "format_apa",
    "format_p",
    "item_label",
    "scale_items",
    "scale_omega",
    "variable_label",
    "with_derived",
]

META_COLUMNS = (
    "respondent", "organization", "lot", "sector", "size_class", "wave", "questionnaire", "language",
    "source",
)  # fmt: skip
"""Columns that describe a response rather than answer a question, in export order."""

NAME_COLUMN = "organization_name"
"""The organization's real name: only in an export the programme explicitly asks it for."""

META_LABELS: dict[str, Text] = {
    "respondent": {
        "nl": "Respondent (volgnummer in dit bestand)",
        "en": "Respondent (sequence number in this file)",
        "fr": "Répondant (numéro d'ordre dans ce fichier)",
        "de": "Befragte Person (laufende Nummer in dieser Datei)",
    },
    "organization": {
        "nl": "Organisatie (pseudonieme code)",
        "en": "Organization (pseudonymous code)",
        "fr": "Organisation (code pseudonyme)",
        "de": "Organisation (pseudonymer Code)",
    },
    NAME_COLUMN: {
        "nl": "Naam organisatie",
        "en": "Organization name",
        "fr": "Nom de l'organisation",
        "de": "Name der Organisation",
    },
    "lot": {"nl": "Perceel", "en": "Lot", "fr": "Lot", "de": "Los"},
    "sector": {"nl": "Sector", "en": "Sector", "fr": "Secteur", "de": "Branche"},
    "size_class": {
        "nl": "Grootte van de organisatie (aantal werknemers)",
        "en": "Size of the organization (number of employees)",
        "fr": "Taille de l'organisation (nombre de salariés)",
        "de": "Größe der Organisation (Zahl der Beschäftigten)",
    },
    "wave": {
        "nl": "Meting (1 = eerste meting, 2 of meer = opvolging)",
        "en": "Wave (1 = first measurement, 2 or more = follow-up)",
        "fr": "Vague (1 = première mesure, 2 ou plus = suivi)",
        "de": "Welle (1 = erste Messung, 2 oder mehr = Folgemessung)",
    },
    "questionnaire": {
        "nl": "Vragenlijst (long = lang, short = kort)",
        "en": "Questionnaire (long or short)",
        "fr": "Questionnaire (long = long, short = court)",
        "de": "Fragebogen (long = lang, short = kurz)",
    },
    "language": {
        "nl": "Taal van de vragenlijst",
        "en": "Language of the questionnaire",
        "fr": "Langue du questionnaire",
        "de": "Sprache des Fragebogens",
    },
    "source": {
        "nl": "Bron (web, paper, import, synthetic)",
        "en": "Source (web, paper, import, synthetic)",
        "fr": "Source (web, paper, import, synthetic)",
        "de": "Quelle (web, paper, import, synthetic)",
    },
}

ACTIVITIES_GROUP = "learning_activities"
CLIMATE_GROUP = "learning_climate"
OUTCOME_GROUP = "employability"


@dataclass(frozen=True)
class DerivedVariable:
    """A variable computed from a background question for the regressions (e.g. a dummy)."""

    source: str
    label: Text
    compute: Callable[[pd.Series], pd.Series]


def _dummy(one: int, zero: int) -> Callable[[pd.Series], pd.Series]:
    def compute(values: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(values, errors="coerce")
        out = pd.Series(np.nan, index=values.index, dtype=float)
        out[numbers == one] = 1.0
        out[numbers == zero] = 0.0
        return out

    return compute


def _in_codes(codes: Sequence[int], others: Sequence[int]) -> Callable[[pd.Series], pd.Series]:
    def compute(values: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(values, errors="coerce")
        out = pd.Series(np.nan, index=values.index, dtype=float)
        out[numbers.isin(codes)] = 1.0
        out[numbers.isin(others)] = 0.0
        return out

    return compute


DERIVED_VARIABLES: dict[str, DerivedVariable] = {
    # gender: 1 = Vrouwelijk, 2 = Mannelijk; other answers (non-binary, not given, own words) are left
    # out of the dummy, as in the report's regressions (43 men, 48 women, 4 not given).
    "gender_male": DerivedVariable(
        "gender",
        {
            "nl": "Geslacht (man = 1, vrouw = 0)",
            "en": "Gender (male = 1, female = 0)",
            "fr": "Genre (homme = 1, femme = 0)",
            "de": "Geschlecht (Mann = 1, Frau = 0)",
        },
        _dummy(2, 1),
    ),
    # role: 1 = Werknemer; 2-4 = team lead, manager, director
    "manager": DerivedVariable(
        "role",
        {
            "nl": "Leidinggevend (ja = 1, nee = 0)",
            "en": "Manager (yes = 1, no = 0)",
            "fr": "Fonction dirigeante (oui = 1, non = 0)",
            "de": "Führungskraft (ja = 1, nein = 0)",
        },
        _in_codes((2, 3, 4), (1,)),
    ),
}

SHORT_LABELS: dict[str, Text] = {
    "age": {"nl": "Leeftijd", "en": "Age", "fr": "Âge", "de": "Alter"},
    "tenure": {
        "nl": "Anciënniteit (jaren)",
        "en": "Tenure (years)",
        "fr": "Ancienneté (ans)",
        "de": "Betriebszugehörigkeit (Jahre)",
    },
    "hours": {
        "nl": "Uren per week",
        "en": "Hours per week",
        "fr": "Heures par semaine",
        "de": "Wochenstunden",
    },
    "jobs_count": {
        "nl": "Aantal functies",
        "en": "Number of jobs",
        "fr": "Nombre de fonctions",
        "de": "Anzahl Funktionen",
    },
    "education": {"nl": "Diploma", "en": "Education", "fr": "Diplôme", "de": "Bildungsabschluss"},
}

# --- the data set ------------------------------------------------------------------------------


def exported_questions(instrument: Instrument) -> list[Question]:
    """Questions that are columns of the data set: every closed or numeric question respondents answer.

    Free-text questions are left out (they may identify someone), and so are the fields the platform
    fills in itself (organization, sector, size class), which come from the organization instead.
    """
    return [q for q in instrument.questions.values() if q.type != "text" and q.asked]


def item_label(question: Question, instrument: Instrument, language: str = "nl") -> str:
    """A question's text as a variable label, with its section's stem ("Mijn leidinggevende ...")."""
    text = translate(question.text, language)
    for section in instrument.sections:
        if section.id == question.section and section.stem:
            stem = translate(section.stem, language).rstrip(" .…")
            return f"{stem} {text}"
    return text


def variable_label(name: str, instrument: Instrument, language: str = "nl", short: bool = True) -> str:
    """Label of a meta column, scale, derived variable or question (short for common background)."""
    if name in META_LABELS:
        return translate(META_LABELS[name], language)
    if name in instrument.scale_keys:
        return translate(instrument.scale(name).label, language)
    if name in DERIVED_VARIABLES:
        return translate(DERIVED_VARIABLES[name].label, language)
    if short and name in SHORT_LABELS:
        return translate(SHORT_LABELS[name], language)
    if name in instrument.questions:
        return item_label(instrument.questions[name], instrument, language)
    return name


def build_analysis_frame(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Meta columns, then every exported question, then the scale scores, one row per respondent.

    ``answers`` has one column per question id (absent questions count as not answered, e.g. the
    short questionnaire) and any of :data:`META_COLUMNS` and :data:`NAME_COLUMN` (kept, in that
    order; other columns are dropped, so a token or code column can never slip through). Answers are
    numbers; scale scores are the raw means on each scale's metric (see :mod:`leerscan.instrument.scoring`).
    """
    questions = exported_questions(instrument)
    columns: dict[str, pd.Series | np.ndarray] = {}
    for name in (*META_COLUMNS[:2], NAME_COLUMN, *META_COLUMNS[2:]):
        if name in answers.columns:
            columns[name] = answers[name].to_numpy()
    for question in questions:
        if question.id in answers.columns:
            columns[question.id] = pd.to_numeric(answers[question.id], errors="coerce").to_numpy(
                dtype=float, na_value=np.nan
            )
        else:
            columns[question.id] = np.full(len(answers), np.nan)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(answers)))
    scores = score_responses(frame, instrument)
    return pd.concat([frame, scores.set_axis(frame.index)], axis=1)


def scale_items(frame: pd.DataFrame, instrument: Instrument, scale: Scale) -> pd.DataFrame:
    """A scale's items as they enter its score: reverse-keyed items mirrored, mixed scales rescaled."""
    values = np.full((len(frame), len(scale.items)), np.nan)
    for j, item in enumerate(scale.items):
        if item in frame.columns:
            slope, offset = item_transform(instrument, scale, item)
            column = pd.to_numeric(frame[item], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            values[:, j] = column * slope + offset
    return pd.DataFrame(values, columns=list(scale.items), index=frame.index)


def scale_omega(frame: pd.DataFrame, instrument: Instrument, scale: Scale, min_n: int) -> tuple[float, str]:
    """McDonald's omega of a scale's items as scored (listwise), or ``nan`` with the reason.

    Needs 3 or more items and ``min_n`` complete respondents; an improper (Heywood) one-factor
    solution gives no omega, because it is not a trustworthy reliability estimate. The reason is
    also given (with the value) when the factor model did not fully converge.
    """
    if len(scale.items) < 3:
        return np.nan, "fewer than 3 items: no one-factor omega"
    items = scale_items(frame, instrument, scale)
    complete = int(items.notna().all(axis=1).sum())
    if complete < min_n:
        return np.nan, f"{complete} complete respondent(s), fewer than {min_n}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        try:
            result = mcdonald_omega(items)
        except ValueError as exc:
            return np.nan, str(exc)
    if result.heywood:
        return np.nan, "improper one-factor solution (Heywood case): no omega"
    if any("converge" in str(w.message) for w in caught):
        return result.omega, "the one-factor model did not fully converge; omega may be inaccurate"
    return result.omega, ""


def with_derived(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """``frame`` plus the derived variables among ``names`` (computed from their source question)."""
    extra = {}
    for name in names:
        if name in DERIVED_VARIABLES and name not in frame.columns:
            spec = DERIVED_VARIABLES[name]
            source = (
                frame[spec.source] if spec.source in frame.columns else pd.Series(np.nan, index=frame.index)
            )
            extra[name] = spec.compute(source)
    return frame.assign(**extra) if extra else frame


# --- formatting --------------------------------------------------------------------------------


def format_apa(value: float | None, decimals: int = 2) -> str:
    """A number that cannot exceed 1 as APA prints it: no leading zero (".77", "-.07"); NaN -> ""."""
    if value is None or not np.isfinite(value):
        return ""
    text = f"{value:.{decimals}f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


def format_p(p: float | None) -> str:
    """A p value: three decimals without leading zero, "<.001" below that."""
    if p is None or not np.isfinite(p):
        return ""
    return "<.001" if p < 0.001 else format_apa(p, 3)
