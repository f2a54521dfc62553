"""The nightly backup as a periodic job, its record, and what readiness says about backups."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from leerscan.backups.archive import Written, backup_dir, make_backup
from leerscan.backups.models import Backup
from leerscan.backups.retention import prune
from leerscan.jobs.registry import Kind, Output


def record(written: Written, nightly: bool) -> Backup:
    """Note a written backup, so readiness can tell its age."""
    return Backup.objects.create(
        created_at=written.created_at,
        file_name=written.path.name,
        size=written.size,
        sha256=written.sha256,
        engine=settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        nightly=nightly,
    )


def nightly_backup(job, progress) -> Output:
    """Back up into the backup folder, then thin out the older backups by the rotation."""
    if not settings.LEERSCAN_BACKUP_NIGHTLY:
        return Output(result={"skipped": "LEERSCAN_BACKUP_NIGHTLY is off"})
    progress.start(2)
    written = make_backup()
    record(written, nightly=True)
    progress.advance()
    daily, weekly, monthly = settings.LEERSCAN_BACKUP_KEEP
    deleted = prune(backup_dir(), daily, weekly, monthly)
    progress.advance()
    return Output(result={"file": written.path.name, "rows": written.rows, "deleted": len(deleted)})


NIGHTLY = Kind(
    name="backups.nightly",
    run=nightly_backup,
    title=gettext_noop("Nightly backup"),
    retries=2,  # a second copy does no harm
    keep=timedelta(days=1),
    every=timedelta(days=1),
)


def readiness() -> dict:
    """The last backup's age. A missing or old backup does not take a web node out of service (it can
    still serve); ``stale`` tells a monitor to raise the alarm."""
    last = Backup.objects.values_list("created_at", flat=True).first()
    hours = round((timezone.now() - last).total_seconds() / 3600, 1) if last else None
    limit = settings.LEERSCAN_BACKUP_STALE_HOURS
    return {"ok": True, "last_backup_hours_ago": hours, "stale": hours is None or hours > limit}
