"""Item- and scale-level data files for researchers: CSV, SPSS (.sav) and Parquet.

An export starts from a frame built by :func:`leerscan.analytics.dataset.build_analysis_frame` and
keeps only known columns, in a fixed order: the meta columns (respondent sequence number,
pseudonymous organization code, lot, sector, size class, wave, language, source), then the items
(item level) or the background questions (scale level), then the scale scores. Tokens, resume codes,
linking codes and free-text answers never reach that frame, and the organization's name only when
asked for explicitly (``with_names``).

SPSS files carry variable labels (the question text, or the scale label, in the chosen language)
and value labels (the response options); Parquet files carry the same labels as JSON in the file's
metadata (key ``leerscan``). Plain Python (pandas, pyreadstat, pyarrow): no Django import.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from leerscan.analytics import spss
from leerscan.analytics.dataset import (
    DERIVED_VARIABLES,
    META_COLUMNS,
    NAME_COLUMN,
    exported_questions,
    variable_label,
    with_derived,
)
from leerscan.instrument.model import Instrument, translate

__all__ = [
    "FORMATS",
    "LEVELS",
    "export_bytes",
    "export_frame",
    "organization_code",
    "value_labels",
    "variable_labels",
    "write_export",
]

FORMATS = ("csv", "sav", "parquet")
LEVELS = ("items", "scales")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "sav": "application/x-spss-sav",
    "parquet": "application/vnd.apache.parquet",
}
INTEGER_META = ("respondent", "lot", "size_class", "wave")
STRING_META = ("organization", NAME_COLUMN, "sector", "language", "source", spss.VARIANT_COLUMN)
SPSS_LABEL_LIMIT = 255  # bytes: longer variable labels are cut (SPSS's own limit is 256)


def organization_code(organization_id: object, key: str) -> str:
    """A stable pseudonym for an organization: ``ORG-`` + 8 hex digits of HMAC-SHA256(key, id).

    Without the key (the site's secret key) the code cannot be traced back to the organization;
    the same organization always gets the same code on the same site, so files can be combined.
    """
    digest = hmac.new(str(key).encode(), str(organization_id).encode(), hashlib.sha256).hexdigest()
    return "ORG-" + digest[:8].upper()


def _integer_coded(instrument: Instrument, name: str) -> bool:
    question = instrument.questions.get(name)
    if question is None:
        return False
    return question.type in ("likert", "single_choice") or question.integer


def export_frame(
    frame: pd.DataFrame, instrument: Instrument, level: str = "items", *, with_names: bool = False
) -> pd.DataFrame:
    """The columns of an export, in order, with integer codes as nullable integers.

    ``level="items"``: meta columns, every exported question (a reverse-keyed item followed by its
    recoded copy ``<item>_r``), the regression dummies (:data:`DERIVED_VARIABLES`), then the scales.
    ``level="scales"``: meta columns, the background questions (those in no scale: role, age,
    gender, ...), the dummies, then the scales. The organization's name (column
    ``organization_name``) is kept only with ``with_names``.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    in_scales = {item for scale in instrument.scales for item in scale.items}
    questions = [q.id for q in exported_questions(instrument)]
    if level == "scales":
        questions = [q for q in questions if q not in in_scales]
    meta = [c for c in META_COLUMNS if c in frame.columns]
    if with_names and NAME_COLUMN in frame.columns:
        meta.insert(meta.index("organization") + 1 if "organization" in meta else 0, NAME_COLUMN)
    columns = [*meta]
    frame = frame.copy()
    for question in (q for q in questions if q in frame.columns):
        columns.append(question)
        if instrument.questions[question].reverse:
            frame[question + spss.RECODED_SUFFIX] = spss.recoded(frame[question], instrument, question)
            columns.append(question + spss.RECODED_SUFFIX)
    dummies = [d for d, spec in DERIVED_VARIABLES.items() if spec.source in frame.columns]
    frame = with_derived(frame, dummies)
    columns += dummies
    columns += [k for k in instrument.scale_keys if k in frame.columns]
    out = frame.loc[:, columns].copy()
    for name in out.columns:
        if name in INTEGER_META or name in dummies or _integer_coded(instrument, spss.source_question(name)):
            values = pd.to_numeric(out[name], errors="coerce")
            whole = values.dropna()
            if (whole == np.round(whole)).all():
                out[name] = values.round().astype("Int64")
        elif name in STRING_META:
            out[name] = out[name].astype("string")
        else:
            out[name] = pd.to_numeric(out[name], errors="coerce").astype(float)
    return out.reset_index(drop=True)


def variable_labels(columns, instrument: Instrument, language: str = "nl") -> dict[str, str]:
    """Variable label per column: question text (with its stem), scale label or meta description.

    A reverse-keyed item's label says so, and so does its recoded copy's (``<item>_r``).
    """
    labels = {}
    for name in columns:
        source = name if name in DERIVED_VARIABLES else spss.source_question(name)
        label = variable_label(source, instrument, language, short=False)
        question = instrument.questions.get(source)
        if question is not None and question.reverse:
            mark = spss.RECODED_MARK if name != source else spss.REVERSED_MARK
            label = f"{translate(mark, language)} {label}"
        labels[name] = label
    return labels


def value_labels(
    columns,
    instrument: Instrument,
    language: str = "nl",
    lot_labels: Mapping[int, str] | None = None,
    *,
    short: bool = False,
) -> dict[str, dict[int, str]]:
    """Value labels per column: the response options of items and choice questions, size classes, lots.

    A recoded copy ``<item>_r`` carries the options mirrored (value ``v`` is the answer ``low + high - v``).
    ``short``: an option's ``short_label`` where it has one (for SPSS's 120-byte value labels).
    """
    labels: dict[str, dict[int, str]] = {}
    for name in columns:
        if name == "lot":
            if lot_labels:
                labels[name] = {int(k): str(v) for k, v in lot_labels.items()}
            continue
        source = spss.source_question(name)
        question = instrument.questions.get(source) if name not in DERIVED_VARIABLES else None
        if question is None:
            continue
        options = question.response_scale.options if question.response_scale else question.options
        if options:
            pick = {o.code: translate((short and o.short_label) or o.label, language) for o in options}
            if name != source:  # recoded copy
                low, high = min(pick), max(pick)
                pick = {low + high - code: text for code, text in pick.items()}
            labels[name] = {int(code): text for code, text in sorted(pick.items())}
    return labels


def _measure(name: str, instrument: Instrument) -> str:
    question = None if name in DERIVED_VARIABLES else instrument.questions.get(spss.source_question(name))
    if name in instrument.scale_keys or (question is not None and question.type == "number"):
        return "scale"
    if name in ("size_class", "wave") or (question is not None and question.type == "likert"):
        return "ordinal"
    return "nominal"


def _spss_label(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= SPSS_LABEL_LIMIT:
        return text
    return data[: SPSS_LABEL_LIMIT - 3].decode("utf-8", errors="ignore").rstrip() + "..."


def write_export(
    data: pd.DataFrame,
    path: str | Path,
    fmt: str,
    instrument: Instrument,
    *,
    language: str = "nl",
    lot_labels: Mapping[int, str] | None = None,
) -> Path:
    """Write an :func:`export_frame` to ``path`` as ``csv``, ``sav`` or ``parquet``.

    The file is written next to ``path`` first and renamed when complete, so a half-written file
    never appears under the final name.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    labels = variable_labels(data.columns, instrument, language)
    values = value_labels(data.columns, instrument, language, lot_labels)
    if fmt == "csv":
        data.to_csv(tmp, index=False, encoding="utf-8")
    elif fmt == "sav":
        import pyreadstat

        coded = spss.missing_codes(data, instrument)
        declared = [n for n in data.columns if n not in META_COLUMNS and n != NAME_COLUMN]
        short = value_labels(data.columns, instrument, language, lot_labels, short=True)
        for name in declared:
            missing = spss.missing_labels(language)
            if name not in DERIVED_VARIABLES:
                missing.pop(spss.NOT_IN_DUMMY)
            short[name] = {**missing, **short.get(name, {})}
        sav = coded
        for name in sav.columns:
            if isinstance(sav[name].dtype, pd.StringDtype):
                sav[name] = sav[name].astype(object).where(sav[name].notna(), "")
            else:
                sav[name] = sav[name].astype(float)
        formats = {}
        for name in data.columns:
            if str(data[name].dtype) == "Int64":
                widest = data[name].dropna().abs().max() if data[name].notna().any() else 1
                formats[name] = f"F{max(2, len(str(int(widest))) + 1)}.0"
            elif name in instrument.scale_keys:
                formats[name] = "F8.4"
        pyreadstat.write_sav(
            sav,
            str(tmp),
            file_label=_spss_label(translate(instrument.title, language)),
            column_labels={k: _spss_label(v) for k, v in labels.items()},
            variable_value_labels=spss.spss_value_labels(short),
            missing_ranges={name: list(spss.MISSING_CODES) for name in declared},
            variable_measure={name: _measure(name, instrument) for name in data.columns},
            variable_format=formats,
            note=f"leerscan export, instrument {instrument.id} {instrument.version}",
        )
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(data, preserve_index=False)
        described = {
            "instrument": f"{instrument.id} {instrument.version}",
            "language": language,
            "variable_labels": labels,
            "value_labels": {k: {str(c): t for c, t in v.items()} for k, v in values.items()},
        }
        metadata = dict(table.schema.metadata or {})
        metadata[b"leerscan"] = json.dumps(described, ensure_ascii=False).encode("utf-8")
        pq.write_table(table.replace_schema_metadata(metadata), tmp)
    os.replace(tmp, path)
    return path


def export_bytes(data: pd.DataFrame, fmt: str, instrument: Instrument, **options) -> bytes:
    """The file :func:`write_export` would write, as bytes (for a download)."""
    with tempfile.TemporaryDirectory(prefix="leerscan-export-") as directory:
        path = write_export(data, Path(directory) / f"export.{fmt}", fmt, instrument, **options)
        return path.read_bytes()
