"""Admin pages for organizations and scan rounds. Answers are deliberately not shown here."""

from django.contrib import admin

from leerscan.surveys.models import Organization, ScanRound


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "size_class", "lot", "language", "maturity_profiles")
    list_filter = ("lot", "language")
    search_fields = ("name",)
    filter_horizontal = ("consultants",)


@admin.register(ScanRound)
class ScanRoundAdmin(admin.ModelAdmin):
    list_display = ("organization", "wave", "status", "variant", "anonymity_threshold")
    list_filter = ("status", "variant")
