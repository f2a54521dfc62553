"""``leerscan invite --round ID FILE``: mail a personal link to every address in FILE not invited yet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.jobs.services import command_line_worker_id
from leerscan.surveys import mailing
from leerscan.surveys.models import ScanRound


def find_round(pk: int) -> ScanRound:
    scan_round = ScanRound.objects.select_related("organization").filter(pk=pk).first()
    if scan_round is None:
        raise CommandError(f"there is no scan round with id {pk}")
    if scan_round.status == ScanRound.Status.CLOSED:
        raise CommandError(f"scan round {pk} is closed: nobody can answer now")
    return scan_round


def report(command: BaseCommand, outcome: mailing.Outcome) -> None:
    """Wait until the mails are with the mail server, then say what happened."""
    command.stdout.write(f"sent {outcome.sent}, skipped {outcome.skipped}, refused {outcome.refused}")


class Command(BaseCommand):
    help = (
        "Invite the addresses in FILE (one per line, or CSV: address, language) to a scan round. "
        "Idempotent: an address already invited is skipped. Waits until the mails are handed to the "
        "mail server, then prints how many were sent, skipped and refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--round", type=int, required=True, metavar="ID", help="the scan round's id")

    def handle(self, *args, **options):
        scan_round = find_round(options["round"])
        try:
            text = Path(options["file"]).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        parsed = mailing.parse_addresses(text, scan_round.languages or ["nl"])
        for address in parsed.invalid:
            self.stderr.write(f"not an e-mail address: {address}")
        for address in parsed.duplicates:
            self.stderr.write(f"listed more than once: {address}")
        mailing.add_addressees(scan_round, parsed.valid)
        outcome = mailing.send_invitations(scan_round)
        outcome.skipped += len(parsed.invalid) + len(parsed.duplicates)
        report(self, mailing.wait_until_handed_over(scan_round, outcome, command_line_worker_id()))
