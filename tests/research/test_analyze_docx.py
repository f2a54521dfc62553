"""``leerscan analyze --docx``: the Word document's tables carry the CSVs' numbers, APA-rounded, and the
missing-data rules are stated in it and on the command's output."""

import io

import pandas as pd
import pytest
from django.core.management import call_command
from docx import Document
from docx.table import Table

pytestmark = pytest.mark.django_db


def _number(text: str) -> float:
    text = text.replace("<", "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    value = float("0" + text if text.startswith(".") else text)
    return -value if negative else value


def _table(document: Document, caption: str) -> list[list[str]]:
    """The rows (header first) of the table whose italic caption is ``caption``."""
    seen = False
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if seen:
                return [[cell.text for cell in row.cells] for row in block.rows]
        elif block.text == caption:
            seen = True
    raise AssertionError(f"no table {caption!r}")


def test_docx_tables_equal_the_csvs(programme, tmp_path):
    out = io.StringIO()
    call_command("analyze", "--out", str(tmp_path), "--docx", "--no-pdf", "--no-progress", stdout=out)
    assert "analysis.docx" in out.getvalue()
    assert (
        "Method: Scale scores: the mean of the answered items of a scale, computed when at least 66%"
        in out.getvalue()
    )
    document = Document(str(tmp_path / "analysis.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "listwise" in text and "Feldt" in text and "psych::omega" in text and "pairwise" in text

    items = pd.read_csv(tmp_path / "reliability_items.csv", encoding="utf-8-sig")
    rows = _table(document, "Item statistics and item-total statistics")
    header, body = rows[0], rows[1:]
    assert len(body) == len(items)
    for column, title, decimals in [
        ("mean", "M", 2),
        ("scale_variance_if_deleted", "Scale variance if item deleted", 2),
        ("corrected_item_total", "Corrected item-total r", 2),
        ("alpha_if_item_deleted", "α if item deleted", 2),
    ]:
        shown = [_number(r[header.index(title)]) for r in body]
        assert shown == pytest.approx(items[column].round(decimals).tolist(), abs=1e-9), column
    assert body[0][header.index("Corrected item-total r")].startswith(".")  # APA: no leading zero

    coefficients = pd.read_csv(tmp_path / "regression_coefficients.csv", encoding="utf-8-sig")
    rows = _table(document, "Coefficients of the regressions")
    header, body = rows[0], rows[1:]
    assert len(body) == len(coefficients)
    for column, title in [("B", "B"), ("ci_low", "95% CI low"), ("VIF", "VIF"), ("part", "Part r")]:
        expected = coefficients[column].round(2)
        shown = [r[header.index(title)] for r in body]
        for value, cell in zip(expected, shown, strict=True):
            assert (cell == "") if pd.isna(value) else _number(cell) == pytest.approx(value, abs=1e-9), column
    models = pd.read_csv(tmp_path / "regression_models.csv", encoding="utf-8-sig")
    rows = _table(document, "Model summary of the hierarchical regressions")
    dw = [_number(r[rows[0].index("Durbin-Watson")]) for r in rows[1:]]
    assert dw == pytest.approx(models["durbin_watson"].round(2).tolist(), abs=1e-9)


@pytest.mark.slow  # MICE over 17 variables for 3 outcomes: about 15 s
def test_analyze_with_multiple_imputation_states_m_and_seed(programme, tmp_path):
    out = io.StringIO()
    call_command(
        "analyze", "--out", str(tmp_path), "--impute", "2", "--seed", "5", "--docx", "--no-pdf",
        "--no-progress", stdout=out,
    )  # fmt: skip
    table = pd.read_csv(tmp_path / "regression_imputed.csv", encoding="utf-8-sig")
    assert set(table["outcome"]) == {
        "occupational_expertise",
        "anticipation_optimisation",
        "personal_flexibility",
    }
    assert {"estimate", "se", "df", "p", "fmi"} <= set(table.columns) and (table["b"] >= 0).all()
    text = out.getvalue()
    assert (
        "Method: Multiple imputation (regression_imputed): 2 completed data sets" in text and "seed 5" in text
    )
    document = Document(str(tmp_path / "analysis.docx"))
    rows = _table(document, "Full regression models with multiple imputation (Rubin's rules)")
    assert len(rows) == len(table) + 1
    shown = [_number(r[rows[0].index("B")]) for r in rows[1:]]
    assert shown == pytest.approx(table["estimate"].round(2).tolist(), abs=1e-9)
