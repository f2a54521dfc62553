from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "leerscan.trajectories"
    verbose_name = "Trajectories"
