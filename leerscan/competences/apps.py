from django.apps import AppConfig


class CompetencesConfig(AppConfig):
    name = "leerscan.competences"
    verbose_name = "Competence matrix and training plan"

    def ready(self):
        from leerscan.audit.models import Action
        from leerscan.audit.watch import organization_from_pk, watch

        for name in ("matrix_export", "links_csv", "person_export", "plan_pdf"):
            watch(f"competences:{name}", Action.EXPORT, organization=organization_from_pk)
