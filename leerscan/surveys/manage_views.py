"""Pages for organization contacts, consultants, service providers and the programme.

Every view checks the role and the organization through ``leerscan.accounts.access``.
"""

from __future__ import annotations

from collections import Counter

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import (
    can_create_organizations,
    can_manage,
    get_organization_for,
    role_of,
    role_required,
    visible_organizations,
)
from leerscan.accounts.models import Role
from leerscan.core.downloads import table_download
from leerscan.core.widgets import DateInput
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.organizations.fields import EnterpriseNumberField, JointCommitteesField
from leerscan.organizations.models import Organization, SizeClass
from leerscan.organizations.register import format_enterprise_number, lot_for
from leerscan.organizations.services import announce_lot_change, assign_lot, unlisted_committees
from leerscan.surveys import respond
from leerscan.surveys.access import get_round_for
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.paper import results_shown_message
from leerscan.surveys.results import summarize_round


class OrganizationForm(forms.ModelForm):
    """Name, sector, size and language; the register's facts (enterprise number, joint committees,
    employees, municipality) are optional here and checked when given."""

    enterprise_number = EnterpriseNumberField(required=False)
    joint_committees = JointCommitteesField(required=False)

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
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        instrument = get_instrument()
        from django.utils.translation import get_language

        language = (get_language() or "nl")[:2]
        self.fields["variant"].choices = [(v.id, v.label.get(language, v.id)) for v in instrument.variants]
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

    def clean_anonymity_threshold(self):
        value = self.cleaned_data["anonymity_threshold"]
        if value < settings.LEERSCAN_MIN_ANONYMITY_THRESHOLD:
            raise forms.ValidationError(
                _("The minimum group size cannot be lower than %(min)d.")
                % {"min": settings.LEERSCAN_MIN_ANONYMITY_THRESHOLD}
            )
        return value

    def clean_wave(self):
        wave = self.cleaned_data["wave"]
        clash = self.organization.rounds.filter(wave=wave).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This organization already has a round for wave %(wave)d.") % {"wave": wave}
            )
        return wave


@role_required()
def dashboard(request):
    """The organizations this user may see, with their rounds."""
    organizations = visible_organizations(request.user).prefetch_related("rounds")
    return render(
        request,
        "manage/dashboard.html",
        {
            "organizations": organizations,
            "can_create": can_create_organizations(request.user),
            "role": role_of(request.user),
        },
    )


@role_required(Role.SERVICE_PROVIDER, Role.CONSULTANT, Role.ORGANIZATION)
def organization_create(request):
    if role_of(request.user) == Role.ORGANIZATION and request.user.profile.organization_id:
        messages.info(request, _("Your account already belongs to an organization."))
        return redirect("manage:dashboard")
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organization = form.save()
            profile = request.user.profile
            if profile.role == Role.CONSULTANT:
                organization.consultants.add(request.user)
            if profile.role == Role.ORGANIZATION:
                profile.organization = organization
                profile.save(update_fields=["organization"])
        messages.success(request, _("Organization created."))
        return redirect("manage:organization", pk=organization.pk)
    return render(request, "manage/form.html", {"form": form, "title": _("New organization")})


@role_required()
def organization_edit(request, pk):
    """Change the organization's facts. A change of its register facts after the programme approved
    eligibility asks for a new approval (see the trajectory page)."""
    organization = get_organization_for(request.user, pk, manage=True)
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        if form.consultants_taken_off:
            messages.info(
                request,
                _(
                    "The organization is now in lot %(lot)s. "
                    "Consultants of other lots no longer coach it: %(names)s."
                )
                % {
                    "lot": organization.lot.number,
                    "names": ", ".join(u.username for u in form.consultants_taken_off),
                },
            )
        return redirect("manage:organization", pk=organization.pk)
    return render(
        request,
        "manage/form.html",
        {
            "form": form,
            "title": _("Change organization"),
            "organization": organization,
            "back_url": reverse("manage:organization", args=[organization.pk]),
        },
    )


@role_required()
def organization_detail(request, pk):
    organization = get_organization_for(request.user, pk)
    rounds = [(r, progress_counts(r)) for r in organization.rounds.all()]
    return render(
        request,
        "manage/organization.html",
        {
            "organization": organization,
            "rounds": rounds,
            "can_manage": can_manage(request.user, organization),
            "trajectory": getattr(organization, "trajectory", None),
            "unlisted_committees": unlisted_committees(organization),
        },
    )


@role_required()
def round_create(request, pk):
    organization = get_organization_for(request.user, pk, manage=True)
    form = ScanRoundForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        scan_round = form.save(commit=False)
        scan_round.organization = organization
        instrument = get_instrument()
        scan_round.instrument_id, scan_round.instrument_version = instrument.id, instrument.version
        scan_round.save()
        messages.success(request, _("Scan round created. Open it when you are ready."))
        return redirect("manage:round", pk=scan_round.pk)
    return render(
        request,
        "manage/form.html",
        {"form": form, "title": _("New scan round"), "organization": organization},
    )


@role_required()
def round_edit(request, pk):
    scan_round = get_round_for(request.user, pk, manage=True)
    form = ScanRoundForm(request.POST or None, instance=scan_round, organization=scan_round.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("manage:round", pk=scan_round.pk)
    return render(
        request,
        "manage/form.html",
        {"form": form, "title": _("Change scan round"), "organization": scan_round.organization},
    )


def progress_counts(scan_round: ScanRound) -> dict:
    """Started and submitted responses, the response rate, and submissions per day — never per person."""
    responses = Response.objects.filter(scan_round=scan_round)
    started = responses.count()
    submitted_dates = list(
        responses.filter(status=Response.Status.SUBMITTED).values_list("submitted_at", flat=True)
    )
    submitted = len(submitted_dates)
    from django.utils import timezone

    per_day = Counter(timezone.localtime(d).date() for d in submitted_dates if d)
    rate = (
        round(100 * submitted / scan_round.expected_respondents) if scan_round.expected_respondents else None
    )
    return {
        "started": started,
        "submitted": submitted,
        "unfinished": started - submitted,
        "refusals": scan_round.refusals,
        "response_rate": rate,
        # a rate over 100% is shown as "more than expected", with the numbers, never as 10010%
        "over_expected": rate is not None and submitted > scan_round.expected_respondents,
        "per_day": sorted(per_day.items()),
    }


def scale_rows(summary, language: str) -> list[dict]:
    """Scale means of a round summary for display (empty when the group is too small).

    A scale answered by fewer people than the threshold has no mean and ``suppressed`` True.
    """
    if not summary.shown:
        return []
    instrument = get_instrument(summary.scan_round.instrument_id)
    rows = []
    for scale in instrument.scales:
        suppressed = scale.key in summary.suppressed
        mean = None if suppressed else summary.means.get(scale.key)
        rows.append(
            {
                "label": translate(scale.label, language),
                "metric": scale.metric,
                "mean": None if mean is None or mean != mean else float(mean),
                "suppressed": suppressed,
            }
        )
    return rows


@role_required()
def round_detail(request, pk):
    scan_round = get_round_for(request.user, pk)
    summary = summarize_round(scan_round)
    language = (get_language() or "nl")[:2]
    link = request.build_absolute_uri(reverse("respond:landing", args=[scan_round.public_token]))
    return render(
        request,
        "manage/round.html",
        {
            "scan_round": scan_round,
            "organization": scan_round.organization,
            "link": link,
            "progress": progress_counts(scan_round),
            "can_manage": can_manage(request.user, scan_round.organization),
            "invitations": scan_round.invitations.count(),
            "summary": summary,
            "scales": scale_rows(summary, language),
            "personal_used": scan_round.invitations.filter(response__isnull=False).count(),
        },
    )


@require_POST
@role_required()
def round_status(request, pk):
    """Open, close or reopen a round. Closing never deletes answers."""
    scan_round = get_round_for(request.user, pk, manage=True)
    action = request.POST.get("action")
    new_status = {
        "open": ScanRound.Status.OPEN,
        "close": ScanRound.Status.CLOSED,
        "reopen": ScanRound.Status.OPEN,
    }.get(action)
    if new_status is None:
        messages.error(request, _("Unknown action."))
    elif action == "reopen" and scan_round.results_shown_at:
        messages.error(request, results_shown_message())
    else:
        ScanRound.objects.filter(pk=scan_round.pk).update(status=new_status)
        messages.success(
            request,
            {
                "open": _("The round is open: people can answer now."),
                "close": _("The round is closed. All answers are kept."),
                "reopen": _("The round is open again."),
            }[action],
        )
    return redirect("manage:round", pk=scan_round.pk)


@role_required()
def round_poster(request, pk):
    """A printable poster with the QR code and the link (for a canteen wall)."""
    scan_round = get_round_for(request.user, pk)
    link = request.build_absolute_uri(reverse("respond:landing", args=[scan_round.public_token]))
    qr = segno.make(link, error="m")
    return render(
        request,
        "manage/poster.html",
        {
            "scan_round": scan_round,
            "organization": scan_round.organization,
            "link": link,
            "qr_svg": qr.svg_inline(
                scale=8, dark="#000", light="#fff", title=_("QR code to the questionnaire")
            ),
        },
    )


@role_required()
def round_invitations(request, pk):
    """Create a batch of single-use links and download them as CSV (leerscan never needs names)."""
    scan_round = get_round_for(request.user, pk, manage=True)
    if request.method == "POST":
        try:
            count = int(request.POST.get("count", "0"))
            invitations = respond.create_invitations(scan_round, count)
        except ValueError:
            messages.error(request, _("Enter a number from 1 to 2000."))
            return redirect("manage:round", pk=scan_round.pk)
        rows = [
            [number, request.build_absolute_uri(reverse("respond:personal", args=[invitation.token]))]
            for number, invitation in enumerate(invitations, start=1)
        ]
        return table_download(["number", "link"], rows, "csv", f"leerscan-links-round-{scan_round.pk}")
    return redirect("manage:round", pk=scan_round.pk)


@role_required()
def round_progress(request, pk):
    """Progress figures only (used by htmx to refresh the round page)."""
    scan_round = get_round_for(request.user, pk)
    return render(
        request, "manage/_progress.html", {"scan_round": scan_round, "progress": progress_counts(scan_round)}
    )
