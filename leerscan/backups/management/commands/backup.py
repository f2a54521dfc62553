"""``leerscan backup [--dir DIR]``: a consistent, compressed copy of the database while it is in use."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.backups.archive import BackupError, make_backup
from leerscan.backups.jobs import record


class Command(BaseCommand):
    help = (
        "Write a backup of the database (SQLite's online backup API, or pg_dump on PostgreSQL) while "
        "leerscan keeps running: one .tar.gz with the database and a manifest of every table's row "
        "count and checksum, and a .sha256 file beside it. Every uploaded and generated file is kept "
        "in the database, so it is in the backup too. Default folder: LEERSCAN_BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", metavar="DIR", help="folder for the backup (created if needed)")

    def handle(self, *args, **options):
        try:
            written = make_backup(Path(options["dir"]) if options["dir"] else None)
        except BackupError as error:
            raise CommandError(str(error)) from None
        record(written, nightly=False)
        self.stdout.write(
            f"Backed up {written.rows} rows in {written.tables} tables -> {written.path} "
            f"({written.size / 1e6:.1f} MB, sha256 {written.sha256[:16]}…)"
        )
