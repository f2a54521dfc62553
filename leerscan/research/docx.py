"""The analysis as a Word document with APA-style tables (python-docx), built from the CSV tables.

The document reads the same CSV files ``leerscan analyze`` writes, so its numbers are those of the
CSVs, rounded as APA prints them: two decimals, three for p (``<.001`` below that), no leading zero
for statistics that cannot exceed 1. Tables have horizontal rules only (APA 7). The missing-data
rules are stated in words before the tables.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

#: Columns whose values cannot exceed 1 in absolute value: printed without a leading zero (APA).
BOUNDED = {
    "alpha", "ci_low", "ci_high", "alpha_standardized", "omega", "r", "r2", "adj_r2", "r2_change", "Beta",
    "zero_order", "partial", "part", "tolerance", "corrected_item_total", "squared_multiple_correlation",
    "alpha_if_item_deleted", "fmi", "icc1", "icc2", "rwg_j_mean", "rwg_j_median", "rwg_j_min", "rwg_j_max",
}  # fmt: skip
P_COLUMNS = {"p", "p_f", "p_f_change", "sig_2_tailed"}
WHOLE = {"n", "df", "df1", "df2", "items", "organizations", "rwg_j_organizations", "rwg_j_at_70", "step"}


def apa_number(value, column: str) -> str:
    """A table cell as APA prints it (see the module); empty for a missing value."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    if isinstance(value, str):
        return value
    if column in WHOLE and float(value).is_integer():
        return str(int(value))
    if column in P_COLUMNS:
        return "<.001" if value < 0.001 else f"{value:.3f}".replace("0.", ".", 1)
    text = f"{value:.2f}"
    return text.replace("0.", ".", 1) if column in BOUNDED and abs(value) < 1 else text


def _rules(table) -> None:
    """APA rules: a line above and below the header row and below the last row, no vertical lines."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def border(cell, side: str) -> None:
        properties = cell._tc.get_or_add_tcPr()
        borders = properties.find(qn("w:tcBorders"))
        if borders is None:
            borders = OxmlElement("w:tcBorders")
            properties.append(borders)
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        borders.append(line)

    for cell in table.rows[0].cells:
        border(cell, "top")
        border(cell, "bottom")
    for cell in table.rows[-1].cells:
        border(cell, "bottom")


def add_table(document, number: int, title: str, frame: pd.DataFrame, columns: dict[str, str]) -> None:
    """Table ``number`` with its italic ``title``; ``columns`` maps CSV column -> header text."""
    document.add_paragraph().add_run(_("Table %(number)s") % {"number": number}).bold = True
    document.add_paragraph().add_run(title).italic = True
    names = [c for c in columns if c in frame.columns]
    table = document.add_table(rows=1, cols=len(names))
    for cell, name in zip(table.rows[0].cells, names, strict=True):
        cell.text = columns[name]
    for _index, row in frame.iterrows():
        cells = table.add_row().cells
        for cell, name in zip(cells, names, strict=True):
            cell.text = apa_number(row[name], name)
    _rules(table)
    document.add_paragraph()


def _read(files: dict[str, bytes], name: str) -> pd.DataFrame:
    data = files.get(name)
    if not data:
        return pd.DataFrame()
    try:
        return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def _specs() -> list[tuple[str, str, dict[str, str]]]:
    """(CSV name, caption, CSV column -> header) of the document's tables, in order."""
    scale, outcome, step, low, high = _("Scale"), _("Outcome"), _("Step"), _("95% CI low"), _("95% CI high")
    return [
        ("reliability", _("Reliability of the scales"), {
            "label": scale, "items": _("Items"), "n": "n", "n_scored": _("n with a score"), "alpha": "α",
            "ci_low": low, "ci_high": high, "alpha_standardized": _("α standardized"), "omega": "ω",
        }),
        ("reliability_items", _("Item statistics and item-total statistics"), {
            "scale": scale, "item": _("Item"), "mean": "M", "sd": "SD", "n": "n",
            "scale_mean_if_deleted": _("Scale M if item deleted"),
            "scale_variance_if_deleted": _("Scale variance if item deleted"),
            "corrected_item_total": _("Corrected item-total r"), "squared_multiple_correlation": "SMC",
            "alpha_if_item_deleted": _("α if item deleted"),
        }),
        ("correlations_long", _("Spearman correlations: r, Sig. (2-tailed) and N of every pair"), {
            "variable_1": _("Variable"), "variable_2": _("Variable"), "r": "r", "p": "p", "n": "N",
        }),
        ("regression_models", _("Model summary of the hierarchical regressions"), {
            "outcome_label": outcome, "step": step, "n": "n", "r": "R", "r2": "R²",
            "adj_r2": _("Adj. R²"), "se_estimate": _("SE of the estimate"), "r2_change": "ΔR²",
            "f_change": _("F change"), "df1": "df1", "df2": "df2", "p_f_change": "p",
            "durbin_watson": "Durbin-Watson",
        }),
        ("regression_anova", _("ANOVA of the regressions"), {
            "outcome": outcome, "step": step, "source": _("Source"), "sum_of_squares": _("Sum of squares"),
            "df": "df", "mean_square": _("Mean square"), "F": "F", "p": "p",
        }),
        ("regression_coefficients", _("Coefficients of the regressions"), {
            "outcome": outcome, "step": step, "predictor_label": _("Predictor"), "B": "B", "SE": "SE",
            "Beta": "β", "t": "t", "p": "p", "ci_low": low, "ci_high": high, "zero_order": _("Zero-order r"),
            "partial": _("Partial r"), "part": _("Part r"), "tolerance": _("Tolerance"), "VIF": "VIF",
        }),
        ("regression_imputed", _("Full regression models with multiple imputation (Rubin's rules)"), {
            "outcome": outcome, "predictor": _("Predictor"), "estimate": "B", "se": "SE", "statistic": "t",
            "df": "df", "p": "p", "fmi": "FMI",
        }),
        ("agreement", _("Agreement within organizations"), {
            "label": scale, "organizations": _("Organizations"), "n": "n", "icc1": "ICC(1)", "icc2": "ICC(2)",
            "rwg_j_mean": _("Mean rwg(j)"), "rwg_j_median": _("Median rwg(j)"), "rwg_j_min": "Min",
            "rwg_j_max": "Max", "rwg_j_at_70": _("rwg(j) ≥ .70"),
        }),
    ]  # fmt: skip


def analysis_docx(files: dict[str, bytes], statements: list[str], title: str) -> bytes:
    """The Word document of an analysis's CSV ``files`` (name -> bytes), with the missing-data rules."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in statements:
        document.add_paragraph(text)
    number = 0
    for name, caption, columns in _specs():
        frame = _read(files, name)
        if frame.empty:
            continue
        number += 1
        add_table(document, number, caption, frame, columns)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
