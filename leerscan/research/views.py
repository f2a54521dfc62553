"""The evaluator workspace (programme role and platform administrators only).

Every view is behind ``role_required(Role.PROGRAMME)`` (administrators pass too). Results and
exports of a selection with fewer respondents than ``LEERSCAN_ANONYMITY_THRESHOLD`` are never
produced; the page explains why instead.
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
from leerscan.analytics.exports import CONTENT_TYPES, export_bytes, export_frame
from leerscan.core.downloads import download
from leerscan.instrument.loader import get_instrument
from leerscan.research import report
from leerscan.research.data import count_respondents, left_out, load_frame, lot_labels
from leerscan.research.forms import ExportForm, FilterForm

TABLES = (
    "reliability",
    "correlations",
    "correlations_long",
    "regression_models",
    "regression_coefficients",
    "agreement",
    "waves",
    "waves_paired",
)


def _language() -> str:
    return (get_language() or "nl")[:2]


def _query(filters) -> str:
    query = urlencode(filters.as_query())
    return f"?{query}" if query else ""


def _analysis(request):
    """(form, context) for the filters in the query string; context is None for invalid filters."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return form, None
    filters = form.filters()
    context = report.run_analysis(filters, _language())
    context["filters"] = filters
    context["query"] = _query(filters)
    return form, context


@role_required(Role.PROGRAMME)
def workspace(request):
    form, context = _analysis(request)
    context = context or {}
    context.pop("frame", None)
    context.update({"form": form, "tables": TABLES})
    return render(request, "research/workspace.html", context)


@role_required(Role.PROGRAMME)
def table_csv(request, name):
    if name not in (*TABLES, "all"):
        raise Http404
    form, context = _analysis(request)
    if context is None or not context["shown"]:
        return redirect(reverse("research:workspace") + "?" + request.GET.urlencode())
    files = report.table_csvs(context, _language())
    if name == "all":
        return download(report.tables_zip(files), "leerscan-analysis-tables.zip")
    return download(files[name], f"leerscan-{name}.csv")


@role_required(Role.PROGRAMME)
def report_view(request, fmt):
    form, context = _analysis(request)
    if context is None or not context["shown"]:
        return redirect(reverse("research:workspace") + "?" + request.GET.urlencode())
    context.pop("frame", None)
    html = report.report_html(context)
    if fmt == "html":
        return download(html.encode("utf-8"), "leerscan-analysis-report.html")
    return download(report.report_pdf(html), "leerscan-analysis-report.pdf")


@role_required(Role.PROGRAMME)
def export(request):
    """The export form; with ``download`` in the query string, the file itself."""
    bound = "download" in request.GET
    form = ExportForm(request.GET if bound else None, initial={"language": _language()})
    context = {"form": form, "threshold": report.threshold()}
    if bound and form.is_valid():
        instrument = get_instrument()
        filters = form.filters()
        n = count_respondents(filters, instrument)
        context["n"] = n
        context["left_out"] = left_out(filters, instrument)
        if n >= report.threshold():
            data = form.cleaned_data
            fmt, level = data["format"], data["level"]
            frame = load_frame(filters, instrument, with_names=data["with_names"])
            table = export_frame(frame, instrument, level, with_names=data["with_names"])
            content = export_bytes(
                table, fmt, instrument, language=data["language"] or "nl", lot_labels=lot_labels()
            )
            return download(content, f"leerscan-{level}.{fmt}", CONTENT_TYPES[fmt])
        context["too_small"] = True
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
