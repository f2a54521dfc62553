"""``leerscan export --format csv|sav|parquet --level items|scales --out FILE [filters] [--with-names]``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leerscan.analytics.exports import FORMATS, LEVELS
from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job
from leerscan.jobs.services import error_text, run_now
from leerscan.research.cli import (
    add_filter_arguments,
    filters_from_options,
    left_out_lines,
    progress_bar,
    write_file,
)
from leerscan.research.data import count_respondents, left_out
from leerscan.research.jobs import EXPORT
from leerscan.research.services import export_params


class Command(BaseCommand):
    help = (
        "Export the submitted questionnaires matching the filters, one row per respondent: meta "
        "columns (respondent number, pseudonymous organization code, lot, sector, size class, wave, "
        "language, source), then the items (--level items) or the background questions (--level "
        "scales), then the scale scores. SPSS files carry variable and value labels. Never contains "
        "links, resume codes or free text; organization names only with --with-names. Runs as a background "
        "job in this process (a worker never runs it twice), with a progress bar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--level", default="items", choices=LEVELS)
        parser.add_argument("--out", required=True, metavar="FILE")
        add_filter_arguments(parser)
        parser.add_argument(
            "--with-names",
            action="store_true",
            help="add the column organization_name (real names; only when you may keep them)",
        )
        parser.add_argument(
            "--language",
            default="nl",
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the variable and value labels (default: nl, the source)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        filters = filters_from_options(options)
        instrument = get_instrument()
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        n, minimum = count_respondents(filters, instrument), settings.LEERSCAN_ANONYMITY_THRESHOLD
        if n < minimum:
            reasons = left_out_lines(left_out(filters, instrument))
            raise CommandError(
                f"{n} respondent(s) match these filters"
                + (f" (left out: {'; '.join(reasons)})" if reasons else "")
                + f"; exports need at least {minimum} (anonymity threshold). Nothing was written."
            )
        bar = progress_bar(self, 3, "export", options["no_progress"])
        try:
            job = run_now(EXPORT.name, export_params(filters, options), language=options["language"], bar=bar)
        finally:
            bar.close()
        if job.status != Job.Status.DONE:
            raise CommandError(
                f"The export did not finish: {error_text(job) or job.status}. Nothing was written."
            )
        write_file(out, bytes(job.file.content))
        self.stdout.write(
            f"Exported {job.result['respondents']} respondents, {job.result['columns']} columns "
            f"({options['level']}) -> {out}"
        )
        for line in left_out_lines(left_out(filters, instrument)):
            self.stdout.write(f"Left out: {line}.")
