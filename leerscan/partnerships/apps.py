from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "leerscan.partnerships"
    verbose_name = "Partnerships"
