"""Who may open, answer and see what in the partnership scan. Every view goes through these functions.

- The programme (and platform administrators) and the lot's coordinator open rounds.
- Respondents are the people of the lot's active providers (provider staff and the providers' own
  consultants; a subcontractor's consultant is context, never a scored tie).
- Confidential mode: a respondent sees their own circle; the programme sees only pooled results over
  lots with at least 5 respondents; nobody sees tie-level data.
- Open reflection: the lot's partners and the programme see the map, the profile and the gaps.
"""

from __future__ import annotations

from django.http import Http404

from leerscan.accounts.access import role_of
from leerscan.accounts.models import Role, ServiceProvider
from leerscan.partnerships.models import PartnershipRound

PEOPLE_OF_A_PROVIDER = (Role.SERVICE_PROVIDER, Role.CONSULTANT)


def own_provider(user) -> ServiceProvider | None:
    """The provider ``user`` works for (staff or its own consultant), else None."""
    if role_of(user) not in PEOPLE_OF_A_PROVIDER:
        return None
    profile = user.profile
    if profile.subcontractor_id or not profile.service_provider_id:
        return None
    return profile.service_provider


def is_programme(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.PROGRAMME)


def visible_rounds(user):
    """Rounds whose page ``user`` may open: all for the programme, the own lot's for its people."""
    rounds = PartnershipRound.objects.select_related("lot")
    if is_programme(user):
        return rounds
    provider = own_provider(user)
    return rounds.filter(lot_id=provider.lot_id) if provider else rounds.none()


def get_round_for(user, pk: int) -> PartnershipRound:
    """The round if ``user`` may see its page, else 404 (its existence is not revealed)."""
    found = visible_rounds(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_open_for_lot(user, lot_id: int) -> bool:
    """The programme, or the staff of the lot's coordinating provider."""
    if is_programme(user):
        return True
    provider = own_provider(user)
    return (
        role_of(user) == Role.SERVICE_PROVIDER
        and provider is not None
        and provider.lot_id == lot_id
        and provider.is_coordinator
    )


def respondent_provider(user, round: PartnershipRound) -> ServiceProvider | None:
    """The active partner ``user`` answers for in this round, or None (not a respondent)."""
    provider = own_provider(user)
    if provider is None:
        return None
    if not round.partners.filter(provider=provider, active=True).exists():
        return None
    return provider


def can_agree(user, round: PartnershipRound) -> bool:
    """Provider staff of an active partner record its agreement to open reflection."""
    return role_of(user) == Role.SERVICE_PROVIDER and respondent_provider(user, round) is not None


def can_see_lot_results(user, round: PartnershipRound) -> bool:
    """Map, profile and gaps: only in open reflection, for the lot's partners and the programme."""
    if not round.is_open_mode or round.status == PartnershipRound.Status.DRAFT:
        return False
    if is_programme(user):
        return True
    provider = own_provider(user)
    return provider is not None and round.partners.filter(provider=provider).exists()
