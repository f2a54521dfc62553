"""``leerscan analyze [filters] --out DIR``: the chapter-6 analysis as CSV tables and a report."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from leerscan.analytics.imputation import DEFAULT_SEED
from leerscan.instrument.loader import get_instrument
from leerscan.research import methods, report
from leerscan.research.cache import steps, table_files
from leerscan.research.cli import (
    add_filter_arguments,
    cached_or_computed,
    filters_from_options,
    left_out_lines,
    progress_bar,
    write_file,
)
from leerscan.research.data import load_frame
from leerscan.research.docx import analysis_docx


class Command(BaseCommand):
    help = (
        "Run the programme analysis of chapter 6 (Cronbach's alpha and McDonald's omega per scale, the "
        "Spearman table with means and SDs, one 3-step hierarchical regression per employability "
        "competence), the agreement within organizations (ICC(1), ICC(2), mean rwg(j) per learning-climate "
        "scale) and the pre/post comparison of waves on the submitted questionnaires matching the filters. "
        "Writes the tables as CSV files (with SPSS's item-total, ANOVA and coefficient statistics), "
        "report.html, report.pdf and, with --docx, analysis.docx into DIR. Selections smaller than the "
        "anonymity threshold are refused; scan rounds under their own threshold are left out. The analysis "
        "is kept per data version and shared with the evaluator workspace: unchanged data is not analysed "
        "again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, metavar="DIR", help="folder for the files (created if needed)"
        )
        add_filter_arguments(parser)
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the labels and the report (default: en)",
        )
        parser.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
        parser.add_argument(
            "--impute",
            type=int,
            metavar="M",
            help="also write regression_imputed.csv: the full regression models with M multiply imputed "
            "data sets (statsmodels MICE), pooled by Rubin's rules",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the imputations")
        parser.add_argument(
            "--docx",
            action="store_true",
            help="also write analysis.docx: the tables in APA style for Word, with the missing-data rules",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        filters = filters_from_options(options)
        language = options["language"]
        bar = progress_bar(self, steps(), "analyze", options["no_progress"])

        def tick(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update()

        try:
            with translation.override(language):
                context, analysis = cached_or_computed(filters, language, bar)
                bar.reset(total=2 + (0 if options["no_pdf"] else 1))
                out = Path(options["out"])
                out.mkdir(parents=True, exist_ok=True)
                written = []
                for name, data in table_files(analysis).items():
                    write_file(out / f"{name}.csv", data)
                    written.append(f"{name}.csv")
                tick("csv")
                statements = list(context.get("missing_statements", []))
                if options["impute"]:
                    if options["impute"] < 2:
                        raise CommandError("--impute needs at least 2 imputations")
                    frame = load_frame(filters, get_instrument())
                    table, statement = methods.imputed_regressions(
                        frame, get_instrument(), options["impute"], options["seed"]
                    )
                    write_file(out / "regression_imputed.csv", table.to_csv(index=False).encode("utf-8-sig"))
                    written.append("regression_imputed.csv")
                    statements.append(statement)
                if options["docx"]:
                    title = _("Analysis of %(n)s respondents") % {"n": context["n"]}
                    files = table_files(analysis)
                    if options["impute"]:
                        files["regression_imputed"] = (out / "regression_imputed.csv").read_bytes()
                    document = analysis_docx(files, statements, title)
                    write_file(out / "analysis.docx", document)
                    written.append("analysis.docx")
                html = report.report_html(context)
                write_file(out / "report.html", html.encode("utf-8"))
                written.append("report.html")
                tick("html")
                if not options["no_pdf"]:
                    write_file(out / "report.pdf", report.report_pdf(html))
                    written.append("report.pdf")
                    tick("pdf")
        finally:
            bar.close()
        self.stdout.write(
            f"Analysed {context['n']} respondents in {context['organizations']} organization(s): "
            f"{len(written)} files in {out}: {', '.join(written)}"
        )
        for line in left_out_lines(context["left_out"]):
            self.stdout.write(f"Left out: {line}.")
        for warning in context.get("alpha_warnings", []):
            self.stdout.write(f"Warning: {warning}")
        for note in context["notes"]:
            self.stdout.write(f"Note: {note}")
        for statement in statements:
            self.stdout.write(f"Method: {statement}")
