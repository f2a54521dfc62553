"""Admin pages for organizations and lots."""

from django.contrib import admin

from leerscan.organizations.models import Lot, Organization

admin.site.register(Lot)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "size_class", "lot", "language", "maturity_profiles")
    list_filter = ("lot", "language")
    search_fields = ("name",)
    filter_horizontal = ("consultants",)
