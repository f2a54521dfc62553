"""``leerscan restore FILE [--force]``: put a backup back, after checking it, and prove it came back."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.backups.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `leerscan backup`. Checks the file's checksums first, refuses a "
        "database that already holds data unless --force, restores in one step, then checks every "
        "table's row count and checksum against the backup's manifest. Run `leerscan migrate` after "
        "restoring an older backup into a newer leerscan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help="replace the data of a database that is not empty"
        )

    def handle(self, *args, **options):
        try:
            restored = restore(Path(options["file"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {restored.created_at} ({restored.engine}): {restored.rows} rows in "
            f"{restored.tables} tables, every table's checksum equal to the backup's."
        )
