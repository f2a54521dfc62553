from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces: the command-line subcommands, context processors, base templates."""

    name = "leerscan.core"
    label = "core"
