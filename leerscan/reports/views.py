"""The report page and its PDF, for everyone who may see the organization.

The page's frame (breadcrumb, buttons, report options) stays in the user's language; the report
itself is in the language chosen for it (the organization's language unless asked otherwise). The
header's language buttons switch both.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from leerscan.accounts.access import role_required
from leerscan.core.downloads import download
from leerscan.reports.build import benchmark_label, build_report
from leerscan.reports.render import report_context, report_filename, report_pdf
from leerscan.surveys.access import get_round_for


def _options(request, scan_round) -> tuple[str, str | None]:
    codes = [code for code, _ in settings.LANGUAGES]
    language = request.GET.get("language")
    if language not in codes:
        language = scan_round.organization.language
    benchmark = request.GET.get("benchmark") or None
    return language, benchmark


@role_required()
def report_page(request, pk):
    scan_round = get_round_for(request.user, pk)
    language, benchmark = _options(request, scan_round)
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
    scan_round = get_round_for(request.user, pk)
    language, benchmark = _options(request, scan_round)
    report = build_report(scan_round, language, benchmark)
    return download(report_pdf(report), report_filename(report, "pdf"))
