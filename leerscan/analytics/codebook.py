"""A codebook generated from the instrument definition: every variable of the exports explained.

One row per meta column, per question (including the free-text and platform-filled questions that
exports leave out, marked as such) and per scale, with its label, type, answer codes and their
labels or its range, reverse keying, scale membership (for a scale: its items and scoring rule) and
which export files hold it. As CSV
(:func:`codebook_frame`) or a standalone HTML page (:func:`codebook_html`). Plain Python: no Django.
"""

from __future__ import annotations

import html
import math
from datetime import date

import pandas as pd

from leerscan.analytics import spss
from leerscan.analytics.dataset import (
    DERIVED_VARIABLES,
    META_COLUMNS,
    META_LABELS,
    NAME_COLUMN,
    exported_questions,
    item_label,
)
from leerscan.instrument.model import Instrument, Question, translate

__all__ = ["CODEBOOK_COLUMNS", "codebook_frame", "codebook_html"]

CODEBOOK_COLUMNS = [
    "variable",
    "kind",
    "label",
    "type",
    "values",
    "range",
    "reverse_keyed",
    "scales",
    "items",
    "section",
    "questionnaire",
    "in_exports",
    "notes",
]

META_TYPES = {
    "respondent": ("integer", "1 .. n", "sequence number within one file; not stable between files"),
    "organization": (
        "text",
        "ORG-XXXXXXXX",
        "HMAC-SHA256 of the organization id, keyed with the site's secret",
    ),
    NAME_COLUMN: ("text", "", "only in exports made with names explicitly requested"),
    "lot": ("integer", "", "lot (perceel) number of the programme"),
    "sector": ("text", "", "as entered for the organization"),
    "size_class": ("integer", "", "as entered for the organization"),
    "wave": ("integer", "1 ..", "1 = first measurement, 2 or more = follow-up"),
    "questionnaire": (
        "text",
        "long, short",
        "the questionnaire the respondent got; short leaves questions out",
    ),
    "language": ("text", "nl, en, fr, de", "language the questionnaire was answered in"),
    "source": ("text", "web, paper, import, synthetic", "how the answers reached leerscan"),
}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _options_text(question: Question, language: str) -> tuple[str, str]:
    options = question.response_scale.options if question.response_scale else question.options
    if options:
        values = "; ".join(f"{o.code} = {translate(o.label, language)}" for o in options)
        return values, f"{options[0].code} .. {options[-1].code}"
    if question.type == "number":
        low, high = _number(question.minimum), _number(question.maximum)
        unit = f" {question.unit}" if question.unit else ""
        return "", f"{low} .. {high}{unit}".strip()
    return "", ""


def codebook_frame(instrument: Instrument, language: str = "nl") -> pd.DataFrame:
    """The codebook as a table (see :data:`CODEBOOK_COLUMNS`), labels in ``language``."""
    exported = {q.id for q in exported_questions(instrument)}
    membership: dict[str, list[str]] = {}
    for scale in instrument.scales:
        for item in scale.items:
            membership.setdefault(item, []).append(scale.key)
    sections = {s.id: translate(s.title, language) for s in instrument.sections}
    meta_names = (*META_COLUMNS[:2], NAME_COLUMN, *META_COLUMNS[2:])
    rows = []
    for name in meta_names:
        kind, value_range, note = META_TYPES[name]
        values, label = "", translate(META_LABELS[name], language)
        question = instrument.questions.get(name)
        if question is not None:  # a question the platform fills in (sector, size class, name)
            values, question_range = _options_text(question, language)
            value_range = question_range or value_range
            note = (
                f"{note}; filled in from the organization's record, not asked; "
                f"question: {item_label(question, instrument, language)}"
            )
        rows.append(
            {
                "variable": name,
                "kind": "meta",
                "label": label,
                "type": kind,
                "values": values,
                "range": value_range,
                "section": sections.get(question.section, "") if question is not None else "",
                "questionnaire": ", ".join(question.variants) if question is not None else "",
                "in_exports": "items, scales" if name != NAME_COLUMN else "only on request",
                "notes": note,
            }
        )
    for question in instrument.questions.values():
        if question.id in meta_names:
            continue
        values, value_range = _options_text(question, language)
        scales = membership.get(question.id, [])
        if question.id in exported:
            where = "items" if scales else "items, scales"
            note = ""
        elif question.platform_field:
            where = ""
            note = f"filled in by the platform; exported as the meta column '{question.platform_field}'"
        else:
            where = ""
            note = "free text: never exported (it could identify someone)"
        if question.only_if:
            note = "; ".join(
                filter(None, [note, f"asked when {question.only_if[0]} = {question.only_if[1]}"])
            )
        rows.append(
            {
                "variable": question.id,
                "kind": "question",
                "label": item_label(question, instrument, language),
                "type": question.type,
                "values": values,
                "range": value_range,
                "reverse_keyed": "yes" if question.reverse else "",
                "scales": ", ".join(scales),
                "section": sections.get(question.section, question.section),
                "questionnaire": ", ".join(question.variants),
                "in_exports": where,
                "notes": note,
            }
        )
    rows += _recoded_and_dummy_rows(instrument, language, exported)
    for scale in instrument.scales:
        low, high = scale.metric
        needed = min(max(1, math.ceil(scale.min_answered * len(scale.items) - 1e-9)), len(scale.items))
        reversed_items = [i for i in scale.items if instrument.questions[i].reverse]
        parts = [f"mean of the answered items; needs at least {needed} of {len(scale.items)}"]
        if reversed_items:
            parts.append("reverse keyed: " + ", ".join(reversed_items))
        if scale.rescale_items:
            parts.append(f"items first mapped linearly onto {_number(low)}-{_number(high)}")
        variants = sorted({v for i in scale.items for v in instrument.questions[i].variants})
        rows.append(
            {
                "variable": scale.key,
                "kind": "scale",
                "label": translate(scale.label, language),
                "type": "scale score (mean)",
                "range": f"{_number(low)} .. {_number(high)}",
                "items": ", ".join(scale.items),
                "section": scale.group,
                "questionnaire": ", ".join(variants),
                "in_exports": "items, scales",
                "notes": "; ".join(parts),
            }
        )
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS).fillna("")


#: The rule of each regression dummy, in words (the code is in leerscan.analytics.dataset).
DUMMY_RULES = {
    "gender_male": "1 = gender 2 (male), 0 = gender 1 (female); gender 3-5 (non-binary, prefer not to say, "
    "self-description) are missing (.sav: -3), as in the regressions",
    "manager": "1 = role 2-4 (team leader, manager, director), 0 = role 1 (employee)",
}


def _recoded_and_dummy_rows(instrument: Instrument, language: str, exported: set[str]) -> list[dict]:
    """Codebook rows of the columns exports add: recoded copies of reverse-keyed items and the dummies."""
    rows = []
    for question in instrument.questions.values():
        if question.reverse and question.id in exported:
            values, value_range = _options_text(question, language)
            rows.append(
                {
                    "variable": question.id + spss.RECODED_SUFFIX,
                    "kind": "recoded",
                    "label": f"{translate(spss.RECODED_MARK, language)} "
                    f"{item_label(question, instrument, language)}",
                    "type": question.type,
                    "range": value_range,
                    "section": question.section,
                    "questionnaire": ", ".join(question.variants),
                    "in_exports": "items",
                    "notes": f"{question.id} reverse scored: low + high - answer; the scales use this copy",
                }
            )
    for name, spec in DERIVED_VARIABLES.items():
        rows.append(
            {
                "variable": name,
                "kind": "derived",
                "label": translate(spec.label, language),
                "type": "dummy (0/1)",
                "values": "0; 1",
                "range": "0 .. 1",
                "questionnaire": ", ".join(instrument.questions[spec.source].variants),
                "in_exports": "items, scales",
                "notes": DUMMY_RULES.get(name, f"from {spec.source}"),
            }
        )
    return rows


def codebook_html(instrument: Instrument, language: str = "nl") -> str:
    """The codebook as a standalone, printable HTML page."""
    table = codebook_frame(instrument, language)
    esc = html.escape
    title = f"Codebook: {translate(instrument.title, language)}"
    headers = "".join(f'<th scope="col">{esc(c.replace("_", " "))}</th>' for c in CODEBOOK_COLUMNS)
    body = []
    groups = (("meta", "Meta columns"), ("question", "Questions"), ("recoded", "Recoded items"))
    groups += (("derived", "Dummies of the regressions"), ("scale", "Scales"))
    for kind, heading in groups:
        body.append(f'<tr class="group"><th colspan="{len(CODEBOOK_COLUMNS)}">{heading}</th></tr>')
        for _, row in table[table["kind"] == kind].iterrows():
            cells = []
            for column in CODEBOOK_COLUMNS:
                text = esc(str(row[column]))
                if column == "values":
                    text = "<br>".join(esc(v) for v in str(row[column]).split("; "))
                tag = 'th scope="row"' if column == "variable" else "td"
                cells.append(f"<{tag}>{text}</{tag.split()[0]}>")
            body.append(f'<tr id="var-{esc(row["variable"])}">{"".join(cells)}</tr>')
    return f"""<!doctype html>
<html lang="{esc(language)}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
  @page {{ size: A4 landscape; margin: 12mm; }}
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; color: #000; margin: 1rem; }}
  h1 {{ font-size: 14pt; }} table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 0.5pt solid #999; padding: 2px 4px; text-align: left; vertical-align: top; }}
  thead th {{ background: #eee; }} tr.group th {{ background: #dde6f0; font-size: 10pt; }}
  tr {{ break-inside: avoid; }}
</style></head>
<body>
<h1>{esc(title)}</h1>
<p>Instrument <code>{esc(instrument.id)}</code> version {esc(instrument.version)} · labels in
<code>{esc(language)}</code> · generated {date.today().isoformat()} by leerscan. Item texts are copyright
of the original authors of the scales: {esc(translate(instrument.attribution, language))}</p>
<p>Exports: <em>items</em> files hold the meta columns, every question marked "items" (a reverse-keyed
item followed by its recoded copy), the dummies, then the scales; <em>scales</em> files hold the meta
columns, the background questions, the dummies, then the scales. Empty cells are empty in CSV and
Parquet. In SPSS (.sav) an empty cell of a question, dummy or scale is a declared user-missing code:
-1 = not answered (or too few answers for a scale score), -2 = not asked (not on the respondent's
short questionnaire, or a follow-up question whose condition was not met), -3 = outside a dummy's
rule. Value labels longer than SPSS's 120 bytes are written as the option's short label; this
codebook has the full text.</p>
<table><thead><tr>{headers}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""
