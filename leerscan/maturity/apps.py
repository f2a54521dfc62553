from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "leerscan.maturity"
    verbose_name = "Maturity scan"
