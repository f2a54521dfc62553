"""The report page and its PDF, for everyone who may see the organization.

The page's frame (breadcrumb, buttons, report options) stays in the user's language; the report
itself is in the language chosen for it (the organization's language unless asked otherwise). The
header's language buttons switch both.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.jobs.views import idempotency_key, redirect_to_job
from leerscan.reports.build import benchmark_label, build_report
from leerscan.reports.render import report_context
from leerscan.reports.services import start_report_pdf, start_reports_zip
from leerscan.surveys.access import get_round_for


def _options(data, scan_round) -> tuple[str, str | None]:
    codes = [code for code, _ in settings.LANGUAGES]
    language = data.get("language")
    if language not in codes:
        language = scan_round.organization.language
    benchmark = data.get("benchmark") or None
    return language, benchmark


@role_required()
def report_page(request, pk):
    scan_round = get_round_for(request.user, pk)
    language, benchmark = _options(request.GET, scan_round)
    report = build_report(scan_round, language, benchmark)
    with translation.override(language):
        body = render_to_string("reports/_body.html", report_context(report, standalone=False), request)
    extra = {"benchmark": report.benchmark.kind} if report.benchmark else {}
    page_url = reverse("reports:page", args=[scan_round.pk])
    context = {
        "report": report,
        "organization": report.organization,
        "scan_round": scan_round,
        "language": language,
        "report_body": mark_safe(body),  # rendered from our own templates, escaped there
        "report_languages": [code for code, _name in settings.LANGUAGES],  # each named in itself
        # the header's buttons: the interface and the report switch together
        "language_links": [
            (code, f"{page_url}?{urlencode({'language': code, **extra})}")
            for code, _name in settings.LANGUAGES
        ],
        "benchmark_options": [
            {"kind": option.kind, "label": benchmark_label(option)} for option in report.benchmarks
        ],
        "query": urlencode({"language": language, **extra}),
    }
    response = render(request, "reports/page.html", context)
    response["Content-Language"] = translation.get_language()
    return response


@role_required()
def report_pdf_download(request, pk):
    """POST starts the PDF as a background job and shows its progress; a GET (an old link) goes to
    the report page, where the button is."""
    scan_round = get_round_for(request.user, pk)
    page_url = reverse("reports:page", args=[scan_round.pk])
    if request.method != "POST":
        return redirect(f"{page_url}?{request.GET.urlencode()}" if request.GET else page_url)
    language, benchmark = _options(request.POST, scan_round)
    job = start_report_pdf(request.user, scan_round, language, benchmark, idempotency_key(request, "pdf"))
    return redirect_to_job(job, back=f"{page_url}?{urlencode({'language': language})}")


@require_POST
@role_required()
def reports_zip(request):
    """Start the zip of the latest closed round's report of every organization the person may see
    (of one lot, if chosen); the job's page shows its progress."""
    lot = request.POST.get("lot", "")
    language = translation.get_language() or settings.LANGUAGE_CODE
    job = start_reports_zip(
        request.user, language, int(lot) if lot.isdigit() else None, idempotency_key(request, "zip")
    )
    return redirect_to_job(job, back=reverse("manage:dashboard"))
