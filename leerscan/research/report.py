"""The chapter-6 analysis as display-ready tables (workspace page, HTML and PDF report, CSV files).

Used by the views and by ``leerscan analyze``. Organizations are never named: the selection is
described by its filters and its number of respondents and organizations only.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from leerscan.analytics.chapter6 import Chapter6, chapter6_analysis
from leerscan.analytics.correlation import DASH
from leerscan.analytics.dataset import format_apa as _apa_point
from leerscan.analytics.dataset import format_p as _p_point
from leerscan.analytics.dataset import variable_label
from leerscan.analytics.evaluation import Aggregation, WaveComparison, aggregation_analysis, wave_comparison
from leerscan.core.pdf import html_to_pdf
from leerscan.core.typography import decimal_mark, interval, labelled
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import Instrument
from leerscan.research import methods
from leerscan.research.data import Filters, left_out, linking_keys, load_frame

#: Progress steps of :func:`run_analysis` after the chapter-6 analysis (agreement, waves).
EXTRA_STEPS = 2


def group_labels() -> dict[str, str]:
    return {
        "employability": _("Employability competences"),
        "outcomes": _("Outcomes"),
        "learning_activities": _("Learning activities"),
        "learning_climate": _("Learning climate"),
    }


def format_apa(value: float | None, decimals: int = 2) -> str:
    """APA's ".77" with the page's decimal mark (",77" in French): the research page and its report."""
    return decimal_mark(_apa_point(value, decimals))


def format_p(p: float | None) -> str:
    return decimal_mark(_p_point(p))


def _fixed(value: float, decimals: int = 2) -> str:
    return "" if value is None or not np.isfinite(value) else decimal_mark(f"{value:.{decimals}f}")


def _metric_max(instrument: Instrument, key: str) -> str:
    high = instrument.scale(key).metric[1]
    return f"/{int(high) if float(high).is_integer() else high}"


def _note_text(key: str, message: str, instrument: Instrument, language: str) -> str:
    kind, _sep, name = key.partition(":")
    label = variable_label(name, instrument, language) if name else ""
    what = {
        "alpha": _("Cronbach's alpha of %(scale)s") % {"scale": label},
        "omega": _("McDonald's omega of %(scale)s") % {"scale": label},
        "spearman": _("Correlations of %(scale)s") % {"scale": label} if name else _("Correlation table"),
        "regression": _("Regression for %(scale)s") % {"scale": label},
        "agreement": _("Agreement within organizations on %(scale)s") % {"scale": label},
        "independent": _("Wave comparison of %(scale)s") % {"scale": label},
        "paired": _("Paired comparison of %(scale)s") % {"scale": label} if name else _("Paired comparison"),
        "waves": _("Wave comparison"),
    }.get(kind, key)
    return labelled(what, message)


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
            ci = interval(format_apa(row["ci_low"]), format_apa(row["ci_high"]))
        reliability.append(
            {
                "key": key,
                "label": variable_label(key, instrument, language),
                "items": int(row["items"]),
                "n": int(row["n"]) if row["items"] > 1 else "",
                "n_scored": int(row["n_scored"]),
                "alpha": format_apa(row["alpha"]) or DASH,
                "alpha_value": row["alpha"],
                "ci": ci,
                "omega": format_apa(row.get("omega", np.nan)) or DASH,
            }
        )

    correlations = None
    if result.spearman is not None:
        formatted = result.spearman.format_table()
        keys = list(formatted.index)
        rows = []
        for number, key in enumerate(keys, 1):
            cells = [decimal_mark(formatted.loc[key, str(j)]) for j in range(1, len(keys) + 1)]
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
                "r": format_apa(s.r, 3),
                "se": _fixed(s.residual_sd, 3),
                "dw": _fixed(s.durbin_watson, 2),
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
                        "ci": interval(_fixed(values["ci_low"], 3), _fixed(values["ci_high"], 3)),
                        "part": format_apa(values["part"], 3),
                        "vif": _fixed(values["VIF"], 2),
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

    implausible = [row for row in reliability if "key" in row and implausible_alpha(row["alpha_value"])]
    for row in implausible:
        row["implausible"] = True
    blocks = [", ".join(variable_label(v, instrument, language) for v in block) for block in result.blocks]
    after = 4 + len(regressions)  # tables 2 and 3, then one per regression
    return {
        "table_numbers": {"agreement": after, "waves": after + 1, "paired": after + 2},
        "result": result,
        "reliability": reliability,
        "correlations": correlations,
        "regressions": regressions,
        "blocks": blocks,
        "notes": [_note_text(k, v, instrument, language) for k, v in result.notes.items()],
        "alpha_warnings": [alpha_warning(row) for row in implausible],
    }


def implausible_alpha(alpha: float) -> bool:
    """Cronbach's alpha below 0 or above 1 cannot describe items that measure one thing."""
    return alpha is not None and np.isfinite(alpha) and not 0 <= alpha <= 1


def alpha_warning(row: dict) -> str:
    """A plain-language note on an implausible alpha (see :func:`implausible_alpha`)."""
    return _(
        "%(scale)s: Cronbach's alpha is %(alpha)s, which is not possible for items that measure the "
        "same thing. Its items do not hang together in this selection, or answers are scored the wrong "
        "way (a reverse-keyed item not mirrored, or codes of another response scale). Check the "
        "answers and the scoring before using this scale."
    ) % {"scale": row["label"], "alpha": row["alpha"]}


def _signed(value: float, decimals: int = 2) -> str:
    return "" if value is None or not np.isfinite(value) else decimal_mark(f"{value:+.{decimals}f}")


def _interval(low: float, high: float) -> str:
    return interval(_signed(low), _signed(high)) if np.isfinite(low) and np.isfinite(high) else ""


def agreement_context(aggregation: Aggregation, instrument: Instrument, language: str) -> list[dict]:
    """Rows of the agreement table: ICC(1), ICC(2) and rwg(j) (mean, median, range, organizations at
    .70 or more, complete respondents) per learning-climate scale."""
    return [
        {
            "key": key,
            "label": variable_label(key, instrument, language),
            "organizations": int(row["organizations"]),
            "n": int(row["n"]),
            "icc1": format_apa(row["icc1"]) or DASH,
            "icc2": format_apa(row["icc2"]) or DASH,
            "rwg_j": format_apa(row["rwg_j_mean"]) or DASH,
            "rwg_j_median": format_apa(row["rwg_j_median"]) or DASH,
            "rwg_j_range": interval(format_apa(row["rwg_j_min"]), format_apa(row["rwg_j_max"]))
            if np.isfinite(row["rwg_j_min"])
            else DASH,
            "rwg_j_at_70": int(row["rwg_j_at_70"]),
            "rwg_j_organizations": int(row["rwg_j_organizations"]),
            "rwg_j_n": int(row["rwg_j_n"]),
            "options": "" if not np.isfinite(row["options"]) else int(row["options"]),
        }
        for key, row in aggregation.table.iterrows()
    ]


def waves_context(waves: WaveComparison, instrument: Instrument, language: str) -> dict:
    """Rows of the pre/post tables: independent groups and linked pairs (post minus pre)."""
    independent = [
        {
            "key": key,
            "label": variable_label(key, instrument, language),
            "n_pre": int(row["n_pre"]),
            "n_post": int(row["n_post"]),
            "mean_pre": _fixed(row["mean_pre"]),
            "mean_post": _fixed(row["mean_post"]),
            "diff": _signed(row["mean_diff"]),
            "ci": _interval(row["ci_low"], row["ci_high"]),
            "p": format_p(row["p_t"]),
            "p_u": format_p(row["p_u"]),
            "g": format_apa(row["hedges_g"]),
        }
        for key, row in waves.independent.iterrows()
    ]
    paired = [
        {
            "key": key,
            "label": variable_label(key, instrument, language),
            "n": int(row["n"]),
            "mean_pre": _fixed(row["mean_pre"]),
            "mean_post": _fixed(row["mean_post"]),
            "diff": _signed(row["mean_diff"]),
            "ci": _interval(row["ci_low"], row["ci_high"]),
            "p": format_p(row["p_t"]),
            "p_w": format_p(row["p_wilcoxon"]),
            "dz": format_apa(row["cohens_dz"]),
        }
        for key, row in waves.paired.iterrows()
    ]
    return {
        "result": waves,
        "independent": independent,
        "paired": paired,
        "post_waves": ", ".join(str(w) for w in waves.post_waves),
    }


def extra_tables(
    aggregation: Aggregation, waves: WaveComparison, instrument: Instrument, language: str
) -> dict[str, pd.DataFrame]:
    """The agreement and pre/post tables for CSV files (raw numbers, with the scale label)."""

    def labelled(table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        table.insert(0, "label", [variable_label(k, instrument, language) for k in table.index])
        return table.rename_axis("scale").reset_index()

    return {
        "agreement": labelled(aggregation.table),
        "waves": labelled(waves.independent),
        "waves_paired": labelled(waves.paired),
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
    tick = progress or (lambda _label: None)
    tick("data")
    n = len(frame)
    context = {
        "left_out": left_out(filters, instrument),
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
        minimum = threshold()
        result = chapter6_analysis(frame, instrument, min_n=minimum, omega=True, progress=progress)
        context.update(analysis_context(result, instrument, language))
        aggregation = aggregation_analysis(frame, instrument, min_n=minimum)
        tick("agreement")
        links = linking_keys(filters, instrument)
        waves = wave_comparison(frame, instrument, links=links, min_n=minimum)
        tick("waves")
        context["aggregation"] = aggregation
        context["agreement"] = agreement_context(aggregation, instrument, language)
        context["waves"] = waves_context(waves, instrument, language)
        context["extra_tables"] = extra_tables(aggregation, waves, instrument, language)
        context["missing_statements"] = methods.missing_data_statements(result, instrument, frame, language)
        context["item_total"] = methods.item_total_context(result, instrument, language)
        context["extra_tables"]["methods"] = pd.DataFrame({"statement": context["missing_statements"]})
        notes = {f"agreement:{key}": note for key, note in aggregation.notes.items()}
        notes.update(waves.notes)
        context["notes"] = context["notes"] + [
            _note_text(key, message, instrument, language) for key, message in notes.items()
        ]
    return context


def report_html(context: dict) -> str:
    return render_to_string("research/report.html", context)


def report_pdf(html: str) -> bytes:
    return html_to_pdf(html)


def table_csvs(context: dict, language: str) -> dict[str, bytes]:
    """Every table of an analysis context (from :func:`run_analysis`) as CSV bytes (UTF-8 with BOM,
    so spreadsheet programs read the labels right)."""
    tables = context["result"].tables(context["instrument"], language)
    tables.update(context["extra_tables"])
    return {name: table.to_csv(index=False).encode("utf-8-sig") for name, table in tables.items()}


def tables_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{name}.csv", data)
    return buffer.getvalue()
