from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their role in the programme, and what each role may see."""

    name = "leerscan.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from leerscan.accounts import login  # noqa: F401  (connects the audit trail of logins)
