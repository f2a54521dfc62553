"""What backups were made: readiness reports the age of the last one."""

from __future__ import annotations

from django.db import models


class Backup(models.Model):
    """One backup file written by ``leerscan backup`` or the nightly job (the file itself is on disk)."""

    created_at = models.DateTimeField(db_index=True)
    file_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    engine = models.CharField(max_length=20)
    nightly = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
