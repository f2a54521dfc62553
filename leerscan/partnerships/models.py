"""Partnership rounds of a lot, their partners, the open-reflection agreements, and the answers.

A round is confidential by default: each respondent sees only their own circle, and the programme sees
results pooled over lots with at least 5 respondents. In open reflection every active partner of the
lot agreed (recorded here) before the round opened; the lot's partners and the programme then see the
map, the layer profile and the perception gaps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerscan.accounts.models import ServiceProvider
from leerscan.organizations.models import Lot


class PartnershipRound(models.Model):
    class Mode(models.TextChoices):
        CONFIDENTIAL = "confidential", _("Confidential")
        OPEN = "open", _("Open reflection")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="partnership_rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.CONFIDENTIAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    instrument_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lot__number", "number"]
        constraints = [models.UniqueConstraint(fields=["lot", "number"], name="one_partnership_round_number")]

    def __str__(self) -> str:
        return f"{self.lot} · {_('round')} {self.number}"

    @property
    def is_open_mode(self) -> bool:
        return self.mode == self.Mode.OPEN


class RoundPartner(models.Model):
    """A provider of the lot as a node of this round (membership may change between rounds)."""

    round = models.ForeignKey(PartnershipRound, on_delete=models.CASCADE, related_name="partners")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    is_coordinator = models.BooleanField(default=False)

    class Meta:
        ordering = ["provider__name"]
        constraints = [models.UniqueConstraint(fields=["round", "provider"], name="one_node_per_provider")]

    def __str__(self) -> str:
        return str(self.provider)


class OpenAgreement(models.Model):
    """A partner's recorded agreement to open reflection, before the round opens."""

    round = models.ForeignKey(PartnershipRound, on_delete=models.CASCADE, related_name="agreements")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="one_agreement_per_partner")
        ]

    def __str__(self) -> str:
        return str(self.provider)


class PartnershipResponse(models.Model):
    """One consultant's answers (or a provider's group answer) in a round: parts B-E as a dict."""

    round = models.ForeignKey(PartnershipRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="+")
    is_group_response = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="one_response_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.provider}"


class TieReport(models.Model):
    """Part A: what a respondent says about one other provider of the lot."""

    class Direction(models.TextChoices):
        GIVE = "give", _("I give")
        RECEIVE = "receive", _("I receive")
        BOTH = "both", _("Both")

    response = models.ForeignKey(PartnershipResponse, on_delete=models.CASCADE, related_name="ties")
    alter = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="+")
    f1 = models.BooleanField(default=False)
    f2 = models.BooleanField(default=False)
    f3 = models.BooleanField(default=False)
    f2_direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    contribution_f1 = models.PositiveSmallIntegerField(null=True, blank=True)
    contribution_f2 = models.PositiveSmallIntegerField(null=True, blank=True)
    contribution_f3 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "alter"], name="one_report_per_alter")]

    def __str__(self) -> str:
        return f"{self.response.provider} -> {self.alter}"

    @property
    def forms(self) -> list[str]:
        return [f for f in ("f1", "f2", "f3") if getattr(self, f)]

    @property
    def contribution(self) -> int | None:
        """The highest contribution over the ticked forms (design note 1.4)."""
        values = [getattr(self, f"contribution_{f}") for f in self.forms]
        values = [v for v in values if v]
        return max(values) if values else None
