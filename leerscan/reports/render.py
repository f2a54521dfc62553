"""The organization report as HTML (page or standalone document) and as PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from leerscan.analytics.organization import AGREE_CUT, CLEAR_DIFFERENCE, SMALL_DIFFERENCE
from leerscan.core.charts import as_image
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.reports.build import MIN_N_FOR_ALPHA, NOTABLE_ROLE_GAP, Report, benchmark_label
from leerscan.reports.charts import fit_chart, score_chart
from leerscan.reports.norms import PUBLISHED, published_benchmark


def _words() -> dict[str, str]:
    return {
        "clearly_higher": _("clearly stronger"),
        "somewhat_higher": _("somewhat stronger"),
        "same": _("about the same"),
        "somewhat_lower": _("somewhat weaker"),
        "clearly_lower": _("clearly weaker"),
        "unknown": "–",
    }


def _warnings() -> dict[str, str]:
    return {
        "size_ratio": _("The two rounds have very different numbers of respondents."),
        "small": _("At least one round has fewer than 10 respondents, so changes are uncertain."),
        "composition": _("The share of managers among the respondents differs a lot between the rounds."),
    }


def _published_source() -> str:
    return _(
        "evaluation report “Competentiechecks voor ondernemingen” (2024), tables 2 and 3: a survey of "
        "%(n)s employees of Flemish SMEs, October 2023 to June 2024"
    ) % {"n": published_benchmark().respondents}


def report_context(report: Report, standalone: bool) -> dict:
    """Template context; call with the report's language active."""
    context = {
        "report": report,
        "organization": report.organization,
        "scan_round": report.scan_round,
        "standalone": standalone,
        "language": report.language,
        "threshold": report.threshold,
    }
    if report.maturity is not None:
        section = report.maturity
        current = [profile["label"] for profile in section.profiles]
        context["maturity_chart"] = as_image(
            fit_chart(section.fits, current),
            _("Chart: how well each learning and development profile fits your organization (0 to 100)."),
        )
    if not report.shown:
        return context
    words = _words()
    for row in report.rows:
        row.words_text = words[row.words]
    instrument = get_instrument(report.scan_round.instrument_id)
    bench = benchmark_label(report.benchmark)
    chart_rows = [
        {
            "label": row.label,
            "mean": row.estimate.mean,
            "ci_low": row.estimate.ci_low,
            "ci_high": row.estimate.ci_high,
            "benchmark": row.benchmark_mean,
        }
        for row in report.climate
    ]
    context.update(
        {
            "benchmark_label": bench,
            "benchmark_source": _published_source() if report.benchmark.kind == PUBLISHED else bench,
            "climate_chart": as_image(
                score_chart(chart_rows, 1, 5, report.organization.name, _("Benchmark")),
                _(
                    "Chart: your score per learning-climate condition with a bar for its uncertainty, "
                    "and the benchmark. The table below gives the same numbers."
                ),
            )
            if chart_rows
            else "",
            "warnings": [_warnings()[code] for code in report.previous_warnings],
            "attribution": translate(instrument.attribution, report.language),
            "agree_cut": AGREE_CUT,
            "small_difference": SMALL_DIFFERENCE,
            "clear_difference": CLEAR_DIFFERENCE,
            "min_n_for_alpha": MIN_N_FOR_ALPHA,
            "notable_gap": NOTABLE_ROLE_GAP,
        }
    )
    return context


def report_html(report: Report) -> str:
    """A standalone HTML document (inline style and charts), the same content as the PDF."""
    with translation.override(report.language):
        return render_to_string("reports/document.html", report_context(report, standalone=True))


def report_pdf(report: Report) -> bytes:
    """The report as PDF."""
    return html_to_pdf(report_html(report))


def report_filename(report: Report, extension: str) -> str:
    """A file name like ``leerscan-de-leerfabriek-wave1.pdf``."""
    from django.utils.text import slugify

    return f"leerscan-{slugify(report.organization.name)}-wave{report.scan_round.wave}.{extension}"
