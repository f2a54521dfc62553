"""``leerscan report --organization NAME --round N --format pdf|html --out FILE``: the organization report."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leerscan.core.content import ContentFileError
from leerscan.organizations.models import Organization
from leerscan.reports.build import build_report
from leerscan.reports.content import get_advice
from leerscan.reports.norms import OWN, PUBLISHED
from leerscan.reports.render import report_html, report_pdf
from leerscan.surveys.models import ScanRound


def _problems(what: str, problems: list[str]) -> str:
    """``problems`` is the file's path, then every problem in it."""
    return f"The {what} file has problems:\n  " + "\n  ".join(problems)


class Command(BaseCommand):
    help = (
        "Write the learning-climate report of one scan round as PDF or standalone HTML, in the "
        "organization's language unless --language is given. --check-advice only checks the advice file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", metavar="NAME", help="the organization's name")
        parser.add_argument(
            "--round", type=int, metavar="N", help="wave number of the scan round (1, 2, ...)"
        )
        parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
        parser.add_argument("--out", metavar="FILE")
        parser.add_argument("--language", choices=[code for code, _ in settings.LANGUAGES])
        parser.add_argument(
            "--benchmark",
            choices=(OWN, PUBLISHED),
            help="compare with leerscan's own norms or the published survey (default: own norms when there "
            "are enough organizations)",
        )
        parser.add_argument("--check-advice", action="store_true", help="check the advice file and stop")

    def handle(self, *args, **options):
        if options["check_advice"]:
            try:
                advice = get_advice()
            except ContentFileError as error:
                raise CommandError(_problems("advice", [str(error.path), *error.problems])) from None
            self.stdout.write(f"{settings.LEERSCAN_ADVICE_FILE}: OK ({len(advice.conditions)} conditions)")
            return
        for name in ("organization", "round", "out"):
            if options[name] is None:
                raise CommandError(f"--{name} is required.")
        organization = Organization.objects.filter(name=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization is called {options['organization']!r}.")
        scan_round = ScanRound.objects.filter(organization=organization, wave=options["round"]).first()
        if scan_round is None:
            waves = ", ".join(str(w) for w in organization.rounds.values_list("wave", flat=True)) or "none"
            raise CommandError(f"{organization} has no scan round {options['round']} (rounds: {waves}).")
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        report = build_report(scan_round, options["language"], options["benchmark"])
        for what, problems in report.content_problems.items():
            self.stderr.write(
                f"Warning: {_problems(what, problems)}\nThe report leaves this content out and says so."
            )
        if options["format"] == "pdf":
            out.write_bytes(report_pdf(report))
        else:
            out.write_text(report_html(report), encoding="utf-8")
        note = "" if report.shown else f" (only {report.respondents} responses: below the threshold)"
        self.stdout.write(
            f"Report of {organization}, round {scan_round.wave} ({report.language}) -> {out}{note}"
        )
