"""What the workspace's pages start and read: the analysis of a selection (from the cache, or from a
background job that makes it), and the report's PDF and the data exports as jobs."""

from __future__ import annotations

from django.http import Http404

from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job
from leerscan.jobs.services import start_job
from leerscan.research import cache, report
from leerscan.research.data import Filters, count_respondents, left_out
from leerscan.research.jobs import ANALYSIS, EXPORT, REPORT_PDF


def _counts(filters: Filters, language: str, n: int, instrument) -> dict:
    """What the page says on every visit, whatever is cached: who is in the selection and who not."""
    threshold = report.threshold()
    return {
        "n": n,
        "threshold": threshold,
        "shown": n >= threshold,
        "left_out": left_out(filters, instrument),
        "filters_described": filters.describe(instrument, language),
    }


def _latest_job(version: str) -> Job | None:
    """The newest analysis job for this data version (its key starts with the version)."""
    prefix = f"{ANALYSIS.name}:{version}"
    return Job.objects.filter(idempotency_key__startswith=prefix).order_by("-created_at").first()


def _start_analysis(user, filters: Filters, language: str, version: str, after: Job | None = None) -> Job:
    """One job per data version however many people open the page; ``after`` an earlier job that
    failed, or finished without keeping a result, another one."""
    key = f"{ANALYSIS.name}:{version}" + (f":{after.id}" if after else "")
    params = {**cache.filters_params(filters), "language": language, "version": version}
    return start_job(ANALYSIS.name, params, owner=user, language=language, key=key)


def open_analysis(user, filters: Filters, language: str) -> dict:
    """The workspace's context for a selection: the counts, and the analysis of the current data
    version from the cache, or the ``job`` making it (started here when none is under way).

    A failed job is shown with its message, not started again on every visit: see
    :func:`retry_analysis`.
    """
    instrument = get_instrument()
    version, n = cache.data_version(filters, language, instrument)
    context = _counts(filters, language, n, instrument)
    if not context["shown"]:
        return context
    analysis = cache.cached(version)
    if analysis is not None:
        return {**cache.context_of(analysis), **context}
    job = _latest_job(version)
    if job is None or job.status == Job.Status.DONE:  # a finished job kept nothing: the data moved on
        job = _start_analysis(user, filters, language, version, after=job)
    return {**context, "job": job}


def retry_analysis(user, filters: Filters, language: str) -> Job | None:
    """Start the analysis again after its job failed (once, however often the button is pressed)."""
    version, n = cache.data_version(filters, language)
    job = _latest_job(version)
    if n < report.threshold() or job is None or job.status != Job.Status.FAILED:
        return job
    return _start_analysis(user, filters, language, version, after=job)


def analysis_job(job_id) -> Job:
    """An analysis job, for any user of the workspace: its result is everybody's (unlike a file)."""
    job = Job.objects.filter(id=job_id, kind=ANALYSIS.name).first()
    if job is None:
        raise Http404
    return job


def cached_analysis(filters: Filters, language: str) -> tuple[dict, cache.CachedAnalysis] | None:
    """(the report's context, the cached analysis) of the current data version; None when it is not
    cached (yet) or the selection is too small."""
    instrument = get_instrument()
    version, n = cache.data_version(filters, language, instrument)
    analysis = cache.cached(version) if n >= report.threshold() else None
    if analysis is None:
        return None
    return {**cache.context_of(analysis), **_counts(filters, language, n, instrument)}, analysis


def start_report_pdf(user, filters: Filters, language: str, key: str = "") -> Job:
    params = {**cache.filters_params(filters), "language": language}
    return start_job(REPORT_PDF.name, params, owner=user, language=language, key=key)


def start_export(user, filters: Filters, options: dict, language: str, key: str = "") -> Job | dict:
    """Start an export file as a job; for a selection under the anonymity threshold no job is started
    and the counts come back for the page to explain why (see :func:`_counts`)."""
    instrument = get_instrument()
    n = count_respondents(filters, instrument)
    if n < report.threshold():
        return _counts(filters, language, n, instrument)
    return start_job(EXPORT.name, export_params(filters, options), owner=user, language=language, key=key)


def export_params(filters: Filters, options: dict) -> dict:
    """An export job's parameters: the filters, format, level, label language and with_names."""
    return {
        **cache.filters_params(filters),
        "format": options["format"],
        "level": options["level"],
        "language": options.get("language") or "nl",
        "with_names": bool(options.get("with_names")),
    }
