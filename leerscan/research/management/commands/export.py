"""``leerscan export --format csv|sav|parquet --level items|scales --out FILE [filters] [--with-names]``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leerscan.analytics.exports import FORMATS, LEVELS, export_frame, write_export
from leerscan.instrument.loader import get_instrument
from leerscan.research.cli import add_filter_arguments, filters_from_options, left_out_lines
from leerscan.research.data import left_out, load_frame, lot_labels


class Command(BaseCommand):
    help = (
        "Export the submitted questionnaires matching the filters, one row per respondent: meta "
        "columns (respondent number, pseudonymous organization code, lot, sector, size class, wave, "
        "language, source), then the items (--level items) or the background questions (--level "
        "scales), then the scale scores. SPSS files carry variable and value labels. Never contains "
        "links, resume codes or free text; organization names only with --with-names."
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

    def handle(self, *args, **options):
        filters = filters_from_options(options)
        instrument = get_instrument()
        frame = load_frame(filters, instrument, with_names=options["with_names"])
        minimum = settings.LEERSCAN_ANONYMITY_THRESHOLD
        if len(frame) < minimum:
            reasons = left_out_lines(left_out(filters, instrument))
            raise CommandError(
                f"{len(frame)} respondent(s) match these filters"
                + (f" (left out: {'; '.join(reasons)})" if reasons else "")
                + f"; exports need at least {minimum} (anonymity threshold). Nothing was written."
            )
        table = export_frame(frame, instrument, options["level"], with_names=options["with_names"])
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        write_export(
            table, out, options["format"], instrument, language=options["language"], lot_labels=lot_labels()
        )
        self.stdout.write(
            f"Exported {len(table)} respondents, {table.shape[1]} columns ({options['level']}) -> {out}"
        )
        for line in left_out_lines(left_out(filters, instrument)):
            self.stdout.write(f"Left out: {line}.")
