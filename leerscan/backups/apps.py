from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "leerscan.backups"
    verbose_name = "Backups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from leerscan.backups.jobs import NIGHTLY, readiness
        from leerscan.jobs.health import register_check
        from leerscan.jobs.registry import register

        register(NIGHTLY)
        register_check("backup", readiness)
