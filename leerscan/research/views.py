"""The evaluator workspace (programme role and platform administrators only).

Every view is behind ``role_required(Role.PROGRAMME)`` (administrators pass too). Results and
exports of a selection with fewer respondents than ``LEERSCAN_ANONYMITY_THRESHOLD`` are never
produced; the page explains why instead. The analysis comes from the cache of its data version, or a
background job makes it while the page shows its progress (:mod:`leerscan.research.cache`); the PDF
and the data exports are files made by background jobs.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from leerscan.accounts.access import role_required
from leerscan.accounts.models import Role
from leerscan.analytics.codebook import codebook_frame, codebook_html
from leerscan.core.downloads import download
from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job
from leerscan.jobs.services import error_text
from leerscan.jobs.views import idempotency_key, redirect_to_job
from leerscan.research import report
from leerscan.research.cache import table_files
from leerscan.research.forms import ExportForm, FilterForm
from leerscan.research.jobs import EXPORT, REPORT_PDF
from leerscan.research.services import (
    analysis_job,
    cached_analysis,
    open_analysis,
    retry_analysis,
    start_export,
    start_report_pdf,
)

TABLES = (
    "reliability",
    "correlations",
    "correlations_long",
    "regression_models",
    "regression_coefficients",
    "agreement",
    "waves",
    "waves_paired",
    "reliability_items",
    "reliability_inter_item",
    "correlations_spss",
    "regression_anova",
    "methods",
)


def _language() -> str:
    return (get_language() or "nl")[:2]


def _query(filters) -> str:
    query = urlencode(filters.as_query())
    return f"?{query}" if query else ""


def _filters(data):
    """(form, filters) from a query string or a form; filters is None for invalid ones."""
    form = FilterForm(data)
    return form, (form.filters() if form.is_valid() else None)


def _workspace_url(filters) -> str:
    return reverse("research:workspace") + _query(filters)


@role_required(Role.PROGRAMME)
def workspace(request):
    """The selection's figures from the cache; while they are made, the job's progress."""
    form, filters = _filters(request.GET)
    context = {"form": form, "tables": TABLES}
    if filters is not None:
        context.update(open_analysis(request.user, filters, _language()))
        context.update({"filters": filters, "query": _query(filters)})
        if (job := context.get("job")) is not None:
            context["job_error"] = error_text(job)
    return render(request, "research/workspace.html", context)


@role_required(Role.PROGRAMME)
def analysis_progress(request, job_id):
    """The analysis job's progress bar (htmx asks every second); once it ended, the page reloads."""
    job = analysis_job(job_id)
    response = render(request, "research/_job.html", {"job": job})
    if job.finished:
        response["HX-Refresh"] = "true"
    return response


@role_required(Role.PROGRAMME)
def analysis_retry(request):
    """POST: start the analysis again after it failed; then back to the workspace."""
    form, filters = _filters(request.POST)
    if request.method != "POST" or filters is None:
        return redirect("research:workspace")
    retry_analysis(request.user, filters, _language())
    return redirect(_workspace_url(filters))


def _cached_or_back(request):
    """(filters, (context, analysis)) for a download; (None, redirect) when the workspace must first
    make the analysis or explain why there is none."""
    form, filters = _filters(request.GET)
    found = cached_analysis(filters, _language()) if filters is not None else None
    if found is None:
        return None, redirect(reverse("research:workspace") + "?" + request.GET.urlencode())
    return filters, found


@role_required(Role.PROGRAMME)
def table_csv(request, name):
    if name not in (*TABLES, "all"):
        raise Http404
    filters, found = _cached_or_back(request)
    if filters is None:
        return found
    _context, analysis = found
    if name == "all":
        return download(bytes(analysis.tables), "leerscan-analysis-tables.zip")
    return download(table_files(analysis)[name], f"leerscan-{name}.csv")


@role_required(Role.PROGRAMME)
def report_view(request):
    filters, found = _cached_or_back(request)
    if filters is None:
        return found
    context, _analysis = found
    return download(report.report_html(context).encode("utf-8"), "leerscan-analysis-report.html")


@role_required(Role.PROGRAMME)
def report_pdf(request):
    """POST starts the PDF as a background job and shows its progress; a GET (an old link) goes to
    the workspace, where the button is."""
    data = request.POST if request.method == "POST" else request.GET
    form, filters = _filters(data)
    if request.method != "POST" or filters is None:
        return redirect(reverse("research:workspace") + "?" + request.GET.urlencode())
    job = start_report_pdf(request.user, filters, _language(), idempotency_key(request, REPORT_PDF.name))
    return redirect_to_job(job, back=_workspace_url(filters))


@role_required(Role.PROGRAMME)
def export(request):
    """The export form; sent (POST), it starts the file as a background job, or, for a selection
    under the anonymity threshold, says why no file is made."""
    if request.method != "POST":
        form = ExportForm(initial={"language": _language(), **request.GET.dict()})
        return render(request, "research/export.html", {"form": form, "threshold": report.threshold()})
    form = ExportForm(request.POST)
    context = {"form": form, "threshold": report.threshold()}
    if form.is_valid():
        filters = form.filters()
        started = start_export(
            request.user, filters, form.cleaned_data, _language(), idempotency_key(request, EXPORT.name)
        )
        if isinstance(started, Job):
            return redirect_to_job(started, back=reverse("research:export") + _query(filters))
        context.update(started, too_small=True)
    return render(request, "research/export.html", context)


@role_required(Role.PROGRAMME)
def codebook(request, fmt):
    instrument = get_instrument()
    language = request.GET.get("language") or "nl"
    if language not in instrument.languages:
        language = "nl"
    if fmt == "csv":
        content = codebook_frame(instrument, language).to_csv(index=False).encode("utf-8-sig")
        return download(content, f"leerscan-codebook-{language}.csv")
    return HttpResponse(codebook_html(instrument, language), content_type="text/html; charset=utf-8")
