from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "leerscan.reports"
    verbose_name = "Reports"

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.reports.jobs import REPORT_PDF, REPORTS_ZIP

        register(REPORT_PDF)
        register(REPORTS_ZIP)

        from leerscan.audit.models import Action
        from leerscan.audit.watch import watch
        from leerscan.surveys.models import organization_of_round

        def scan_round(kwargs):
            return f"scan round {kwargs['pk']}"

        watch("reports:page", Action.REPORT_VIEWED, organization=organization_of_round, target=scan_round)
        both = ("GET", "POST")
        watch(
            "reports:pdf",
            Action.PDF_REQUESTED,
            methods=both,
            organization=organization_of_round,
            target=scan_round,
        )
        watch("reports:zip", Action.EXPORT, methods=both)
