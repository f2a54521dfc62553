"""The analysis data set and the programme-level analysis of chapter 6 of the evaluation report.

``build_analysis_frame`` turns item-level answers (one row per respondent) into the frame every
export and analysis starts from: the respondent's meta columns, every exported question (items and
background), then the scale scores. ``chapter6_analysis`` runs the analyses of chapter 6 on such a
frame: Cronbach's alpha per scale (table 2), the Spearman table with means and SDs (table 3), and
one three-step hierarchical regression per employability competence (tables 4-6: background, then
learning activities, then the six learning-climate scales).

Which scales are learning activities, climate or employability comes from the scales' ``group`` in
the instrument definition. Plain Python (pandas, NumPy): no Django import.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leerscan.analytics.correlation import SpearmanTable, format_r, spearman_table
from leerscan.analytics.regression import RegressionStep, hierarchical_regression
from leerscan.analytics.reliability import cronbach_alpha, mcdonald_omega
from leerscan.instrument.model import Instrument, Question, Scale, Text, translate
from leerscan.instrument.scoring import item_transform, score_responses

__all__ = [
    "META_COLUMNS",
    "META_LABELS",
    "NAME_COLUMN",
    "DERIVED_VARIABLES",
    "DEFAULT_BACKGROUND",
    "Chapter6",
    "TooFewRespondents",
    "build_analysis_frame",
    "chapter6_analysis",
    "chapter6_blocks",
    "chapter6_task_count",
    "exported_questions",
    "item_label",
    "variable_label",
]

META_COLUMNS = ("respondent", "organization", "lot", "sector", "size_class", "wave", "language", "source")
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

DEFAULT_BACKGROUND = ("age", "gender_male")
"""Step 1 of the regressions: background characteristics 'such as age and gender' (chapter 6.3)."""


class TooFewRespondents(ValueError):
    """The selection is smaller than the anonymity threshold: no statistics may be shown."""

    def __init__(self, n: int, minimum: int):
        self.n, self.minimum = n, minimum
        super().__init__(f"{n} respondent(s) selected; results need at least {minimum}")


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


# --- chapter 6 ---------------------------------------------------------------------------------


def chapter6_blocks(
    instrument: Instrument, background: Sequence[str] = DEFAULT_BACKGROUND
) -> tuple[list[str], list[list[str]]]:
    """The outcomes and the three predictor blocks of tables 4-6, from the scales' groups."""
    by_group: dict[str, list[str]] = {}
    for scale in instrument.scales:
        by_group.setdefault(scale.group, []).append(scale.key)
    outcomes = by_group.get(OUTCOME_GROUP, [])
    blocks = [list(background), by_group.get(ACTIVITIES_GROUP, []), by_group.get(CLIMATE_GROUP, [])]
    return outcomes, [b for b in blocks if b]


def chapter6_task_count(instrument: Instrument) -> int:
    """Number of progress steps :func:`chapter6_analysis` reports (alphas, Spearman, regressions)."""
    outcomes, _ = chapter6_blocks(instrument)
    return len(instrument.scales) + 1 + len(outcomes)


@dataclass(frozen=True)
class Chapter6:
    """Results of :func:`chapter6_analysis`. ``notes`` explains every statistic left out."""

    n: int
    scale_keys: tuple[str, ...]
    reliability: pd.DataFrame  # index scale key: group, items, n, alpha, ci_low, ci_high
    spearman: SpearmanTable | None
    outcomes: tuple[str, ...]
    blocks: tuple[tuple[str, ...], ...]
    regressions: dict[str, list[RegressionStep]]
    notes: dict[str, str] = field(default_factory=dict)

    # --- tables for CSV files and reports ---

    def reliability_table(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        table = self.reliability.copy()
        table.insert(0, "label", [variable_label(k, instrument, language) for k in table.index])
        table.index.name = "scale"
        return table.reset_index()

    def spearman_formatted(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """Table 3: numbered variables with Mean, SD, n and the lower triangle of correlations."""
        if self.spearman is None:
            return pd.DataFrame()
        table = self.spearman.format_table()
        keys = list(table.index)
        table.insert(2, "n", [int(self.spearman.count[k]) for k in keys])
        table.insert(
            0, "variable", [f"{i}. {variable_label(k, instrument, language)}" for i, k in enumerate(keys, 1)]
        )
        table.insert(0, "key", keys)
        return table.reset_index(drop=True)

    def spearman_long(self) -> pd.DataFrame:
        """Every pair once: variable_1, variable_2, r, p, n."""
        if self.spearman is None:
            return pd.DataFrame(columns=["variable_1", "variable_2", "r", "p", "n"])
        keys = list(self.spearman.r.index)
        rows = [
            {
                "variable_1": keys[i],
                "variable_2": keys[j],
                "r": self.spearman.r.iat[i, j],
                "p": self.spearman.p.iat[i, j],
                "n": int(self.spearman.n.iat[i, j]),
            }
            for i in range(len(keys))
            for j in range(i)
        ]
        return pd.DataFrame(rows, columns=["variable_1", "variable_2", "r", "p", "n"])

    def regression_models(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """One row per outcome and step: n, R², adjusted R², ΔR², F change (df1, df2), p."""
        rows = []
        for outcome, steps in self.regressions.items():
            for step in steps:
                rows.append(
                    {
                        "outcome": outcome,
                        "outcome_label": variable_label(outcome, instrument, language),
                        "step": step.step,
                        "n": step.n,
                        "r2": step.r2,
                        "adj_r2": step.adj_r2,
                        "r2_change": step.r2_change,
                        "f_change": step.f_change,
                        "df1": step.df1,
                        "df2": step.df2,
                        "p_f_change": step.p_f_change,
                        "f": step.f,
                        "p_f": step.p_f,
                    }
                )
        columns = [
            "outcome", "outcome_label", "step", "n", "r2", "adj_r2", "r2_change",
            "f_change", "df1", "df2", "p_f_change", "f", "p_f",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def regression_coefficients(self, instrument: Instrument, language: str = "en") -> pd.DataFrame:
        """One row per outcome, step and predictor (constant first): B, SE, Beta, t, p."""
        frames = []
        for outcome, steps in self.regressions.items():
            for step in steps:
                table = step.coefficients.copy()
                table.insert(
                    0, "predictor_label", [_predictor_label(p, instrument, language) for p in table.index]
                )
                table.insert(0, "predictor", table.index)
                table.insert(0, "step", step.step)
                table.insert(0, "outcome", outcome)
                frames.append(table.reset_index(drop=True))
        columns = ["outcome", "step", "predictor", "predictor_label", "B", "SE", "Beta", "t", "p"]
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    def tables(self, instrument: Instrument, language: str = "en") -> dict[str, pd.DataFrame]:
        """Every table by file name (without ``.csv``)."""
        return {
            "reliability": self.reliability_table(instrument, language),
            "correlations": self.spearman_formatted(instrument, language),
            "correlations_long": self.spearman_long(),
            "regression_models": self.regression_models(instrument, language),
            "regression_coefficients": self.regression_coefficients(instrument, language),
        }


def _predictor_label(name: str, instrument: Instrument, language: str) -> str:
    if name == "const":
        return {"nl": "Constante", "fr": "Constante", "de": "Konstante"}.get(language, "Constant")
    return variable_label(name, instrument, language)


def _usable(values: pd.Series, min_n: int) -> str | None:
    """Why a column cannot enter a correlation table, or None when it can."""
    present = values.dropna()
    if len(present) < min_n:
        return f"answered by {len(present)} respondent(s), fewer than {min_n}"
    if present.nunique() < 2:
        return "every answer is the same"
    return None


def chapter6_analysis(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    background: Sequence[str] = DEFAULT_BACKGROUND,
    min_n: int = 5,
    omega: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Chapter6:
    """The analyses of chapter 6 on a frame from :func:`build_analysis_frame`.

    * **Reliability** (table 2): Cronbach's alpha of every multi-item scale on its items as scored
      (reverse-keyed items mirrored, mixed response scales rescaled), listwise, with its n and the
      Feldt 95 % interval. One-item scales get no alpha. With ``omega``, also McDonald's omega
      (one-factor, listwise; see :func:`scale_omega`) in a column ``omega``, notes keyed ``omega:<scale>``.
    * **Correlations** (table 3): Spearman correlations between all scale scores (pairwise), with
      each scale's mean, SD and n, in the instrument's scale order.
    * **Regressions** (tables 4-6): for each employability scale, three steps: ``background``
      (default age and gender), the learning activities, the learning-climate scales; listwise over
      all predictors so every step uses the same respondents.

    A selection with fewer than ``min_n`` respondents raises :class:`TooFewRespondents`; a single
    statistic based on fewer than ``min_n`` respondents, or one that cannot be computed (e.g. a
    constant variable), is left out with an explanation in ``notes`` (keyed ``alpha:<scale>``,
    ``spearman``, ``regression:<outcome>``). ``progress`` is called after every step.
    """
    n = len(frame)
    if n < min_n:
        raise TooFewRespondents(n, min_n)
    tick = progress or (lambda _label: None)
    notes: dict[str, str] = {}

    rows = []
    for scale in instrument.scales:
        row = {"group": scale.group, "items": len(scale.items), "n": 0, "alpha": np.nan}
        row.update(ci_low=np.nan, ci_high=np.nan)
        if len(scale.items) < 2:
            notes[f"alpha:{scale.key}"] = "single-item scale: no alpha"
        else:
            items = scale_items(frame, instrument, scale)
            complete = int(items.notna().all(axis=1).sum())
            row["n"] = complete
            if complete < min_n:
                notes[f"alpha:{scale.key}"] = f"{complete} complete respondent(s), fewer than {min_n}"
            else:
                try:
                    result = cronbach_alpha(items)
                except ValueError as exc:
                    notes[f"alpha:{scale.key}"] = str(exc)
                else:
                    row.update(alpha=result.alpha, ci_low=result.ci_low, ci_high=result.ci_high)
        if omega:
            row["omega"], problem = scale_omega(frame, instrument, scale, min_n)
            if problem and len(scale.items) > 1:
                notes[f"omega:{scale.key}"] = problem
        rows.append(row)
        tick(f"alpha {scale.key}")
    reliability = pd.DataFrame(rows, index=pd.Index(instrument.scale_keys, name="scale"))

    keys = []
    for key in instrument.scale_keys:
        problem = _usable(frame[key], min_n) if key in frame.columns else "not in the data"
        if problem:
            notes[f"spearman:{key}"] = problem
        else:
            keys.append(key)
    spearman = None
    if len(keys) >= 2:
        try:
            spearman = spearman_table(frame[keys])
        except ValueError as exc:
            notes["spearman"] = str(exc)
    else:
        notes["spearman"] = "fewer than two scales can be correlated"
    tick("spearman")

    outcomes, blocks = chapter6_blocks(instrument, background)
    data = with_derived(frame, background)
    regressions: dict[str, list[RegressionStep]] = {}
    for outcome in outcomes:
        try:
            steps = hierarchical_regression(data, outcome, blocks)
        except ValueError as exc:
            notes[f"regression:{outcome}"] = str(exc)
        else:
            if steps[0].n < min_n:
                notes[f"regression:{outcome}"] = f"{steps[0].n} complete respondent(s), fewer than {min_n}"
            else:
                regressions[outcome] = steps
        tick(f"regression {outcome}")

    return Chapter6(
        n=n,
        scale_keys=instrument.scale_keys,
        reliability=reliability,
        spearman=spearman,
        outcomes=tuple(outcomes),
        blocks=tuple(tuple(b) for b in blocks),
        regressions=regressions,
        notes=notes,
    )


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


__all__ += ["format_apa", "format_p", "format_r", "scale_items", "scale_omega", "with_derived"]
