"""Roles in the programme and the service providers of each lot.

Every user has one role. What a role may see:

| role | organizations visible |
| --- | --- |
| platform admin (superuser) | all |
| programme (funder / evaluator) | all, aggregated results only |
| service provider (sector fund) | the organizations of its lot |
| consultant | the organizations assigned to them |
| organization contact (owner / HR) | their own organization |

Nobody sees an individual respondent's answers; that is enforced by never offering such a view.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.organizations.models import Lot


class ServiceProvider(models.Model):
    """A sector fund or other provider working in one lot."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="service_providers")
    is_coordinator = models.BooleanField(_("coordinates the lot"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot"], condition=models.Q(is_coordinator=True), name="one_coordinator_per_lot"
            )
        ]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name


class Subcontractor(models.Model):
    """A firm a service provider hires for coaching; the programme asks for its enterprise number and
    its billable work (annex 1, 1.3.1)."""

    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, unique=True)
    service_provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.PROTECT,
        related_name="subcontractors",
        verbose_name=_("service provider"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("subcontractor")
        verbose_name_plural = _("subcontractors")

    def __str__(self) -> str:
        return self.name

    @property
    def formatted_enterprise_number(self) -> str:
        from leerscan.organizations.register import format_enterprise_number

        return format_enterprise_number(self.enterprise_number)

    def clean_fields(self, exclude=None):
        """Check the enterprise number (mod 97) and store its ten digits, before the length check."""
        from django.core.exceptions import ValidationError

        from leerscan.organizations.fields import REGISTER_MESSAGES
        from leerscan.organizations.register import RegisterError, parse_enterprise_number

        try:
            self.enterprise_number = parse_enterprise_number(self.enterprise_number)
        except RegisterError as error:
            raise ValidationError({"enterprise_number": REGISTER_MESSAGES[error.code]}) from None
        super().clean_fields(exclude)


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    PROGRAMME = "programme", _("Programme (funder or evaluator)")
    SERVICE_PROVIDER = "provider", _("Service provider")
    CONSULTANT = "consultant", _("Consultant")
    ORGANIZATION = "organization", _("Organization contact")


class Profile(models.Model):
    """A user's role and the scope it applies to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    service_provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("For service-provider staff and their consultants."),
    )
    subcontractor = models.ForeignKey(
        Subcontractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultants",
        help_text=_("For consultants who work for a subcontractor of the service provider."),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("For organization contacts."),
    )
    two_factor_exempt = models.BooleanField(
        _("exempt from two-factor login"),
        default=False,
        help_text=_("Only for demonstration accounts: this user may log in without a second factor."),
    )

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
