"""Who may see and change which scan round: the round's organization decides (``accounts.access``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from leerscan.accounts.access import can_manage, role_of, visible_organizations
from leerscan.surveys.models import ScanRound


def get_round_for(user, pk: int, manage: bool = False) -> ScanRound:
    """The scan round if ``user`` may see its organization (and change it, with ``manage``)."""
    scan_round = (
        ScanRound.objects.select_related("organization")
        .filter(pk=pk, organization__in=visible_organizations(user))
        .first()
    )
    if scan_round is None:
        raise Http404
    if manage and not can_manage(user, scan_round.organization):
        raise PermissionDenied(f"may see scan round {pk} but not change it ({role_of(user)} role)")
    return scan_round
