"""``leerscan import FILE --organization NAME --round N [--create]``: import answers, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from leerscan.instrument.answers import AnswerFileError, read_answers
from leerscan.instrument.loader import get_instrument
from leerscan.organizations.models import Organization
from leerscan.surveys.models import ScanRound
from leerscan.surveys.paper import import_answers


class Command(BaseCommand):
    help = (
        "Import questionnaires from a CSV or Excel file (same columns as 'leerscan score'). "
        "Everything is imported, or nothing; every problem is listed with its row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--organization", required=True, metavar="NAME")
        parser.add_argument("--round", type=int, required=True, metavar="N", help="wave number of the round")
        parser.add_argument(
            "--create",
            action="store_true",
            help="create the organization and the round first if they do not exist",
        )

    def handle(self, *args, **options):
        instrument = get_instrument()
        try:
            answers = read_answers(options["file"], instrument)
        except AnswerFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was imported.") from exc
        name, wave = options["organization"], options["round"]
        with transaction.atomic():
            organization = Organization.objects.filter(name=name).first()
            if organization is None:
                if not options["create"]:
                    raise CommandError(f"There is no organization '{name}'. Add --create to create it.")
                organization = Organization.objects.create(name=name)
                self.stdout.write(f"Created organization '{name}'.")
            scan_round = ScanRound.objects.filter(organization=organization, wave=wave).first()
            if scan_round is None:
                if not options["create"]:
                    raise CommandError(f"'{name}' has no round {wave}. Add --create to create it.")
                scan_round = ScanRound.objects.create(
                    organization=organization,
                    wave=wave,
                    instrument_id=instrument.id,
                    instrument_version=instrument.version,
                    status=ScanRound.Status.CLOSED,
                )
                self.stdout.write(f"Created round {wave} for '{name}'.")
            try:
                stored = import_answers(scan_round, answers)
            except AnswerFileError as exc:
                for problem in exc.problems:
                    self.stderr.write(f"{options['file']}: {problem}")
                raise CommandError(
                    f"{len(exc.problems)} problem(s) found; nothing was imported"
                    + (" and nothing was created." if options["create"] else ".")
                ) from exc
        self.stdout.write(f"Imported {stored} questionnaires into '{name}', round {wave}.")
