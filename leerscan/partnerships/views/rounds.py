"""The rounds of a lot: the list, a new round, agreeing to open reflection, opening and closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.organizations.models import Lot
from leerscan.partnerships import access, services
from leerscan.partnerships.models import PartnershipResponse, PartnershipRound


def _lots_to_open(user):
    return [lot for lot in Lot.objects.all() if access.can_open_for_lot(user, lot.pk)]


@role_required()
def index(request):
    """The rounds the user may see, and a form to start one where the user may."""
    rounds = access.visible_rounds(request.user)
    if not rounds.exists() and not _lots_to_open(request.user) and access.own_provider(request.user) is None:
        raise PermissionDenied("no partnership rounds for this role")
    return render(
        request,
        "partnerships/index.html",
        {
            "rounds": rounds,
            "lots": _lots_to_open(request.user),
            "modes": PartnershipRound.Mode.choices,
            "programme": access.is_programme(request.user),
        },
    )


@require_POST
@role_required()
def create(request):
    lot = get_object_or_404(Lot, pk=request.POST.get("lot") or 0)
    if not access.can_open_for_lot(request.user, lot.pk):
        raise PermissionDenied("only the programme or the lot's coordinator starts a round")
    mode = request.POST.get("mode")
    if mode not in PartnershipRound.Mode.values:
        mode = PartnershipRound.Mode.CONFIDENTIAL
    new = services.create_round(lot, mode)
    return redirect("partnerships:round", new.pk)


@role_required()
def detail(request, pk):
    round = access.get_round_for(request.user, pk)
    provider = access.respondent_provider(request.user, round)
    response = (
        PartnershipResponse.objects.filter(round=round, respondent=request.user).first() if provider else None
    )
    agreed = set(round.agreements.values_list("provider_id", flat=True))
    return render(
        request,
        "partnerships/round.html",
        {
            "round": round,
            "partners": [
                {"partner": p, "agreed": p.provider_id in agreed}
                for p in round.partners.select_related("provider")
            ],
            "missing": services.missing_agreements(round) if round.is_open_mode else [],
            "can_manage": access.can_open_for_lot(request.user, round.lot_id),
            "can_agree": access.can_agree(request.user, round) and round.status == round.Status.DRAFT,
            "own_agreed": provider is not None and provider.pk in agreed,
            "respondent": provider is not None and round.status == round.Status.OPEN,
            "response": response,
            "results": access.can_see_lot_results(request.user, round),
            "programme": access.is_programme(request.user),
            "submitted": round.responses.filter(submitted_at__isnull=False).count(),
        },
    )


@require_POST
@role_required()
def agree(request, pk):
    round = access.get_round_for(request.user, pk)
    if not access.can_agree(request.user, round):
        raise PermissionDenied("only the staff of an active partner agree for it")
    try:
        services.record_agreement(round, request.user, access.own_provider(request.user))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your organization's agreement to open reflection is recorded."))
    return redirect("partnerships:round", round.pk)


@require_POST
@role_required()
def change_status(request, pk, action):
    round = access.get_round_for(request.user, pk)
    if not access.can_open_for_lot(request.user, round.lot_id):
        raise PermissionDenied("only the programme or the lot's coordinator opens and closes a round")
    try:
        if action == "open":
            services.open_round(round)
        else:
            services.close_round(round)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("partnerships:round", round.pk)
