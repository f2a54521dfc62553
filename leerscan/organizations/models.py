"""The organization and the lot it belongs to: the register facts every other app builds on.

Lots (percelen) are the programme's groups of joint committees; an organization's lot follows from
its joint committees (``register.lot_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.core.typography import labelled
from leerscan.organizations.register import LOT_NAMES

#: The specification's lot names (annex 1, 1.3.2) in the user's language; the Dutch catalog holds
#: the specification's own wording (``register.LOT_NAMES``, which new lots are created with).
SPECIFICATION_LOT_NAMES = {
    1: _("Construction, wood, electricity, automotive"),
    2: _("Food, chemicals, metal, textiles, diamonds, temporary work, paper and board, printing"),
    3: _("Audiovisual, performing arts, liberal professions, real estate"),
    4: _("Social profit, childcare, home care and elderly care (local governments), funeral services"),
    5: _("Other sectors"),
}


class Lot(models.Model):
    """A lot (perceel) of the programme: a group of joint committees served by service providers."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    target_organizations = models.PositiveIntegerField(_("minimum reach"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return labelled(f"{_('Lot')} {self.number}", self.display_name)

    @property
    def display_name(self) -> str:
        """The name in the user's language while the lot keeps the specification's name; a name
        the programme gave it itself is shown as written."""
        if self.number in SPECIFICATION_LOT_NAMES and self.name == LOT_NAMES.get(self.number):
            return str(SPECIFICATION_LOT_NAMES[self.number])
        return self.name


class SizeClass(models.IntegerChoices):
    """Size classes of annex 3 (question 'Hoeveel werknemers ...')."""

    SELF_EMPLOYED = 1, _("No employees (self-employed)")
    FROM_2 = 2, _("2 to 4 employees")
    FROM_5 = 3, _("5 to 19 employees")
    FROM_20 = 4, _("20 to 49 employees")
    FROM_50 = 5, _("50 to 99 employees")
    FROM_100 = 6, _("100 to 199 employees")
    FROM_200 = 7, _("200 employees or more")

    @classmethod
    def for_employees(cls, employees: int) -> SizeClass:
        """The size class of an organization with this many employees."""
        for limit, size in ((1, cls.SELF_EMPLOYED), (4, cls.FROM_2), (19, cls.FROM_5), (49, cls.FROM_20)):
            if employees <= limit:
                return size
        return cls.FROM_50 if employees <= 99 else cls.FROM_100 if employees <= 199 else cls.FROM_200


class LocalGovernmentCare(models.TextChoices):
    """A local government's care service: lot 4 of the programme without a joint committee."""

    CHILDCARE = "childcare", _("childcare")
    HOME_CARE = "home_care", _("home care")
    ELDERLY_CARE = "elderly_care", _("elderly care")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size_class = models.PositiveSmallIntegerField(_("size"), choices=SizeClass.choices, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    lot = models.ForeignKey(
        Lot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("lot"),
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_organizations",
        verbose_name=_("consultants"),
    )
    # The register (trajectories issue): facts asked once, checked when entered.
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, unique=True, null=True, blank=True
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    joint_committees = models.JSONField(_("joint committees"), default=list, blank=True)
    lot_needs_decision = models.BooleanField(default=False)  # committees in several lots
    local_government_care = models.CharField(
        _("local government care service"),
        max_length=12,
        choices=LocalGovernmentCare.choices,
        blank=True,
        help_text=_(
            "Only for a municipality or public centre for social welfare (OCMW/CPAS): its childcare, "
            "home care or elderly care belongs to lot 4, also without a joint committee."
        ),
    )
    # The organization's L&D profile(s) from the maturity scan, kept here for programme statistics:
    # the consultant's final decision when there is one, else the owner's (or consultant's) scan.
    maturity_profiles = models.JSONField(_("L&D profiles"), default=list, blank=True)
    maturity_profiles_source = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def committees_text(self) -> str:
        """The joint committees, and the local government care service if any: "124, 149.01"."""
        parts = list(self.joint_committees or [])
        if self.local_government_care:
            service = self.get_local_government_care_display()
            parts.append(_("local government: %(service)s") % {"service": service})
        return ", ".join(str(part) for part in parts)
