"""``leerscan competences purge``: delete the personal data of people who left, after the retention
period (``LEERSCAN_COMPETENCE_RETENTION_MONTHS``, default 12). Run it daily, e.g. from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from leerscan.competences.services import purge_departed, retention_months


class Command(BaseCommand):
    help = "Competence data: 'competences purge' deletes the people who left before the retention period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="delete the data of people who left")
        purge.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"retention in months after the leaving date (default {retention_months()})",
        )
        purge.add_argument("--dry-run", action="store_true", help="only count, delete nothing")

    def handle(self, *args, **options):
        months = retention_months() if options["months"] is None else options["months"]
        if months < 0:
            raise CommandError("--months cannot be negative.")
        counts = purge_departed(months=months, dry_run=options["dry_run"])
        total = sum(counts.values())
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(f"{verb} {total} people who left more than {months} months ago.")
        for organization, count in sorted(counts.items()):
            self.stdout.write(f"  {organization}: {count}")
