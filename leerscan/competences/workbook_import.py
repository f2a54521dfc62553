"""Read a competence matrix file (Excel, or CSV with only the matrix sheet): all or nothing.

Every bad cell is reported: problems use the same :class:`CellProblem` as answer imports (row
numbers as Excel shows them), and the problems of the matrix sheet and the levels sheet are reported
together. No Django import at module level.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from leerscan.competences.matrix import (
    LEVEL_DESCRIPTION_LENGTH,
    LEVEL_NAME_LENGTH,
    MAX_LEVELS,
    MIN_LEVELS,
    normalize,
)
from leerscan.competences.workbook import (
    DESCRIPTION_LENGTH,
    HEADER_OF,
    HEADERS,
    HORIZON_OF,
    HORIZON_WORDS,
    KIND_OF,
    KIND_WORDS,
    LEVEL_HEADER_OF,
    LEVEL_HEADERS,
    MAX_COMPETENCES,
    MAX_ROLES,
    NAME_LENGTH,
    YES_NO,
    YES_NO_OF,
    CompetenceSpec,
    MatrixSpec,
    cell_problem,
    too_many_competences,
    too_many_roles,
)
from leerscan.competences.workbook_xlsx import inspect_xlsx
from leerscan.instrument.answers import AnswerFileError, CellProblem, gettext_noop, read_table


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
        key = HEADER_OF.get(normalize(header))
        if key is not None:
            if key in fixed:
                problems.append(cell_problem(1, header, gettext_noop("this column appears twice")))
            fixed[key] = column
        elif not header:
            if table.iloc[:, position - 1].astype("string").str.strip().fillna("").ne("").any():
                problems.append(
                    cell_problem(
                        1,
                        None,
                        gettext_noop("column %(number)s has values but no role name"),
                        number=position,
                    )
                )
        elif normalize(header) in seen_roles:
            problems.append(cell_problem(1, header, gettext_noop("this role appears twice")))
        elif len(header) > NAME_LENGTH:
            problems.append(
                cell_problem(
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
        problems.append(too_many_roles())
    if len(table.index) > MAX_COMPETENCES:
        problems.append(too_many_competences())
    if "competence" not in fixed:
        problems.append(
            cell_problem(
                1,
                None,
                gettext_noop("there is no column '%(name)s': it holds the names of the competences"),
                name=HEADERS["competence"]["en"],
            )
        )
    if not role_columns:
        problems.append(
            cell_problem(
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
            problems.append(
                cell_problem(row, fixed["competence"], gettext_noop("the competence has no name"))
            )
            continue
        if len(name) > NAME_LENGTH:
            problems.append(
                cell_problem(
                    row,
                    fixed["competence"],
                    gettext_noop("a name is at most %(limit)s characters"),
                    limit=NAME_LENGTH,
                )
            )
        if normalize(name) in seen_competences:
            problems.append(
                cell_problem(row, fixed["competence"], gettext_noop("'%(value)s' appears twice"), value=name)
            )
        seen_competences.add(normalize(name))
        competence = CompetenceSpec(name=name)
        if "description" in fixed:
            competence.description = cell(row, fixed["description"])
            if len(competence.description) > DESCRIPTION_LENGTH:
                problems.append(
                    cell_problem(
                        row,
                        fixed["description"],
                        gettext_noop("text longer than %(limit)s characters"),
                        limit=DESCRIPTION_LENGTH,
                    )
                )
        for key, words, allowed in (
            ("kind", KIND_OF, KIND_WORDS),
            ("horizon", HORIZON_OF, HORIZON_WORDS),
            ("critical", YES_NO_OF, YES_NO),
        ):
            if key not in fixed:
                continue
            text = cell(row, fixed[key])
            if not text:
                continue
            value = words.get(normalize(text))
            if value is None:
                problems.append(
                    cell_problem(
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
                    cell_problem(
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
            cell_problem(None, None, gettext_noop("the matrix sheet has no competences (one per row)"))
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

    header = [LEVEL_HEADER_OF.get(normalize(str(c or ""))) for c in rows[0]]
    if "name" not in header:
        problems.append(
            cell_problem(
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
                cell_problem(
                    number,
                    column("level"),
                    gettext_noop("expected level %(expected)s here: number the levels 1, 2, 3 … in order"),
                    expected=expected,
                )
            )
        if not name:
            problems.append(cell_problem(number, column("name"), gettext_noop("the level has no name")))
        elif len(name) > LEVEL_NAME_LENGTH:
            problems.append(
                cell_problem(
                    number,
                    column("name"),
                    gettext_noop("a level name is at most %(limit)s characters"),
                    limit=LEVEL_NAME_LENGTH,
                )
            )
        if len(description) > LEVEL_DESCRIPTION_LENGTH:
            problems.append(
                cell_problem(
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
            cell_problem(
                None,
                sheet,
                gettext_noop("a scale has %(min)s to %(max)s levels, this one has %(count)s"),
                min=MIN_LEVELS,
                max=MAX_LEVELS,
                count=len(levels) if len(levels) <= MAX_LEVELS else f"{MAX_LEVELS}+",
            )
        )
    return levels, problems


def read_matrix_file(path: str | Path, name: str | None = None) -> MatrixSpec:
    """Read and check a matrix file (Excel, or CSV with only the matrix sheet).

    Raises :class:`AnswerFileError` with the problems of the matrix sheet and of the levels sheet
    together; nothing is returned half-checked."""
    path = Path(path)
    level_rows, level_title = None, None
    if (name or path.name).lower().endswith((".xlsx", ".xlsm")):
        level_rows, level_title = inspect_xlsx(path)
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
