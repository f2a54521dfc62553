"""Maturity scans of an organization (the owner's and the consultant's) and the consultant's final
profile decisions, kept with their reason and date."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.organizations.models import Organization


class Assessment(models.Model):
    """One filled-in maturity scan: answers are question id -> answer code, as in the instrument."""

    class Perspective(models.TextChoices):
        OWNER = "owner", _("owner or HR lead")
        CONSULTANT = "consultant", _("consultant")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    perspective = models.CharField(max_length=12, choices=Perspective.choices)
    instrument_version = models.CharField(max_length=20)
    variant = models.CharField(max_length=20, default="standard")
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "perspective"], name="one_assessment_per_perspective"
            )
        ]
        verbose_name = _("maturity scan")
        verbose_name_plural = _("maturity scans")

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_perspective_display()}"


class ProfileDecision(models.Model):
    """The consultant's final profile(s) for an organization, with a written reason."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="profile_decisions")
    profiles = models.JSONField(default=list)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("profile decision")
        verbose_name_plural = _("profile decisions")

    def __str__(self) -> str:
        return f"{self.organization}: {', '.join(self.profiles)}"
