"""The participation cockpit: every open round in the person's scope (a consultant's organizations,
a service provider's lot, the programme's all), with counts, a forecast and one-click actions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import can_manage, role_required, visible_organizations
from leerscan.accounts.models import Role
from leerscan.surveys import cockpit
from leerscan.surveys.access import get_round_for
from leerscan.surveys.models import ScanRound

COCKPIT_ROLES = (Role.PROGRAMME, Role.SERVICE_PROVIDER, Role.CONSULTANT)


@role_required(*COCKPIT_ROLES)
def cockpit_page(request):
    rows = cockpit.rows(visible_organizations(request.user))
    for row in rows:
        row.can_manage = can_manage(request.user, row.scan_round.organization)
    return render(
        request,
        "manage/cockpit.html",
        {
            "rows": rows,
            "target": cockpit.target_rate(),
            "at_risk": sum(row.at_risk for row in rows),
            "today": timezone.localdate(),
            "back": reverse("manage:cockpit"),
        },
    )


@require_POST
@role_required(*COCKPIT_ROLES)
def move_closing(request, pk):
    """Move a round's closing date (not before today or its opening)."""
    scan_round = get_round_for(request.user, pk, manage=True)
    try:
        closes_on = date.fromisoformat(request.POST.get("closes_on", ""))
    except ValueError:
        closes_on = None
    earliest = max(timezone.localdate(), scan_round.opens_on or timezone.localdate())
    if closes_on is None or closes_on < earliest or scan_round.status == ScanRound.Status.CLOSED:
        messages.error(request, _("Choose a closing date from today on, not before the opening."))
    else:
        ScanRound.objects.filter(pk=scan_round.pk).update(closes_on=closes_on)
        messages.success(request, _("The closing date is moved."))
    return redirect("manage:cockpit")
