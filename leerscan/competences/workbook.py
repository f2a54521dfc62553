"""A competence matrix as an Excel workbook: the file's format, shared by reading and writing.

Sheet 1 is the matrix: one row per competence, columns ``competence``, ``description``, ``kind``,
``horizon``, ``critical`` and then one column per role holding the required level (empty = not
needed). An optional sheet ``levels`` holds the scale: ``level``, ``name``, ``description``. Headers
and words may be in Dutch, English, French or German; the export writes the user's language, so an
exported file can be imported again unchanged. A file holds at most :data:`MAX_COMPETENCES`
competences and :data:`MAX_ROLES` roles. Reading is in :mod:`leerscan.competences.workbook_import`
(with :mod:`~leerscan.competences.workbook_xlsx` for an .xlsx file's checks), writing in
:mod:`leerscan.competences.workbook_export`. No Django import at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leerscan.competences.matrix import DEFAULT_LEVEL_COUNT, normalize
from leerscan.instrument.answers import CellProblem, gettext_noop

NAME_LENGTH = 120
DESCRIPTION_LENGTH = 1000
#: The largest matrix a file may hold (one department: split bigger ones).
MAX_COMPETENCES = 500
MAX_ROLES = 50
LANGUAGES = ("en", "nl", "fr", "de")

# The words of the file, per language. The first word per language is the one the export writes.
HEADERS = {
    "competence": {"en": "competence", "nl": "competentie", "fr": "compétence", "de": "Kompetenz"},
    "description": {"en": "description", "nl": "omschrijving", "fr": "description", "de": "Beschreibung"},
    "kind": {"en": "kind", "nl": "soort", "fr": "type", "de": "Art"},
    "horizon": {"en": "horizon", "nl": "horizon", "fr": "horizon", "de": "Horizont"},
    "critical": {"en": "critical", "nl": "kritisch", "fr": "critique", "de": "kritisch"},
}
LEVEL_HEADERS = {
    "level": {"en": "level", "nl": "niveau", "fr": "niveau", "de": "Stufe"},
    "name": {"en": "name", "nl": "naam", "fr": "nom", "de": "Name"},
    "description": HEADERS["description"],
}
SHEETS = {
    "matrix": {"en": "Matrix", "nl": "Matrix", "fr": "Matrice", "de": "Matrix"},
    "levels": {"en": "Levels", "nl": "Niveaus", "fr": "Niveaux", "de": "Stufen"},
}
KIND_WORDS = {
    "job": {
        "en": "job-specific",
        "nl": "vakspecifiek",
        "fr": "spécifique au métier",
        "de": "fachspezifisch",
        "": "job functiespecifiek specifiek métier specific",
    },
    "transversal": {
        "en": "transversal",
        "nl": "transversaal",
        "fr": "transversale",
        "de": "überfachlich",
        "": "generic generiek algemeen transversal générique generisch",
    },
}
HORIZON_WORDS = {
    "current": {"en": "now", "nl": "nu", "fr": "actuel", "de": "aktuell", "": "current huidig actuelle"},
    "digital": {
        "en": "digitalisation",
        "nl": "digitalisering",
        "fr": "numérique",
        "de": "Digitalisierung",
        "": "digital digitaal digitalization",
    },
    "green": {
        "en": "greening",
        "nl": "vergroening",
        "fr": "transition verte",
        "de": "Ökologisierung",
        "": "green groen vert grün duurzaam sustainability",
    },
    "future": {"en": "future", "nl": "toekomst", "fr": "futur", "de": "Zukunft", "": "toekomstig later"},
}
YES_NO = {
    True: {"en": "yes", "nl": "ja", "fr": "oui", "de": "ja", "": "x y j 1 true waar vrai"},
    False: {"en": "no", "nl": "nee", "fr": "non", "de": "nein", "": "n 0 false onwaar faux neen"},
}


def _lookup(words: dict) -> dict[str, object]:
    """Every accepted spelling (normalized) -> value."""
    table = {}
    for value, spellings in words.items():
        for language, text in spellings.items():
            for word in [text] if language else text.split():
                table[normalize(word)] = value
    return table


#: Every accepted spelling (normalized) of a header, sheet name or word -> what it means (for reading).
HEADER_OF = _lookup(HEADERS)
LEVEL_HEADER_OF = _lookup(LEVEL_HEADERS)
SHEET_OF = _lookup(SHEETS)
KIND_OF = _lookup(KIND_WORDS)
HORIZON_OF = _lookup(HORIZON_WORDS)
YES_NO_OF = _lookup(YES_NO)


@dataclass
class CompetenceSpec:
    name: str
    description: str = ""
    kind: str = "job"
    horizon: str = "current"
    critical: bool = False


@dataclass
class MatrixSpec:
    """A matrix as plain data: what a file holds and what an export writes."""

    roles: list[str] = field(default_factory=list)
    competences: list[CompetenceSpec] = field(default_factory=list)
    required: dict[tuple[str, str], int] = field(default_factory=dict)  # (role, competence) -> level
    levels: list[tuple[str, str]] = field(default_factory=list)  # (name, description); [] = default scale

    @property
    def level_count(self) -> int:
        return len(self.levels) or DEFAULT_LEVEL_COUNT


def cell_problem(row, column, template, **params) -> CellProblem:
    """A problem at a cell (Excel row number and column name; None for the whole file or row)."""
    return CellProblem(row, column, template, tuple(params.items()))


def too_many_roles() -> CellProblem:
    """The problem of a matrix over :data:`MAX_ROLES`."""
    return cell_problem(
        1,
        None,
        gettext_noop("a matrix has at most %(limit)s roles (columns): split it into several matrices"),
        limit=MAX_ROLES,
    )


def too_many_competences() -> CellProblem:
    """The problem of a matrix over :data:`MAX_COMPETENCES`."""
    return cell_problem(
        None,
        None,
        gettext_noop("a matrix has at most %(limit)s competences (rows): split it into several matrices"),
        limit=MAX_COMPETENCES,
    )
