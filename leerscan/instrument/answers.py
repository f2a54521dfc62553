"""Read and check item-level answer files (CSV now; the same checks serve web and paper imports).

A file has one row per respondent and one column per item id (likert, number, single-choice and
text questions of the instrument), plus optional columns ``respondent``, ``organization``,
``wave`` and ``language``. Every problem is reported with its spreadsheet row (the header is row 1)
and column, so that a file can be fixed in one pass; callers store or write nothing when there is
any problem (all-or-nothing).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from leerscan.instrument.model import Instrument, Question

META_COLUMNS = ("respondent", "organization", "wave", "language", "lot", "enterprise_number", "linking_code")
"""Columns that are no question: the respondent, and facts of the organization (``import --create``)."""


def gettext_noop(message: str) -> str:
    """Marks a message for translation (collected by ``makemessages``) without importing Django."""
    return message


@dataclass(frozen=True)
class CellProblem:
    """A problem in one cell (or a whole row/column when ``column`` or ``row`` is None).

    ``template`` is an English message with ``%(name)s`` placeholders filled from ``params``; web
    pages translate the template into the user's language (see :meth:`localized`).
    """

    row: int | None
    column: str | None
    template: str
    params: tuple = ()

    @property
    def message(self) -> str:
        return self.template % dict(self.params)

    def localized(self, gettext=lambda s: s) -> str:
        """The problem as one line, with the template translated by ``gettext``."""
        where = []
        if self.row is not None:
            where.append(gettext("row %(row)s") % {"row": self.row})
        if self.column is not None:
            where.append(gettext("column '%(column)s'") % {"column": self.column})
        params = {k: v.localized(gettext) if isinstance(v, CellProblem) else v for k, v in self.params}
        text = gettext(self.template) % params
        return (", ".join(where) + ": " if where else "") + text

    def __str__(self) -> str:
        return self.localized()


class AnswerFileError(ValueError):
    """The answers cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) found:\n" + "\n".join(map(str, problems)))


def read_table(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """Read a CSV file (comma, semicolon or tab separated; UTF-8 or Windows-1252) or an Excel
    workbook (.xlsx, first sheet) as text cells; ``name`` is the original file name when ``path``
    is a temporary upload.

    Raises :class:`AnswerFileError` for an empty or malformed file, naming every ragged row.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    None,
                    gettext_noop("cannot read %(path)s: %(reason)s"),
                    (("path", str(path)), ("reason", exc.strerror)),
                )
            ]
        ) from exc
    if raw[:4] == b"PK\x03\x04" and (name or path.name).lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise AnswerFileError(
            [CellProblem(None, None, gettext_noop("this is not a text (CSV) or Excel file"))]
        )
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise AnswerFileError(
            [CellProblem(None, None, gettext_noop("the file is empty: the first row must name the columns"))]
        )
    header_line = lines[0]
    delimiter = max(",;\t", key=header_line.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    problems = []
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are ignored
        if len(row) != len(header):
            problems.append(
                CellProblem(
                    number,
                    None,
                    gettext_noop("has %(values)s values but the header has %(columns)s columns"),
                    (("values", len(row)), ("columns", len(header))),
                )
            )
            continue
        body.append((number, row))
    if problems:
        raise AnswerFileError(problems)
    frame = pd.DataFrame(
        [r for _, r in body], columns=header, dtype=object, index=pd.Index([n for n, _ in body], name="row")
    )
    return frame


def _read_xlsx(path: Path) -> pd.DataFrame:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    None,
                    gettext_noop("this Excel file cannot be read (%(reason)s)"),
                    (("reason", str(exc)),),
                )
            ]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        raise AnswerFileError(
            [
                CellProblem(
                    None, None, gettext_noop("the first sheet is empty: its first row must name the columns")
                )
            ]
        )
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    while header and header[-1] == "":
        header.pop()
    body, numbers = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = [
            "" if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c))
            for c in row[: len(header)]
        ]
        cells += [""] * (len(header) - len(cells))
        if any(c.strip() for c in cells):
            body.append(cells)
            numbers.append(number)
    return pd.DataFrame(body, columns=header, dtype=object, index=pd.Index(numbers, name="row"))


def parse_answers(table: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Check text cells against the instrument and convert them to values.

    ``table``'s index holds the spreadsheet row numbers used in messages. Returns a frame with meta
    columns as text and question columns as numbers (likert, choice, number) or text; empty cells
    become missing. Raises :class:`AnswerFileError` listing every problem.
    """
    problems: list[CellProblem] = []
    seen: set[str] = set()
    checked: list[tuple[int, str]] = []  # (position, name) of the columns whose cells are checked
    for position, column in enumerate(table.columns):
        if column in seen:
            problems.append(CellProblem(1, column, gettext_noop("this column appears twice")))
            continue
        seen.add(column)
        if column not in instrument.questions and column not in META_COLUMNS:
            problems.append(
                CellProblem(
                    1,
                    column,
                    gettext_noop(
                        "unknown column: not a question of questionnaire '%(instrument)s' "
                        "%(version)s (nor one of %(meta)s)"
                    ),
                    (
                        ("instrument", instrument.id),
                        ("version", instrument.version),
                        ("meta", ", ".join(META_COLUMNS)),
                    ),
                )
            )
            continue
        checked.append((position, column))

    # The cells of every known column are checked even when the header has problems, so that
    # one run lists everything to fix.
    result = {}
    for position, column in checked:
        cells = table.iloc[:, position].astype("string").str.strip()
        empty = cells.isna() | (cells == "")
        if column in META_COLUMNS:
            result[column] = cells.where(~empty, None)
            continue
        question = instrument.questions[column]
        if question.type == "text":
            too_long = ~empty & (cells.str.len() > question.max_length)
            for row in cells.index[too_long.to_numpy()]:
                problems.append(
                    CellProblem(
                        int(row),
                        column,
                        gettext_noop("text longer than %(limit)s characters"),
                        (("limit", question.max_length),),
                    )
                )
            result[column] = cells.where(~empty, None)
            continue
        values, column_problems = _numbers(cells, empty, question)
        problems.extend(_said_once(column_problems, column, int((~empty).sum())))
        result[column] = values
    if problems:
        order = {name: position for position, name in reversed(list(enumerate(table.columns)))}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 0)))
        raise AnswerFileError(problems)
    return pd.DataFrame(result, index=table.index)


def _said_once(problems: list[CellProblem], column: str, filled: int) -> list[CellProblem]:
    """A problem every filled cell of the column has (two or more) as one problem of the column,
    with the first row as an example; problems of some rows stay one per row."""
    templates = {p.template for p in problems}
    if filled < 2 or len(problems) != filled or len(templates) != 1:
        return problems
    first = problems[0]
    example = CellProblem(first.row, None, first.template, first.params)
    return [
        CellProblem(
            None,
            column,
            gettext_noop("every row has this problem (%(count)s rows), e.g. %(example)s"),
            (("count", filled), ("example", example)),
        )
    ]


def _numbers(cells: pd.Series, empty: pd.Series, question: Question) -> tuple[pd.Series, list]:
    """Numeric values of one question's column, and the problems in it."""
    problems: list[CellProblem] = []
    # Accept a decimal comma (Belgian spreadsheets write 7,5).
    numeric = pd.to_numeric(cells.str.replace(",", ".", regex=False).where(~empty), errors="coerce")
    numeric = numeric.astype("float64")
    not_a_number = ~empty & numeric.isna()
    for row in cells.index[not_a_number.to_numpy()]:
        problems.append(
            CellProblem(
                int(row), question.id, gettext_noop("'%(value)s' is not a number"), (("value", cells[row]),)
            )
        )
    present = ~empty & ~not_a_number
    if question.type in ("likert", "single_choice"):
        codes = question.codes
        bad = present & ~numeric.isin(codes)
        allowed = (
            f"{codes[0]}-{codes[-1]}"
            if list(codes) == list(range(codes[0], codes[-1] + 1))
            else ", ".join(map(str, codes))
        )
        for row in cells.index[bad.to_numpy()]:
            problems.append(
                CellProblem(
                    int(row),
                    question.id,
                    gettext_noop("%(value)s is not a valid answer (allowed: %(allowed)s)"),
                    (("value", cells[row]), ("allowed", allowed)),
                )
            )
    else:  # number
        lo, hi = question.minimum, question.maximum
        out_of_range = present & ((numeric < lo) | (numeric > hi))
        for row in cells.index[out_of_range.to_numpy()]:
            problems.append(
                CellProblem(
                    int(row),
                    question.id,
                    gettext_noop("%(value)s is out of range (%(min)s to %(max)s)"),
                    (("value", cells[row]), ("min", _fmt(lo)), ("max", _fmt(hi))),
                )
            )
        if question.integer:
            fractional = present & ~out_of_range & (numeric != np.floor(numeric))
            for row in cells.index[fractional.to_numpy()]:
                problems.append(
                    CellProblem(
                        int(row),
                        question.id,
                        gettext_noop("%(value)s is not a whole number"),
                        (("value", cells[row]),),
                    )
                )
    return numeric, problems


def _fmt(value: float | None) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def read_answers(path: str | Path, instrument: Instrument, name: str | None = None) -> pd.DataFrame:
    """Read and check an answer file in one step (see :func:`read_table`, :func:`parse_answers`)."""
    return parse_answers(read_table(path, name), instrument)
