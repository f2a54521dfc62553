from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "leerscan.reports"
    verbose_name = "Reports"

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.reports.jobs import REPORT_PDF, REPORTS_ZIP

        register(REPORT_PDF)
        register(REPORTS_ZIP)
