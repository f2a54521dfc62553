"""Who may see the people of an organization and their assessments (personal data, not anonymous).

Built on ``leerscan.accounts.access``: an organization a user may not see answers 404.

| who | individuals' assessments |
| --- | --- |
| platform admin | yes (administers) |
| consultant assigned to the organization | yes |
| organization contact (owner / HR) of the organization | yes |
| the person's manager (personal link) | their direct reports still working there |
| the person (personal link) | their own |
| programme, service provider | no: aggregated counts only |

A personal link stops opening the pages once its owner has left (``left_on`` reached): they can
still download or delete their own data. Reports who left are not reachable through a manager's link.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from leerscan.accounts.access import get_organization_for, role_of, visible_organizations
from leerscan.accounts.models import Role
from leerscan.competences.models import Employee, Matrix
from leerscan.competences.services import active_people
from leerscan.organizations.models import Organization

PEOPLE_ROLES = (Role.ADMIN, Role.CONSULTANT, Role.ORGANIZATION)


def sees_people(user, organization: Organization) -> bool:
    """May ``user`` see (and work on) this organization's matrices, people and their assessments?"""
    if role_of(user) not in PEOPLE_ROLES:
        return False
    return visible_organizations(user).filter(pk=organization.pk).exists()


def get_organization_with_people(user, pk: int) -> Organization:
    """The organization when ``user`` may see its people; 404 when it is not visible, 403 when only
    its aggregated figures are."""
    organization = get_organization_for(user, pk)
    if not sees_people(user, organization):
        raise PermissionDenied(f"sees only the totals of organization {pk}, not its people")
    return organization


def get_matrix_for(user, pk: int, matrix_pk: int) -> Matrix:
    organization = get_organization_with_people(user, pk)
    return get_object_or_404(
        Matrix.objects.select_related("organization"), pk=matrix_pk, organization=organization
    )


def get_employee_for(user, pk: int, employee_pk: int) -> Employee:
    organization = get_organization_with_people(user, pk)
    return get_object_or_404(
        Employee.objects.select_related("organization", "role__matrix", "manager"),
        pk=employee_pk,
        organization=organization,
    )


def employee_by_token(token: str) -> Employee:
    """The person a personal link belongs to (404 for an unknown or revoked link)."""
    return get_object_or_404(
        Employee.objects.select_related("organization", "role__matrix", "manager"), token=token
    )


def get_report_for(manager: Employee, employee_pk: int) -> Employee:
    """A direct report of ``manager`` who still works in the organization (404 for anyone else,
    including a report who left)."""
    return get_object_or_404(
        active_people(manager.organization).select_related("organization", "role__matrix"),
        pk=employee_pk,
        manager=manager,
    )
