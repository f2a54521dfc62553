"""The report as background jobs: one report's PDF, and the PDFs of many organizations as one zip.

Making a PDF twice does no harm, so a failure is retried with back-off. The owner's access is checked
again when the job runs: a job never shows what its owner may no longer see.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_noop

from leerscan.accounts.access import visible_organizations
from leerscan.core.pdf import html_to_pdf
from leerscan.jobs.registry import JobRefused, Kind, Output
from leerscan.reports.build import build_report
from leerscan.reports.render import report_filename, report_html, report_pdf
from leerscan.surveys.access import get_round_for
from leerscan.surveys.models import ScanRound


def _round_for(owner, pk) -> ScanRound:
    try:
        return get_round_for(owner, pk)
    except (Http404, PermissionDenied):
        raise JobRefused(gettext_noop("You can no longer open this scan round.")) from None


def report_pdf_job(job, progress) -> Output:
    """params: round, language, benchmark."""
    params = job.params
    progress.start(3)
    scan_round = _round_for(job.owner, params["round"])
    report = build_report(scan_round, params.get("language"), params.get("benchmark"))
    progress.advance()
    html = report_html(report)
    progress.advance()
    content = html_to_pdf(html)
    progress.advance()
    return Output(file_name=report_filename(report, "pdf"), content=content)


def latest_reported_rounds(owner, lot: int | None = None) -> list[ScanRound]:
    """Per organization the owner may see (in ``lot``, if given), its latest closed scan round."""
    organizations = visible_organizations(owner)
    if lot is not None:
        organizations = organizations.filter(lot_id=lot)
    rounds = (
        ScanRound.objects.filter(organization__in=organizations, status=ScanRound.Status.CLOSED)
        .select_related("organization")
        .order_by("organization__name", "organization_id", "-wave")
    )
    latest: dict[int, ScanRound] = {}
    for scan_round in rounds:
        latest.setdefault(scan_round.organization_id, scan_round)
    return list(latest.values())


def reports_zip_job(job, progress) -> Output:
    """params: lot (or None), language. Reports too small to show are left out and listed."""
    rounds = latest_reported_rounds(job.owner, job.params.get("lot"))
    if not rounds:
        raise JobRefused(gettext_noop("There is no closed scan round to make a report of."))
    progress.start(len(rounds))
    buffer, names, left_out = io.BytesIO(), set(), []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for scan_round in rounds:
            report = build_report(scan_round, job.params.get("language"))
            if report.shown:
                name = report_filename(report, "pdf")
                if name in names:
                    name = name.replace(".pdf", f"-{scan_round.pk}.pdf")
                names.add(name)
                archive.writestr(name, report_pdf(report))
            else:
                left_out.append(scan_round.organization.name)
            progress.advance()
    if not names:
        raise JobRefused(gettext_noop("None of these scan rounds has enough answers for a report."))
    return Output(
        file_name="leerscan-reports.zip",
        content=buffer.getvalue(),
        result={"reports": len(names), "left_out": left_out},
    )


REPORT_PDF = Kind(name="reports.pdf", run=report_pdf_job, title=gettext_noop("Report as PDF"), retries=2)
REPORTS_ZIP = Kind(
    name="reports.zip", run=reports_zip_job, title=gettext_noop("All reports as one zip file"), retries=2
)
