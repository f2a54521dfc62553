"""The organization and scan-round forms of the management pages, with limits a person understands:
whole numbers in a sensible range, and a minimum group size the round can reach."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from leerscan.accounts.models import Role
from leerscan.core.widgets import DateInput
from leerscan.instrument.loader import get_instrument
from leerscan.organizations.fields import EnterpriseNumberField, JointCommitteesField
from leerscan.organizations.models import Organization, SizeClass
from leerscan.organizations.register import format_enterprise_number, lot_for
from leerscan.organizations.services import announce_lot_change, assign_lot
from leerscan.surveys.models import ScanRound

#: Employees of an organization and expected respondents of a round: from 1 to this.
MAX_PEOPLE = 100_000
#: The largest minimum group size (never more than the round's expected respondents).
MAX_THRESHOLD = 1_000
#: The highest wave number (1 = first measurement, 2 or more = follow-up).
MAX_WAVE = 99


def _range_message(minimum: int, maximum: int) -> str:
    return _("Enter a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}


def whole_number(label, minimum: int, maximum: int, required: bool = False) -> forms.IntegerField:
    """A whole-number field whose every error names the allowed range in plain words."""
    message = lazy(_range_message, str)(minimum, maximum)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class OrganizationForm(forms.ModelForm):
    """Name, sector, size and language; the register's facts (enterprise number, joint committees,
    employees, municipality) are optional here and checked when given."""

    enterprise_number = EnterpriseNumberField(required=False)
    joint_committees = JointCommitteesField(required=False)
    employees = whole_number(Organization._meta.get_field("employees").verbose_name, 1, MAX_PEOPLE)

    class Meta:
        model = Organization
        fields = [
            "name",
            "sector",
            "size_class",
            "language",
            "municipality",
            "employees",
            "enterprise_number",
            "joint_committees",
            "local_government_care",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.enterprise_number:
            self.initial["enterprise_number"] = format_enterprise_number(self.instance.enterprise_number)
        self.initial.setdefault("joint_committees", self.instance.joint_committees or [])
        # Service-provider staff and their consultants work in one lot only.
        profile = getattr(user, "profile", None)
        in_a_lot = profile and profile.role in (Role.SERVICE_PROVIDER, Role.CONSULTANT)
        self.own_lot = profile.service_provider.lot if in_a_lot and profile.service_provider_id else None
        self.lot_before = self.instance.lot_id
        self.consultants_taken_off: list = []

    def clean(self):
        cleaned = super().clean()
        committees = cleaned.get("joint_committees") or []
        care = cleaned.get("local_government_care") or ""
        lot = lot_for(committees, care).lot if committees or care else None
        if self.own_lot and lot and lot != self.own_lot.number:
            self.add_error(
                "joint_committees" if committees else "local_government_care",
                _("These joint committees belong to lot %(lot)s, not to your lot %(own)s.")
                % {"lot": lot, "own": self.own_lot.number}
                if committees
                else _("A local government's care service belongs to lot %(lot)s, not to your lot %(own)s.")
                % {"lot": lot, "own": self.own_lot.number},
            )
        return cleaned

    def clean_enterprise_number(self):
        number = self.cleaned_data["enterprise_number"]
        if (
            number
            and Organization.objects.exclude(pk=self.instance.pk).filter(enterprise_number=number).exists()
        ):
            raise forms.ValidationError(_("This enterprise number is already registered."))
        return number

    def save(self, commit=True):
        organization = super().save(commit=False)
        organization.enterprise_number = self.cleaned_data["enterprise_number"]
        organization.joint_committees = self.cleaned_data["joint_committees"]
        if organization.employees is not None and (
            not self.cleaned_data.get("size_class") or "employees" in self.changed_data
        ):
            organization.size_class = SizeClass.for_employees(organization.employees)
        if {"joint_committees", "local_government_care"} & set(self.changed_data) or not organization.lot_id:
            assign_lot(organization)
        if self.own_lot and not organization.lot_id:
            organization.lot = self.own_lot  # committees in several lots, or none given yet
        if commit:
            organization.save()
            if self.instance.pk and self.lot_before and organization.lot_id != self.lot_before:
                self.consultants_taken_off = announce_lot_change(organization)
        return organization


class ScanRoundForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    variant = forms.ChoiceField(label=gettext_lazy("Questionnaire"))
    wave = whole_number(gettext_lazy("Scan round number"), 1, MAX_WAVE, required=True)
    anonymity_threshold = whole_number(
        ScanRound._meta.get_field("anonymity_threshold").verbose_name,
        settings.LEERSCAN_MIN_ANONYMITY_THRESHOLD,
        MAX_THRESHOLD,
        required=True,
    )
    expected_respondents = whole_number(
        ScanRound._meta.get_field("expected_respondents").verbose_name, 1, MAX_PEOPLE
    )
    reminder_days = forms.CharField(
        label=ScanRound._meta.get_field("reminder_days").verbose_name,
        required=False,
        help_text=gettext_lazy("For e-mail invitations, e.g. 3, 7 (at most three; empty: no reminders)."),
    )

    class Meta:
        model = ScanRound
        fields = [
            "wave",
            "variant",
            "opens_on",
            "closes_on",
            "languages",
            "anonymity_threshold",
            "expected_respondents",
            "reminder_days",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def clean_reminder_days(self):
        return parse_reminder_days(self.cleaned_data.get("reminder_days") or "")

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        days = self.instance.reminder_days if self.instance.pk else [3, 7]
        self.initial["reminder_days"] = ", ".join(str(d) for d in days or [])
        instrument = get_instrument()
        language = (get_language() or "nl")[:2]
        self.fields["variant"].choices = [(v.id, v.label.get(language, v.id)) for v in instrument.variants]
        self.fields["wave"].help_text = ScanRound._meta.get_field("wave").help_text
        self.fields["anonymity_threshold"].help_text = _(
            "Results of groups smaller than this are never shown. At least 3; 5 is recommended."
        )
        if self.instance.results_shown_at:
            # The figures are out: another threshold, wave or questionnaire would give a second,
            # comparable version of them.
            for name in ("anonymity_threshold", "wave", "variant"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the results of this round are already out.")
        if not self.instance.pk:
            self.initial.setdefault("languages", [code for code, _name in settings.LANGUAGES])
            used = set(organization.rounds.values_list("wave", flat=True))
            self.initial.setdefault("wave", max(used, default=0) + 1)

    def clean(self):
        cleaned = super().clean()
        threshold, expected = cleaned.get("anonymity_threshold"), cleaned.get("expected_respondents")
        if threshold and expected and threshold > expected:
            field = (
                "expected_respondents"
                if self.fields["anonymity_threshold"].disabled
                else "anonymity_threshold"
            )
            self.add_error(
                field,
                _(
                    "The minimum group size (%(threshold)s) is larger than the %(expected)s respondents you "
                    "expect, so the results could never be shown. Choose a minimum group size from "
                    "%(min)s to %(expected)s."
                )
                % {
                    "threshold": threshold,
                    "expected": expected,
                    "min": settings.LEERSCAN_MIN_ANONYMITY_THRESHOLD,
                },
            )
        return cleaned

    def clean_wave(self):
        wave = self.cleaned_data["wave"]
        clash = self.organization.rounds.filter(wave=wave).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This organization already has scan round %(wave)d.") % {"wave": wave}
            )
        return wave


def parse_reminder_days(text: str) -> list[int]:
    """ "3, 7" -> [3, 7]; at most three days, each 1 to 90 after opening."""
    try:
        days = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        days = None
    if days is None or len(days) > 3 or any(not 1 <= d <= 90 for d in days):
        raise forms.ValidationError(gettext_lazy("At most three reminders, each 1 to 90 days after opening."))
    return days
