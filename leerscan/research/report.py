"""The chapter-6 analysis as display-ready tables (workspace page, HTML and PDF report, CSV files).

Used by the views and by ``leerscan analyze``. Organizations are never named: the selection is
described by its filters and its number of respondents and organizations only.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from leerscan.analytics.correlation import DASH
from leerscan.analytics.dataset import (
    Chapter6,
    chapter6_analysis,
    format_apa,
    format_p,
    variable_label,
)
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument
from leerscan.research.data import Filters, load_frame


def group_labels() -> dict[str, str]:
    return {
        "employability": _("Employability competences"),
        "outcomes": _("Outcomes"),
        "learning_activities": _("Learning activities"),
        "learning_climate": _("Learning climate"),
    }


def _fixed(value: float, decimals: int = 2) -> str:
    return "" if value is None or not np.isfinite(value) else f"{value:.{decimals}f}"


def _metric_max(instrument: Instrument, key: str) -> str:
    high = instrument.scale(key).metric[1]
    return f"/{int(high) if float(high).is_integer() else high}"


def _note_text(key: str, message: str, instrument: Instrument, language: str) -> str:
    kind, _sep, name = key.partition(":")
    label = variable_label(name, instrument, language) if name else ""
    what = {
        "alpha": _("Cronbach's alpha of %(scale)s") % {"scale": label},
        "spearman": _("Correlations of %(scale)s") % {"scale": label} if name else _("Correlation table"),
        "regression": _("Regression for %(scale)s") % {"scale": label},
    }.get(kind, key)
    return f"{what}: {message}"


def analysis_context(result: Chapter6, instrument: Instrument, language: str) -> dict:
    """Formatted tables 2-6 of the report for templates."""
    groups = group_labels()
    reliability = []
    order = list(dict.fromkeys(result.reliability["group"]))  # groups in order of first appearance
    ranked = result.reliability.assign(_rank=result.reliability["group"].map(order.index))
    current = None
    for key, row in ranked.sort_values("_rank", kind="stable").iterrows():
        if row["group"] != current:
            current = row["group"]
            reliability.append({"heading": groups.get(current, current)})
        ci = ""
        if np.isfinite(row["ci_low"]):
            ci = f"[{format_apa(row['ci_low'])}, {format_apa(row['ci_high'])}]"
        reliability.append(
            {
                "key": key,
                "label": variable_label(key, instrument, language),
                "items": int(row["items"]),
                "n": int(row["n"]) if row["items"] > 1 else "",
                "alpha": format_apa(row["alpha"]) or DASH,
                "alpha_value": row["alpha"],
                "ci": ci,
            }
        )

    correlations = None
    if result.spearman is not None:
        formatted = result.spearman.format_table()
        keys = list(formatted.index)
        rows = []
        for number, key in enumerate(keys, 1):
            cells = [formatted.loc[key, str(j)] for j in range(1, len(keys) + 1)]
            rows.append(
                {
                    "number": number,
                    "key": key,
                    "label": variable_label(key, instrument, language),
                    "mean": _fixed(result.spearman.mean[key]),
                    "max": _metric_max(instrument, key),
                    "sd": format_apa(result.spearman.sd[key]),
                    "n": int(result.spearman.count[key]),
                    "cells": cells,
                }
            )
        pair_n = result.spearman.n.to_numpy()[np.tril_indices(len(keys), -1)]
        correlations = {
            "columns": list(range(1, len(keys) + 1)),
            "rows": rows,
            "n_min": int(pair_n.min()) if pair_n.size else 0,
            "n_max": int(pair_n.max()) if pair_n.size else 0,
        }

    regressions = []
    for number, (outcome, steps) in enumerate(result.regressions.items(), start=4):
        models = [
            {
                "step": s.step,
                "r2": format_apa(s.r2, 3),
                "adj_r2": format_apa(s.adj_r2, 3),
                "r2_change": format_apa(s.r2_change, 3),
                "f_change": _fixed(s.f_change, 3),
                "df1": s.df1,
                "df2": s.df2,
                "p": format_p(s.p_f_change),
            }
            for s in steps
        ]
        coefficients = []
        for s in steps:
            rows = []
            for predictor, values in s.coefficients.iterrows():
                rows.append(
                    {
                        "label": _("Constant")
                        if predictor == "const"
                        else variable_label(predictor, instrument, language),
                        "B": format_apa(values["B"], 3),
                        "SE": format_apa(values["SE"], 3),
                        "Beta": format_apa(values["Beta"], 3),
                        "t": format_apa(values["t"], 3),
                        "p": format_p(values["p"]),
                    }
                )
            coefficients.append({"step": s.step, "rows": rows})
        regressions.append(
            {
                "number": number,
                "outcome": outcome,
                "label": variable_label(outcome, instrument, language),
                "n": steps[0].n,
                "models": models,
                "coefficients": coefficients,
            }
        )

    blocks = [", ".join(variable_label(v, instrument, language) for v in block) for block in result.blocks]
    return {
        "result": result,
        "reliability": reliability,
        "correlations": correlations,
        "regressions": regressions,
        "blocks": blocks,
        "notes": [_note_text(k, v, instrument, language) for k, v in result.notes.items()],
    }


def threshold() -> int:
    return settings.LEERSCAN_ANONYMITY_THRESHOLD


def run_analysis(filters: Filters, language: str, progress=None) -> dict:
    """Load the selection and analyse it; returns the template context (``shown`` False if too small).

    The analysis frame itself is returned under ``frame`` for callers that need it (not rendered).
    ``progress`` is called after loading the data and after every analysis step.
    """
    instrument = get_instrument()
    frame = load_frame(filters, instrument)
    if progress is not None:
        progress("data")
    n = len(frame)
    context = {
        "n": n,
        "organizations": int(frame["organization"].nunique()) if n else 0,
        "threshold": threshold(),
        "shown": n >= threshold(),
        "filters_described": filters.describe(instrument, language),
        "instrument": instrument,
        "instrument_label": f"{instrument.id} {instrument.version}",
        "generated": timezone.now(),
        "frame": frame,
    }
    if context["shown"]:
        result = chapter6_analysis(frame, instrument, min_n=threshold(), progress=progress)
        context.update(analysis_context(result, instrument, language))
    return context


def report_html(context: dict) -> str:
    return render_to_string("research/report.html", context)


def report_pdf(html: str) -> bytes:
    return html_to_pdf(html)


def table_csvs(result: Chapter6, instrument: Instrument, language: str) -> dict[str, bytes]:
    """Every table as CSV bytes (UTF-8 with BOM, so spreadsheet programs read the labels right)."""
    return {
        name: table.to_csv(index=False).encode("utf-8-sig")
        for name, table in result.tables(instrument, language).items()
    }


def tables_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{name}.csv", data)
    return buffer.getvalue()
