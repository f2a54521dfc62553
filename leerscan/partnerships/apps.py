from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "leerscan.partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from leerscan.jobs.registry import register
        from leerscan.partnerships.jobs import EXPORT, FEEDBACK_PDF

        register(EXPORT)
        register(FEEDBACK_PDF)

        from leerscan.audit.models import Action
        from leerscan.audit.watch import watch

        for name in ("map", "profile", "gaps", "change", "pooled"):
            watch(f"partnerships:{name}", Action.REPORT_VIEWED)
        for name in ("export", "feedback_pdf"):
            watch(f"partnerships:{name}", Action.EXPORT, methods=("GET", "POST"))
