from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Organizations, lots and the register facts they are assigned by."""

    name = "leerscan.organizations"
    label = "organizations"
    verbose_name = _("Organizations")
