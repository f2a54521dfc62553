"""What changes a partnership round: create, agree, open, close, save answers (one function each)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from leerscan.accounts.models import ServiceProvider
from leerscan.partnerships.instrument import get_instrument
from leerscan.partnerships.models import (
    OpenAgreement,
    PartnershipResponse,
    PartnershipRound,
    RoundPartner,
    TieReport,
)

FORMS = ("f1", "f2", "f3")


@transaction.atomic
def create_round(lot, mode: str = PartnershipRound.Mode.CONFIDENTIAL, inactive=()) -> PartnershipRound:
    """A new round for ``lot`` with every provider of the lot as a node (``inactive`` ones expect no
    answer)."""
    number = (PartnershipRound.objects.filter(lot=lot).aggregate(n=Max("number"))["n"] or 0) + 1
    new = PartnershipRound.objects.create(
        lot=lot, number=number, mode=mode, instrument_version=get_instrument().version
    )
    inactive_ids = {p.pk for p in inactive}
    RoundPartner.objects.bulk_create(
        RoundPartner(round=new, provider=p, active=p.pk not in inactive_ids, is_coordinator=p.is_coordinator)
        for p in ServiceProvider.objects.filter(lot=lot)
    )
    return new


def missing_agreements(round: PartnershipRound) -> list[ServiceProvider]:
    """Active partners that have not yet agreed to open reflection."""
    agreed = set(round.agreements.values_list("provider_id", flat=True))
    return [rp.provider for rp in round.partners.filter(active=True) if rp.provider_id not in agreed]


def record_agreement(round: PartnershipRound, user, provider: ServiceProvider) -> OpenAgreement:
    """Record ``provider``'s agreement to open reflection (once; a second click changes nothing)."""
    if round.status != PartnershipRound.Status.DRAFT:
        raise ValidationError(_("Agreements are recorded before the round opens."))
    agreement, _created = OpenAgreement.objects.get_or_create(
        round=round, provider=provider, defaults={"agreed_by": user}
    )
    return agreement


def open_round(round: PartnershipRound) -> None:
    """Open the round; open reflection needs every active partner's recorded agreement first."""
    if round.status != PartnershipRound.Status.DRAFT:
        raise ValidationError(_("This round is not in preparation."))
    if round.is_open_mode and missing_agreements(round):
        raise ValidationError(_("Every active partner must agree to open reflection before the round opens."))
    round.status, round.opened_at = PartnershipRound.Status.OPEN, timezone.now()
    round.save(update_fields=["status", "opened_at"])


def close_round(round: PartnershipRound) -> None:
    if round.status == PartnershipRound.Status.OPEN:
        round.status, round.closed_at = PartnershipRound.Status.CLOSED, timezone.now()
        round.save(update_fields=["status", "closed_at"])


def _contribution(value) -> int | None:
    return int(value) if str(value) in ("1", "2", "3", "4") else None


@transaction.atomic
def save_answers(round: PartnershipRound, user, provider, answers: dict, ties: dict, submit: bool):
    """Save one respondent's answers in one transaction; saving the same form twice changes nothing.

    ``answers``: question id -> code / codes / text (parts B-E, already checked by the form).
    ``ties``: alter provider id -> {"f1": bool, ..., "f2_direction": str, "contribution_f1": 1-4 ...}.
    """
    if round.status != PartnershipRound.Status.OPEN:
        raise ValidationError(_("This round is not open."))
    response, _created = PartnershipResponse.objects.select_for_update().get_or_create(
        round=round, respondent=user, defaults={"provider": provider}
    )
    response.answers = answers
    if submit and response.submitted_at is None:
        response.submitted_at = timezone.now()
    response.save()
    alters = set(round.partners.exclude(provider=provider).values_list("provider_id", flat=True))
    for alter_id, tie in ties.items():
        if alter_id not in alters:
            continue  # only the lot's other providers are scored ties
        forms = {f: bool(tie.get(f)) for f in FORMS}
        TieReport.objects.update_or_create(
            response=response,
            alter_id=alter_id,
            defaults={
                **forms,
                "f2_direction": tie.get("f2_direction", "") if forms["f2"] else "",
                **{
                    f"contribution_{f}": _contribution(tie.get(f"contribution_{f}")) if forms[f] else None
                    for f in FORMS
                },
            },
        )
    return response
