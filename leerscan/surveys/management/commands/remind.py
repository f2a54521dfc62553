"""``leerscan remind --round ID``: remind everyone invited who has not completed (once a day at most)."""

from django.core.management.base import BaseCommand

from leerscan.jobs.services import command_line_worker_id
from leerscan.surveys import mailing
from leerscan.surveys.management.commands.invite import find_round, report


class Command(BaseCommand):
    help = (
        "Send a reminder to the invited people of a scan round who have not completed and did not "
        "opt out (at most one a day, three in all). Idempotent: run twice, or twice at once, the "
        "second run sends nothing. Prints how many were sent, skipped and refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, required=True, metavar="ID", help="the scan round's id")

    def handle(self, *args, **options):
        scan_round = find_round(options["round"])
        outcome = mailing.send_reminders(scan_round, mailing.reminder_plan(scan_round, now=True))
        report(self, mailing.wait_until_handed_over(scan_round, outcome, command_line_worker_id()))
