"""``leerscan instrument validate FILE...`` and ``leerscan instrument show``."""

from django.core.management.base import BaseCommand, CommandError

from leerscan.instrument.loader import get_instrument, validate_file
from leerscan.instrument.model import translate


class Command(BaseCommand):
    help = "Check questionnaire definition files, or summarise the packaged questionnaire."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="check definition files and list every problem")
        validate.add_argument("files", nargs="+", metavar="FILE")
        show = sub.add_parser("show", help="list sections, questions and scales of an instrument")
        show.add_argument("--id", default="employee")
        show.add_argument("--language", default="nl")

    def handle(self, *args, **options):
        if options["action"] == "validate":
            return self._validate(options["files"])
        return self._show(options["id"], options["language"])

    def _validate(self, files):
        total = 0
        for path in files:
            problems = validate_file(path)
            total += len(problems)
            for problem in problems:
                self.stderr.write(str(problem))
            if not problems:
                self.stdout.write(f"{path}: OK")
        if total:
            raise CommandError(f"{total} problem(s) found.")

    def _show(self, instrument_id, language):
        instrument = get_instrument(instrument_id)
        self.stdout.write(f"{translate(instrument.title, language)} ({instrument.id} {instrument.version})")
        for section in instrument.sections:
            self.stdout.write(f"\n[{section.id}] {translate(section.title, language)}")
            for q in section.questions:
                flags = "R" if q.reverse else " "
                self.stdout.write(f"  {q.id:<16} {q.type:<13} {flags} {translate(q.text, language)}")
        self.stdout.write("\nScales:")
        for scale in instrument.scales:
            self.stdout.write(f"  {scale.key:<26} {', '.join(scale.items)}")
