"""A competence matrix as an Excel workbook: read (all-or-nothing, every bad cell reported) and write.

Sheet 1 is the matrix: one row per competence, columns ``competence``, ``description``, ``kind``,
``horizon``, ``critical`` and then one column per role holding the required level (empty = not
needed). An optional sheet ``levels`` holds the scale: ``level``, ``name``, ``description``. Headers
and words may be in Dutch, English, French or German; the export writes the user's language, so an
exported file can be imported again unchanged. Problems use the same :class:`CellProblem` as answer
imports (row numbers as Excel shows them); the problems of both sheets are reported together. A file
holds at most :data:`MAX_COMPETENCES` competences and :data:`MAX_ROLES` roles; formulas without a
saved result and merged cells are errors (they would otherwise be read as empty cells). No Django
import at module level.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from leerscan.competences.matrix import (
    DEFAULT_LEVEL_COUNT,
    LEVEL_DESCRIPTION_LENGTH,
    LEVEL_NAME_LENGTH,
    MAX_LEVELS,
    MIN_LEVELS,
    normalize,
)
from leerscan.instrument.answers import AnswerFileError, CellProblem, gettext_noop, read_table

NAME_LENGTH = 120
DESCRIPTION_LENGTH = 1000
#: The largest matrix a file may hold (one department: split bigger ones).
MAX_COMPETENCES = 500
MAX_ROLES = 50
#: An .xlsx file is a zip: its unpacked size bounds the memory an import uses (a 500 x 50 matrix
#: is well under 2 MB).
MAX_UNPACKED = 20_000_000
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


_HEADER_OF = _lookup(HEADERS)
_LEVEL_HEADER_OF = _lookup(LEVEL_HEADERS)
_SHEET_OF = _lookup(SHEETS)
_KIND_OF = _lookup(KIND_WORDS)
_HORIZON_OF = _lookup(HORIZON_WORDS)
_YES_NO_OF = _lookup(YES_NO)


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


def _problem(row, column, template, **params) -> CellProblem:
    return CellProblem(row, column, template, tuple(params.items()))


def _too_many_roles() -> CellProblem:
    return _problem(
        1,
        None,
        gettext_noop("a matrix has at most %(limit)s roles (columns): split it into several matrices"),
        limit=MAX_ROLES,
    )


def _too_many_competences() -> CellProblem:
    return _problem(
        None,
        None,
        gettext_noop("a matrix has at most %(limit)s competences (rows): split it into several matrices"),
        limit=MAX_COMPETENCES,
    )


def _not_xlsx() -> CellProblem:
    return _problem(
        None,
        None,
        gettext_noop(
            "this file is not an Excel workbook, although its name ends in .xlsx: open it in Excel "
            "and save it as 'Excel workbook (.xlsx)', or save it as CSV"
        ),
    )


def parse_matrix_table(table: pd.DataFrame, levels: list[tuple[str, str]] | None = None) -> MatrixSpec:
    """Check the matrix sheet (text cells, index = Excel row numbers) and return it as a spec.

    Raises :class:`AnswerFileError` listing every problem; nothing is returned half-checked.
    """
    spec = MatrixSpec(levels=list(levels or []))
    top = spec.level_count
    problems: list[CellProblem] = []
    fixed: dict[str, str] = {}
    role_columns: list[str] = []
    seen_roles: set[str] = set()
    for position, column in enumerate(table.columns, start=1):
        header = str(column).strip()
        key = _HEADER_OF.get(normalize(header))
        if key is not None:
            if key in fixed:
                problems.append(_problem(1, header, gettext_noop("this column appears twice")))
            fixed[key] = column
        elif not header:
            if table.iloc[:, position - 1].astype("string").str.strip().fillna("").ne("").any():
                problems.append(
                    _problem(
                        1,
                        None,
                        gettext_noop("column %(number)s has values but no role name"),
                        number=position,
                    )
                )
        elif normalize(header) in seen_roles:
            problems.append(_problem(1, header, gettext_noop("this role appears twice")))
        elif len(header) > NAME_LENGTH:
            problems.append(
                _problem(
                    1,
                    header[:40],
                    gettext_noop("a role name is at most %(limit)s characters"),
                    limit=NAME_LENGTH,
                )
            )
        else:
            seen_roles.add(normalize(header))
            role_columns.append(column)
    if len(role_columns) > MAX_ROLES:
        problems.append(_too_many_roles())
    if len(table.index) > MAX_COMPETENCES:
        problems.append(_too_many_competences())
    if "competence" not in fixed:
        problems.append(
            _problem(
                1,
                None,
                gettext_noop("there is no column '%(name)s': it holds the names of the competences"),
                name=HEADERS["competence"]["en"],
            )
        )
    if not role_columns:
        problems.append(
            _problem(
                1,
                None,
                gettext_noop("there are no role columns: add one column per role, named after the role"),
            )
        )
    if problems:
        raise AnswerFileError(problems)
    spec.roles = [str(c).strip() for c in role_columns]

    def cell(row, column) -> str:
        value = table.at[row, column]
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()

    seen_competences: set[str] = set()
    for row in table.index:
        row = int(row)
        name = cell(row, fixed["competence"])
        if not name:
            problems.append(_problem(row, fixed["competence"], gettext_noop("the competence has no name")))
            continue
        if len(name) > NAME_LENGTH:
            problems.append(
                _problem(
                    row,
                    fixed["competence"],
                    gettext_noop("a name is at most %(limit)s characters"),
                    limit=NAME_LENGTH,
                )
            )
        if normalize(name) in seen_competences:
            problems.append(
                _problem(row, fixed["competence"], gettext_noop("'%(value)s' appears twice"), value=name)
            )
        seen_competences.add(normalize(name))
        competence = CompetenceSpec(name=name)
        if "description" in fixed:
            competence.description = cell(row, fixed["description"])
            if len(competence.description) > DESCRIPTION_LENGTH:
                problems.append(
                    _problem(
                        row,
                        fixed["description"],
                        gettext_noop("text longer than %(limit)s characters"),
                        limit=DESCRIPTION_LENGTH,
                    )
                )
        for key, words, allowed in (
            ("kind", _KIND_OF, KIND_WORDS),
            ("horizon", _HORIZON_OF, HORIZON_WORDS),
            ("critical", _YES_NO_OF, YES_NO),
        ):
            if key not in fixed:
                continue
            text = cell(row, fixed[key])
            if not text:
                continue
            value = words.get(normalize(text))
            if value is None:
                problems.append(
                    _problem(
                        row,
                        fixed[key],
                        gettext_noop("'%(value)s' is not allowed here (use: %(allowed)s)"),
                        value=text,
                        allowed=", ".join(spellings["en"] for spellings in allowed.values()),
                    )
                )
            else:
                setattr(competence, key, value)
        for column in role_columns:
            text = cell(row, column)
            if text in ("", "-", "–"):
                continue
            try:
                level = int(float(text.replace(",", ".")))
                whole = float(text.replace(",", ".")).is_integer()
            except ValueError:
                level, whole = -1, False
            if not whole or not 0 <= level <= top:
                problems.append(
                    _problem(
                        row,
                        str(column).strip(),
                        gettext_noop(
                            "'%(value)s' is not a level: use a whole number from 0 to %(max)s, "
                            "or leave it empty"
                        ),
                        value=text,
                        max=top,
                    )
                )
            elif level > 0:
                spec.required[(str(column).strip(), name)] = level
        spec.competences.append(competence)
    if not spec.competences and not problems:
        problems.append(
            _problem(None, None, gettext_noop("the matrix sheet has no competences (one per row)"))
        )
    if problems:
        raise AnswerFileError(problems)
    return spec


def parse_levels_rows(rows: list[tuple], sheet: str | None = None) -> list[tuple[str, str]]:
    """Check the rows of a ``levels`` sheet (header first): levels 1 to n in order, each named.

    Raises :class:`AnswerFileError` with every problem; ``sheet`` (the sheet's title) is named in
    each problem's column so it is not mistaken for a cell of the matrix sheet."""
    levels, problems = _check_levels_rows(rows, sheet)
    if problems:
        raise AnswerFileError(problems)
    return levels


def _check_levels_rows(rows: list[tuple], sheet: str | None = None) -> tuple[list[tuple[str, str]], list]:
    problems: list[CellProblem] = []
    if not rows:
        return [], problems

    def column(key: str) -> str:
        return f"{sheet}: {LEVEL_HEADERS[key]['en']}" if sheet else LEVEL_HEADERS[key]["en"]

    header = [_LEVEL_HEADER_OF.get(normalize(str(c or ""))) for c in rows[0]]
    if "name" not in header:
        problems.append(
            _problem(
                1,
                sheet,
                gettext_noop("the levels sheet needs a column '%(name)s'"),
                name=LEVEL_HEADERS["name"]["en"],
            )
        )
        return [], problems
    position = {key: header.index(key) for key in ("level", "name", "description") if key in header}
    levels = []
    for number, row in enumerate(rows[1:], start=2):
        cells = ["" if c is None else str(c).strip() for c in row]
        cells += [""] * (len(header) - len(cells))
        if not any(cells):
            continue
        name = cells[position["name"]]
        description = cells[position["description"]] if "description" in position else ""
        expected = len(levels) + 1
        if "level" in position and cells[position["level"]] not in (str(expected), f"{expected}.0"):
            problems.append(
                _problem(
                    number,
                    column("level"),
                    gettext_noop("expected level %(expected)s here: number the levels 1, 2, 3 … in order"),
                    expected=expected,
                )
            )
        if not name:
            problems.append(_problem(number, column("name"), gettext_noop("the level has no name")))
        elif len(name) > LEVEL_NAME_LENGTH:
            problems.append(
                _problem(
                    number,
                    column("name"),
                    gettext_noop("a level name is at most %(limit)s characters"),
                    limit=LEVEL_NAME_LENGTH,
                )
            )
        if len(description) > LEVEL_DESCRIPTION_LENGTH:
            problems.append(
                _problem(
                    number,
                    column("description"),
                    gettext_noop("text longer than %(limit)s characters"),
                    limit=LEVEL_DESCRIPTION_LENGTH,
                )
            )
        levels.append((name, description))
        if len(levels) > MAX_LEVELS:
            break  # the count problem below says it; no need to read a long sheet
    if levels and not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        problems.append(
            _problem(
                None,
                sheet,
                gettext_noop("a scale has %(min)s to %(max)s levels, this one has %(count)s"),
                min=MIN_LEVELS,
                max=MAX_LEVELS,
                count=len(levels) if len(levels) <= MAX_LEVELS else f"{MAX_LEVELS}+",
            )
        )
    return levels, problems


def _open_xlsx(path: Path, **options):
    """The workbook, or :class:`AnswerFileError` for a file that is no Excel workbook (an old .xls,
    a CSV or another document renamed to .xlsx)."""
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise AnswerFileError([_not_xlsx()])
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise AnswerFileError(
            [
                _problem(
                    None,
                    None,
                    gettext_noop(
                        "this workbook is too large to import (more than %(limit)s MB unpacked): "
                        "keep only the matrix and the levels"
                    ),
                    limit=MAX_UNPACKED // 1_000_000,
                )
            ]
        )
    try:
        return openpyxl.load_workbook(path, **options)
    except Exception as exc:  # openpyxl raises many kinds for a zip that is no workbook
        raise AnswerFileError([_not_xlsx()]) from exc


def _levels_sheet(workbook):
    for sheet in workbook.worksheets[1:]:
        if _SHEET_OF.get(normalize(sheet.title)) == "levels":
            return sheet
    return None


def _filled(row) -> bool:
    return any(value is not None and str(value).strip() for value in row)


def _inspect_xlsx(path: Path) -> tuple[list[tuple] | None, str | None]:
    """Check an .xlsx file before its cells are read: size limits first (streaming, so a huge file
    is refused without loading it), then formulas without a saved result and merged cells, which a
    reader would see as empty cells. Returns the rows of the levels sheet (None without one) and that
    sheet's title; raises :class:`AnswerFileError` with every problem found."""
    values = _open_xlsx(path, read_only=True, data_only=True)
    try:
        matrix_sheet = values.worksheets[0]
        matrix_rows: list[list] = []
        rows = 0
        for row in matrix_sheet.iter_rows(values_only=True):
            matrix_rows.append(list(row))
            if len(matrix_rows) > 1 and _filled(row):
                rows += 1
                if rows > MAX_COMPETENCES:
                    break
        header = ["" if c is None else str(c).strip() for c in (matrix_rows or [[]])[0]]
        limits = []
        roles = [h for h in header if h and _HEADER_OF.get(normalize(h)) is None]
        if len(roles) > MAX_ROLES:
            limits.append(_too_many_roles())
        if rows > MAX_COMPETENCES:
            limits.append(_too_many_competences())
        if limits:
            raise AnswerFileError(limits)
        levels_sheet = _levels_sheet(values)
        level_rows = None
        if levels_sheet is not None:
            level_rows = []
            for row in levels_sheet.iter_rows(values_only=True):
                level_rows.append(row)
                if len(level_rows) > 4 * MAX_LEVELS:
                    break  # far too many levels: _check_levels_rows says so
        cached = {0: matrix_rows}
        if levels_sheet is not None:
            cached[values.worksheets.index(levels_sheet)] = [list(row) for row in level_rows]
    finally:
        values.close()
    level_title = levels_sheet.title if levels_sheet is not None else None
    level_header = ["" if c is None else str(c).strip() for c in (level_rows or [()])[0]]

    def column(index: int, column_number: int) -> str:
        from openpyxl.utils import get_column_letter

        names = header if index == 0 else level_header
        name = names[column_number - 1] if column_number <= len(names) else ""
        name = name or get_column_letter(column_number)
        return name if index == 0 else f"{level_title}: {name}"

    problems: list[CellProblem] = []
    formulas = _open_xlsx(path, data_only=False)
    for index, sheet in enumerate(formulas.worksheets):
        if index not in cached:
            continue
        for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            problems.append(
                _problem(
                    merged.min_row,
                    column(index, merged.min_col),
                    gettext_noop("cells %(cells)s are merged: unmerge them and fill in each cell"),
                    cells=merged.coord,
                )
            )
        saved = cached[index]
        if not saved:
            continue
        for row in sheet.iter_rows(max_row=len(saved)):
            for cell in row:
                if cell.data_type != "f":
                    continue
                line = saved[cell.row - 1]
                if cell.column > len(line) or line[cell.column - 1] is None:
                    problems.append(
                        _problem(
                            cell.row,
                            column(index, cell.column),
                            gettext_noop(
                                "this cell holds a formula without a saved result: type the value, "
                                "or open the file in Excel and save it again"
                            ),
                        )
                    )
    formulas.close()
    if problems:
        raise AnswerFileError(problems)
    return level_rows, level_title


def read_matrix_file(path: str | Path, name: str | None = None) -> MatrixSpec:
    """Read and check a matrix file (Excel, or CSV with only the matrix sheet).

    Raises :class:`AnswerFileError` with the problems of the matrix sheet and of the levels sheet
    together; nothing is returned half-checked."""
    path = Path(path)
    level_rows, level_title = None, None
    if (name or path.name).lower().endswith((".xlsx", ".xlsm")):
        level_rows, level_title = _inspect_xlsx(path)
    table = read_table(path, name)
    levels, problems = _check_levels_rows(level_rows or [], level_title)
    if problems and not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        levels = [("", "")] * MAX_LEVELS  # unknown scale: do not report the matrix's levels as well
    try:
        spec = parse_matrix_table(table, levels)
    except AnswerFileError as error:
        problems = error.problems + problems
    if problems:
        raise AnswerFileError(problems)
    return spec


def write_matrix_workbook(spec: MatrixSpec, language: str, level_texts: list[tuple[str, str]]) -> bytes:
    """The matrix as an .xlsx file in ``language``; ``level_texts`` are the scale's (name,
    description) for levels 1 to n as the user sees them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from leerscan.core.downloads import append_row  # text starting with "=" stays text

    language = language if language in LANGUAGES else "en"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEETS["matrix"][language]
    fixed = [HEADERS[key][language] for key in ("competence", "description", "kind", "horizon", "critical")]
    append_row(sheet, fixed + spec.roles)
    for competence in spec.competences:
        append_row(
            sheet,
            [
                competence.name,
                competence.description,
                KIND_WORDS[competence.kind][language],
                HORIZON_WORDS[competence.horizon][language],
                YES_NO[competence.critical][language],
            ]
            + [spec.required.get((role, competence.name)) for role in spec.roles],
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 48
    for letter in "CDE":
        sheet.column_dimensions[letter].width = 18
    if spec.roles and spec.competences:
        first = sheet.cell(row=2, column=len(fixed) + 1).coordinate
        last = sheet.cell(row=len(spec.competences) + 1, column=len(fixed) + len(spec.roles)).coordinate
        rule = DataValidation(type="whole", operator="between", formula1="0", formula2=str(len(level_texts)))
        rule.add(f"{first}:{last}")
        sheet.add_data_validation(rule)
    levels = workbook.create_sheet(SHEETS["levels"][language])
    append_row(levels, [LEVEL_HEADERS[key][language] for key in ("level", "name", "description")])
    for number, (level_name, description) in enumerate(level_texts, start=1):
        append_row(levels, [number, level_name, description])
    for cell in levels[1]:
        cell.font = Font(bold=True)
    levels.column_dimensions["B"].width = 24
    levels.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
