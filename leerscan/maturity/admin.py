from django.contrib import admin

from leerscan.maturity.models import Assessment, ProfileDecision


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("organization", "perspective", "submitted_at", "updated_at")
    list_filter = ("perspective",)


@admin.register(ProfileDecision)
class ProfileDecisionAdmin(admin.ModelAdmin):
    list_display = ("organization", "profiles", "decided_by", "decided_at")
