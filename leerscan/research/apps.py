from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """The evaluator workspace: programme-wide analyses and exports."""

    name = "leerscan.research"
    label = "research"
    verbose_name = _("Research")
