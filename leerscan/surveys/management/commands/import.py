"""``leerscan import FILE --organization NAME --round N [--create] [--allow-more] [--allow-not-open]``:
import answers, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from leerscan.instrument.answers import AnswerFileError, read_answers
from leerscan.instrument.loader import get_instrument
from leerscan.organizations.models import Organization
from leerscan.surveys.imports import NeedsConfirmation, create_target, import_answers
from leerscan.surveys.models import ScanRound

NOTHING = "nothing was imported, created or changed"


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
            help="create the organization and the round first if they do not exist (a new "
            "organization takes the lot, sector, size class and enterprise number of the options below, "
            "else the value most respondents gave in the file's columns lot, sector, size_class, "
            "enterprise_number)",
        )
        parser.add_argument("--lot", metavar="N", help="with --create: the new organization's lot number")
        parser.add_argument("--sector", metavar="TEXT", help="with --create: the new organization's sector")
        parser.add_argument(
            "--size-class",
            metavar="N",
            help="with --create: the new organization's size class (a code of the size question)",
        )
        parser.add_argument(
            "--enterprise-number", metavar="NUMBER", help="with --create: the new organization's KBO number"
        )
        parser.add_argument(
            "--allow-more",
            action="store_true",
            help="import even when the round then has more questionnaires than its expected "
            "respondents or the organization's employees",
        )
        parser.add_argument(
            "--allow-not-open",
            action="store_true",
            help="import into a round that has not opened yet",
        )

    def handle(self, *args, **options):
        instrument = get_instrument()
        path = options["file"]
        try:
            answers = read_answers(path, instrument)
        except AnswerFileError as exc:
            self._problems(path, exc)
            raise CommandError(f"{len(exc.problems)} problem(s) found; {NOTHING}.") from exc
        name, wave = options["organization"], options["round"]
        try:
            with transaction.atomic():
                if options["create"]:
                    facts = {k: options.get(k) for k in ("lot", "sector", "size_class", "enterprise_number")}
                    scan_round, created = create_target(name, wave, answers, instrument, facts)
                else:
                    scan_round, created = self._existing(name, wave), None
                stored = import_answers(
                    scan_round,
                    answers,
                    allow_more=options["allow_more"],
                    allow_not_open=options["allow_not_open"],
                )
        except AnswerFileError as exc:
            self._problems(path, exc)
            raise CommandError(f"{len(exc.problems)} problem(s) found; {NOTHING}.") from exc
        except ValueError as exc:
            raise CommandError(f"Not imported: {exc}; {NOTHING}.") from exc
        except NeedsConfirmation as exc:
            fit, reasons = exc.fit, []
            if fit.too_many:
                reasons.append(
                    f"the round would have {fit.total} questionnaires ({fit.already} already in it, "
                    f"{fit.rows} in the file), more than "
                    + " and ".join(
                        part
                        for part, applies in (
                            (f"the {fit.expected} expected respondents", fit.more_than_expected),
                            (f"the organization's {fit.employees} employees", fit.more_than_employees),
                        )
                        if applies
                    )
                    + " (add --allow-more if this is right)"
                )
            if fit.not_open:
                reasons.append("the round has not opened yet (add --allow-not-open to import anyway)")
            raise CommandError(f"Not imported: {'; '.join(reasons)}. {NOTHING.capitalize()}.") from exc
        if created and created.organization:
            self.stdout.write(f"Created organization '{name}'.")
        if created and created.file_code:
            self.stdout.write(f"The file's organization code '{created.file_code}' is taken as '{name}'.")
        if created and created.scan_round:
            self.stdout.write(f"Created round {wave} for '{name}' (closed).")
        self.stdout.write(f"Imported {stored} questionnaires into '{name}', round {wave}.")

    def _existing(self, name: str, wave: int) -> ScanRound:
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            raise CommandError(f"There is no organization '{name}'. Add --create to create it.")
        scan_round = ScanRound.objects.filter(organization=organization, wave=wave).first()
        if scan_round is None:
            raise CommandError(f"'{name}' has no round {wave}. Add --create to create it.")
        return scan_round

    def _problems(self, path: str, exc: AnswerFileError) -> None:
        for problem in exc.problems:
            self.stderr.write(f"{path}: {problem}")
