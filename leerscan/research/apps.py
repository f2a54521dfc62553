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

        from leerscan.audit.models import Action
        from leerscan.audit.watch import watch

        watch("research:workspace", Action.REPORT_VIEWED)
        for name in (
            "table_csv",
            "tables_zip",
            "report_html",
            "report_pdf",
            "export",
            "codebook_html",
            "codebook_csv",
        ):
            watch(f"research:{name}", Action.EXPORT, methods=("GET", "POST"))
