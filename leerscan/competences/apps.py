from django.apps import AppConfig


class CompetencesConfig(AppConfig):
    name = "leerscan.competences"
    verbose_name = "Competence matrix and training plan"
