"""The platform administrator may administer the competence data (personal data: handle with care)."""

from django.contrib import admin

from leerscan.competences.models import (
    Assessment,
    Competence,
    Employee,
    JobRole,
    Matrix,
    PlanAction,
    Requirement,
)


@admin.register(Matrix)
class MatrixAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "updated_at")
    list_filter = ("organization",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "role", "consent_at", "left_on")
    list_filter = ("organization",)
    exclude = ("token",)


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):
    list_display = ("label", "organization", "kind", "status", "starts_on", "due_on")
    list_filter = ("kind", "status")


admin.site.register([JobRole, Competence, Requirement, Assessment])
