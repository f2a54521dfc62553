from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "leerscan.reports"
    verbose_name = "Reports"
