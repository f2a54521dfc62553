"""``leerscan score RESPONSES.csv --out SCORES.csv``: scale scores from item-level answers."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.instrument.answers import META_COLUMNS, AnswerFileError, read_answers
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses


class Command(BaseCommand):
    help = (
        "Compute scale scores. Input: one row per respondent, one column per item id (optional "
        "columns: respondent, organization, wave, language, role). Output: the id columns and "
        "one column per scale. Nothing is written when the input has any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("responses", metavar="RESPONSES.csv")
        parser.add_argument("--out", required=True, metavar="SCORES.csv")
        parser.add_argument(
            "--pomp",
            action="store_true",
            help="also write <scale>_pomp columns (percent of maximum possible, 0-100)",
        )
        parser.add_argument("--instrument", default="employee")

    def handle(self, *args, **options):
        instrument = get_instrument(options["instrument"])
        try:
            answers = read_answers(options["responses"], instrument)
        except AnswerFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{options['responses']}: {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was written.") from exc
        scores = score_responses(answers, instrument, pomp=options["pomp"])
        keep = [c for c in (*META_COLUMNS, "role") if c in answers.columns]
        result = answers[keep].join(scores)
        out = Path(options["out"])
        tmp = out.with_name(out.name + ".part")
        result.to_csv(tmp, index=False, float_format="%.4f")
        tmp.replace(out)  # all or nothing: the file appears only when complete
        self.stdout.write(f"Scored {len(result)} respondents on {len(instrument.scales)} scales -> {out}")
