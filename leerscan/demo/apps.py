from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The ``leerscan demo`` command."""

    name = "leerscan.demo"
    label = "demo"
    verbose_name = "Demo"
