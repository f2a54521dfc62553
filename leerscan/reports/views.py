"""The report page and its PDF, for everyone who may see the organization."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

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
        context = report_context(report, standalone=False)
        context["languages"] = settings.LANGUAGES
        context["benchmark_options"] = [
            {"kind": option.kind, "label": benchmark_label(option)} for option in report.benchmarks
        ]
        context["query"] = urlencode(
            {"language": language, **({"benchmark": report.benchmark.kind} if report.benchmark else {})}
        )
        response = render(request, "reports/page.html", context)
    response["Content-Language"] = language
    return response


@role_required()
def report_pdf_download(request, pk):
    scan_round = get_round_for(request.user, pk)
    language, benchmark = _options(request, scan_round)
    report = build_report(scan_round, language, benchmark)
    return download(report_pdf(report), report_filename(report, "pdf"))
