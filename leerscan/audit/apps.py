from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: who logged in, looked at or exported what, and changed whose role."""

    name = "leerscan.audit"
    label = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from leerscan.audit.services import PURGE
        from leerscan.jobs.registry import register

        register(PURGE)
        from leerscan.audit.models import Action
        from leerscan.audit.watch import watch

        watch("jobs:file", Action.FILE_DOWNLOADED, target=lambda kwargs: f"job {kwargs['job_id']}")
