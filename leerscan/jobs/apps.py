from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "leerscan.jobs"
    verbose_name = "Background jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from leerscan.jobs.housekeeping import PURGE
        from leerscan.jobs.mail import EMAIL
        from leerscan.jobs.registry import register

        register(PURGE)
        register(EMAIL)
