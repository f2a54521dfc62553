from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "leerscan.partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.partnerships.jobs import EXPORT, FEEDBACK_PDF

        register(EXPORT)
        register(FEEDBACK_PDF)
