"""The workspace's analyses, kept per data version so unchanged data is never analysed twice.

Several web nodes and workers share them through the database (Django's default cache lives in one
process). See :mod:`leerscan.research.cache` for what a data version is.
"""

from __future__ import annotations

from django.db import models


class CachedAnalysis(models.Model):
    """The display-ready analysis of one selection (filters and language) at one data version."""

    version = models.CharField(max_length=64, unique=True)  # see cache.data_version
    selection = models.CharField(max_length=64, db_index=True)  # the filters and language, hashed
    content = models.JSONField()  # what the page and the report show; never answers or the frame
    tables = models.BinaryField()  # the CSV tables as one zip file
    seconds = models.FloatField()  # how long the analysis took
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "cached analyses"

    def __str__(self) -> str:
        return f"analysis {self.version[:12]} ({self.created_at:%Y-%m-%d %H:%M})"
