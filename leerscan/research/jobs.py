"""The workspace's background jobs: the analysis of a selection (kept per data version), its report as
a PDF, and the data exports.

Each makes a file or a cached result again without harm, so failures are retried with back-off. The
anonymity threshold is checked again when a job runs (the data may have changed since the page
asked), and the owner's role too: a job never hands out what its owner may no longer see.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_noop

from leerscan.accounts.access import role_of
from leerscan.accounts.models import Role
from leerscan.analytics.exports import export_bytes, export_frame
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.loader import get_instrument
from leerscan.jobs.registry import JobRefused, Kind, Output
from leerscan.research import cache, report
from leerscan.research.data import left_out, load_frame, lot_labels

TOO_FEW = gettext_noop(
    "Too few respondents match these filters (%(n)s; at least %(threshold)s are needed to protect "
    "everyone's anonymity). Nothing was made."
)
NO_ACCESS = gettext_noop("You can no longer use the evaluator workspace.")


def _check_owner(job) -> None:
    if job.owner is not None and role_of(job.owner) not in (Role.PROGRAMME, Role.ADMIN):
        raise JobRefused(NO_ACCESS)


def analysis_job(job, progress) -> Output:
    """params: the filters, language. Keeps the analysis under its data version (see cache.py)."""
    filters, language = cache.filters_from(job.params), job.params["language"]
    analysis = cache.compute(filters, language, progress)
    return Output(result={"version": analysis.version if analysis else None})


def report_context(filters, language: str, analysis) -> dict:
    """The report's template context: the cached analysis with what is counted on every visit."""
    instrument = get_instrument()
    return {
        **cache.context_of(analysis),
        "left_out": left_out(filters, instrument),
        "filters_described": filters.describe(instrument, language),
    }


def report_pdf_job(job, progress) -> Output:
    """params: the filters, language. Uses the cached analysis, or makes it first."""
    _check_owner(job)
    filters, language = cache.filters_from(job.params), job.params["language"]
    version, n = cache.data_version(filters, language)
    if n < report.threshold():
        raise JobRefused(TOO_FEW, n=n, threshold=report.threshold())
    analysis = cache.cached(version)
    if analysis is None:
        analysis = cache.compute(filters, language, progress)
        if analysis is None:  # the data changed meanwhile: a passing reason, tried again
            raise RuntimeError("the data changed while the analysis ran")
    progress.start(2)
    html = report.report_html(report_context(filters, language, analysis))
    progress.advance()
    content = html_to_pdf(html)
    progress.advance()
    return Output(file_name="leerscan-analysis-report.pdf", content=content)


def export_job(job, progress) -> Output:
    """params: the filters, format, level, language of the labels, with_names."""
    _check_owner(job)
    params = job.params
    filters, instrument = cache.filters_from(params), get_instrument()
    progress.start(3)
    frame = load_frame(filters, instrument, with_names=params["with_names"])
    if len(frame) < report.threshold():
        raise JobRefused(TOO_FEW, n=len(frame), threshold=report.threshold())
    progress.advance()
    table = export_frame(frame, instrument, params["level"], with_names=params["with_names"])
    progress.advance()
    content = export_bytes(
        table, params["format"], instrument, language=params["language"] or "nl", lot_labels=lot_labels()
    )
    progress.advance()
    return Output(
        file_name=f"leerscan-{params['level']}.{params['format']}",
        content=content,
        result={"respondents": len(table), "columns": int(table.shape[1])},
    )


ANALYSIS = Kind(
    name="research.analysis",
    run=analysis_job,
    title=gettext_noop("Programme analysis"),
    retries=2,
    keep=timedelta(days=1),
)
REPORT_PDF = Kind(
    name="research.report_pdf",
    run=report_pdf_job,
    title=gettext_noop("Programme analysis as PDF"),
    retries=2,
)
EXPORT = Kind(
    name="research.export",
    run=export_job,
    title=gettext_noop("Data export"),
    retries=2,
    keep=timedelta(days=1),
)
KINDS = (ANALYSIS, REPORT_PDF, EXPORT)
