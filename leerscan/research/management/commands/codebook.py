"""``leerscan codebook --format html|csv --out FILE``: the codebook of the exports."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.analytics.codebook import codebook_frame, codebook_html
from leerscan.instrument.loader import get_instrument


class Command(BaseCommand):
    help = (
        "Write the codebook generated from the questionnaire definition: every variable of the "
        "exports with its label, type, codes and their labels or range, reverse keying and scales."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=("html", "csv"))
        parser.add_argument("--out", required=True, metavar="FILE")
        parser.add_argument("--language", default="nl", help="language of the labels (default: nl)")
        parser.add_argument("--instrument", default="employee")

    def handle(self, *args, **options):
        instrument = get_instrument(options["instrument"])
        language = options["language"]
        if language not in instrument.languages:
            raise CommandError(
                f"Unknown language {language!r}; choose one of {', '.join(instrument.languages)}."
            )
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        if options["format"] == "csv":
            codebook_frame(instrument, language).to_csv(out, index=False, encoding="utf-8")
        else:
            out.write_text(codebook_html(instrument, language), encoding="utf-8")
        self.stdout.write(f"Codebook ({options['format']}, {language}) -> {out}")
