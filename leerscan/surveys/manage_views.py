"""Pages for organization contacts, consultants, service providers and the programme.

Every view checks the role and the organization through ``leerscan.accounts.access``.
"""

from __future__ import annotations

from collections import Counter

import segno
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
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
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.organizations.models import Lot
from leerscan.organizations.services import unlisted_committees
from leerscan.surveys import mailing, respond
from leerscan.surveys.access import get_round_for
from leerscan.surveys.manage_forms import OrganizationForm, ScanRoundForm
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.paper import results_shown_message
from leerscan.surveys.results import response_rate, summarize_round


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
            "lots": Lot.objects.filter(organizations__in=organizations).distinct(),
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
    return render(
        request,
        "manage/form.html",
        {"form": form, "title": _("New organization"), "back_url": reverse("manage:dashboard")},
    )


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
        {
            "form": form,
            "title": _("New scan round"),
            "organization": organization,
            "back_url": reverse("manage:organization", args=[organization.pk]),
        },
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
        {
            "form": form,
            "title": _("Change scan round"),
            "organization": scan_round.organization,
            "scan_round": scan_round,
            "back_url": reverse("manage:round", args=[scan_round.pk]),
        },
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
    rate = response_rate(submitted, scan_round.expected_respondents)
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
            "personal_used": scan_round.invitations.filter(started=True).count(),
            "results_shown_message": results_shown_message(),
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
        if new_status == ScanRound.Status.CLOSED:
            mailing.erase_addresses(scan_round)
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
    if request.method == "POST" and scan_round.status == ScanRound.Status.CLOSED:
        messages.error(request, _("The round is closed: nobody can answer now. Reopen it to invite people."))
        return redirect("manage:round", pk=scan_round.pk)
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
