"""File downloads: the one way leerscan sends a file (CSV, Excel, PDF, SPSS ...) to the browser."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.functional import Promise

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "zip": "application/zip",
    "sav": "application/x-spss-sav",
    "parquet": "application/vnd.apache.parquet",
}


def download(content: bytes | str, filename: str, content_type: str | None = None) -> HttpResponse:
    """An attachment response; the content type follows the file's extension unless given."""
    if content_type is None:
        content_type = CONTENT_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


#: A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Lazy translations become text; numbers, dates and None stay what they are."""
    return str(value) if isinstance(value, Promise) else value


def _csv_cell(value):
    value = _cell(value)
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def append_row(sheet, values: Sequence) -> None:
    """Add a row to an openpyxl worksheet the way every leerscan workbook does: lazy translations
    become text, and text starting with "=" (a name typed as ``=HYPERLINK(...)``) stays text instead
    of becoming a formula."""
    sheet.append([_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text, not a formula


def table_bytes(headers: Sequence[str], rows: Iterable[Sequence], file_format: str, title: str = "") -> bytes:
    """A table as CSV (UTF-8 with BOM, so Excel opens accents correctly) or as an Excel workbook.

    Text that a spreadsheet would run as a formula (``=HYPERLINK(...)`` typed as a name) stays text.
    """
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_csv_cell(header) for header in headers])
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if file_format == "xlsx":
        import openpyxl
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = (title or "leerscan")[:31]
        for row in [headers, *rows]:
            append_row(sheet, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown table format {file_format!r} (use csv or xlsx)")


def table_download(
    headers: Sequence[str], rows: Iterable[Sequence], file_format: str, filename_stem: str, title: str = ""
) -> HttpResponse:
    """A table as a CSV or Excel download named ``filename_stem.csv`` / ``.xlsx``."""
    return download(table_bytes(headers, rows, file_format, title), f"{filename_stem}.{file_format}")
