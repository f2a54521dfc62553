"""Starting the report's background jobs (the one function per state change a view calls)."""

from __future__ import annotations

from leerscan.jobs.models import Job
from leerscan.jobs.services import start_job
from leerscan.reports.jobs import REPORT_PDF, REPORTS_ZIP


def start_report_pdf(user, scan_round, language: str, benchmark: str | None, key: str = "") -> Job:
    params = {"round": scan_round.pk, "language": language, "benchmark": benchmark}
    return start_job(REPORT_PDF.name, params, owner=user, language=language, key=key)


def start_reports_zip(user, language: str, lot: int | None = None, key: str = "") -> Job:
    params = {"lot": lot, "language": language}
    return start_job(REPORTS_ZIP.name, params, owner=user, language=language, key=key)
