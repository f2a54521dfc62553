from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Organizations, scan rounds, responses and answers."""

    name = "leerscan.surveys"
    label = "surveys"
    verbose_name = _("Scans")

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.surveys.import_jobs import IMPORT, PURGE_PENDING
        from leerscan.surveys.mailing import REMINDERS

        register(IMPORT)
        register(PURGE_PENDING)
        register(REMINDERS)

        from leerscan.audit.models import Action
        from leerscan.audit.watch import watch
        from leerscan.surveys.models import organization_of_round

        for name in ("round_paper", "round_poster"):
            watch(f"manage:{name}", Action.EXPORT, organization=organization_of_round)
        watch(
            "manage:round_invitations", Action.EXPORT, methods=("POST",), organization=organization_of_round
        )
        watch("manage:round_import", Action.IMPORT, methods=("POST",), organization=organization_of_round)
