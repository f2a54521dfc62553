"""Admin pages for scan rounds. Answers are deliberately not shown here."""

from django.contrib import admin

from leerscan.surveys.models import ScanRound


@admin.register(ScanRound)
class ScanRoundAdmin(admin.ModelAdmin):
    list_display = ("organization", "wave", "status", "variant", "anonymity_threshold")
    list_filter = ("status", "variant")
