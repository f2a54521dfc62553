"""Who may see and change which organization. Every view goes through these functions.

Organizations a user may not see answer 404 (not 403), so that their existence is not revealed.
"""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from leerscan.accounts.models import Role
from leerscan.organizations.models import Organization


def role_of(user) -> str | None:
    """The user's role, or None for anonymous users and users without a profile."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def visible_organizations(user) -> QuerySet[Organization]:
    """Organizations whose aggregated results ``user`` may see."""
    role = role_of(user)
    everything = Organization.objects.all()
    if role in (Role.ADMIN, Role.PROGRAMME):
        return everything
    if role == Role.SERVICE_PROVIDER and user.profile.service_provider_id:
        return everything.filter(lot_id=user.profile.service_provider.lot_id)
    if role == Role.CONSULTANT:
        return everything.filter(consultants=user)
    if role == Role.ORGANIZATION and user.profile.organization_id:
        return everything.filter(pk=user.profile.organization_id)
    return everything.none()


def can_manage(user, organization: Organization) -> bool:
    """May ``user`` change this organization and its scan rounds (not only look)?"""
    role = role_of(user)
    if role == Role.PROGRAMME or role is None:
        return False
    return visible_organizations(user).filter(pk=organization.pk).exists()


def can_create_organizations(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.SERVICE_PROVIDER, Role.CONSULTANT, Role.ORGANIZATION)


def get_organization_for(user, pk: int, manage: bool = False) -> Organization:
    """The organization if ``user`` may see it (and change it, with ``manage``), else 404/403."""
    organization = visible_organizations(user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    if manage and not can_manage(user, organization):
        raise PermissionDenied(f"may see organization {pk} but not change it ({role_of(user)} role)")
    return organization


def role_required(*roles):
    """View decorator: logged in, and with one of ``roles`` (any role when none given)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = role_of(request.user)
            if role is None:
                raise PermissionDenied("the user has no role (set one in /admin/)")
            if roles and role not in roles and role != Role.ADMIN:
                allowed = ", ".join(str(r) for r in roles)
                raise PermissionDenied(f"page for the {allowed} role(s), not for the {role} role")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_manage_trajectory(user, organization: Organization) -> bool:
    """May ``user`` record this organization's trajectory (service provider of its lot, its consultant)?

    The organization contact and the programme may read it; the programme decides on eligibility.
    """
    if role_of(user) not in (Role.ADMIN, Role.SERVICE_PROVIDER, Role.CONSULTANT):
        return False
    return visible_organizations(user).filter(pk=organization.pk).exists()


def can_review_eligibility(user) -> bool:
    """Only the programme (and platform administrators) approve eligibility."""
    return role_of(user) in (Role.ADMIN, Role.PROGRAMME)


def programme_lot_ids(user) -> list[int] | None:
    """The lots whose programme figures ``user`` may see: None for all (programme, admin), the own lot for
    service-provider staff, an empty list for everybody else."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.PROGRAMME):
        return None
    if role == Role.SERVICE_PROVIDER and user.profile.service_provider_id:
        return [user.profile.service_provider.lot_id]
    return []
