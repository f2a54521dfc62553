"""Checks of an .xlsx matrix file before its cells are read: no workbook, too large, too many rows
or roles, formulas without a saved result, merged cells. No Django import at module level.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from leerscan.competences.matrix import MAX_LEVELS, normalize
from leerscan.competences.workbook import (
    HEADER_OF,
    MAX_COMPETENCES,
    MAX_ROLES,
    SHEET_OF,
    cell_problem,
    too_many_competences,
    too_many_roles,
)
from leerscan.instrument.answers import AnswerFileError, CellProblem, gettext_noop

#: An .xlsx file is a zip: its unpacked size bounds the memory an import uses (a 500 x 50 matrix
#: is well under 2 MB).
MAX_UNPACKED = 20_000_000


def _not_xlsx() -> CellProblem:
    return cell_problem(
        None,
        None,
        gettext_noop(
            "this file is not an Excel workbook, although its name ends in .xlsx: open it in Excel "
            "and save it as 'Excel workbook (.xlsx)', or save it as CSV"
        ),
    )


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
                cell_problem(
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
        if SHEET_OF.get(normalize(sheet.title)) == "levels":
            return sheet
    return None


def _filled(row) -> bool:
    return any(value is not None and str(value).strip() for value in row)


def inspect_xlsx(path: Path) -> tuple[list[tuple] | None, str | None]:
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
        roles = [h for h in header if h and HEADER_OF.get(normalize(h)) is None]
        if len(roles) > MAX_ROLES:
            limits.append(too_many_roles())
        if rows > MAX_COMPETENCES:
            limits.append(too_many_competences())
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
                cell_problem(
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
                        cell_problem(
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
