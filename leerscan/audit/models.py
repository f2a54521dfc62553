"""The audit trail: one row per event, written once and never changed (append-only).

An event names who (the user, and their user name at the time), what (``action``), which
organization and which thing (``target``: "round 12", "research export sav"), when, and the request
id of the log lines around it. It never holds an answer or a respondent's link or resume code:
:func:`leerscan.audit.services.record` refuses such details.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Account locked")
    UNLOCKED = "unlocked", _("Account unlocked")
    TWO_FACTOR_SET_UP = "two_factor_set_up", _("Two-factor login set up")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    REPORT_VIEWED = "report_viewed", _("Report opened")
    PDF_REQUESTED = "pdf_requested", _("PDF asked for")
    FILE_DOWNLOADED = "file_downloaded", _("File downloaded")
    EXPORT = "export", _("Export")
    ROLE_CHANGED = "role_changed", _("Role changed")
    IMPORT = "import", _("Import")
    PURGED = "purged", _("Audit trail purged")


class AppendOnly(Exception):
    """An audit event is never changed or deleted one by one (only the retention purge removes them)."""


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    target = models.CharField(_("what"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.actor_name} {self.target}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("an audit event is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("an audit event is never deleted one by one")
