"""Write a competence matrix as an Excel workbook in the user's language, to edit and import again.

No Django import at module level.
"""

from __future__ import annotations

import io

from leerscan.competences.workbook import (
    HEADERS,
    HORIZON_WORDS,
    KIND_WORDS,
    LANGUAGES,
    LEVEL_HEADERS,
    SHEETS,
    YES_NO,
    MatrixSpec,
)


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
