"""Which trajectory, consultants and lots a user may see or change on a trajectory page (404 for
organizations the user may not see, 403 for changes the role may not make).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from leerscan.accounts.access import can_manage_trajectory, get_organization_for, programme_lot_ids
from leerscan.accounts.models import Role
from leerscan.trajectories.models import Trajectory


def trajectory_for(request, pk: int, manage: bool = False) -> Trajectory:
    """The organization's trajectory if the user may see it (and record it, with ``manage``)."""
    organization = get_organization_for(request.user, pk)
    trajectory = Trajectory.objects.filter(organization=organization).select_related("organization").first()
    if trajectory is None:
        raise Http404
    if manage and not can_manage_trajectory(request.user, organization):
        raise PermissionDenied(f"may read the trajectory of organization {pk} but not record it")
    return trajectory


def assignable_consultants(trajectory: Trajectory):
    """Consultants of the service providers of the organization's lot."""
    organization = trajectory.organization
    if not organization.lot_id:
        return User.objects.none()
    return User.objects.filter(
        profile__role=Role.CONSULTANT, profile__service_provider__lot_id=organization.lot_id, is_active=True
    ).order_by("username")


def programme_scope(request):
    """(lot ids the user may see or None for all, the chosen lot number or None) — 404 for others."""
    allowed = programme_lot_ids(request.user)
    if allowed == []:
        raise Http404
    chosen = request.GET.get("lot") or None
    if chosen is not None and not chosen.isdigit():
        raise Http404
    return allowed, chosen
