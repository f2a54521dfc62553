from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """The evaluator workspace: programme-wide analyses and exports."""

    name = "leerscan.research"
    label = "research"
    verbose_name = _("Research")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.research.jobs import KINDS

        for kind in KINDS:
            register(kind)
