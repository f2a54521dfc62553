"""Adding people to the matrices (a form sent twice adds nobody twice), their personal links and the
language of their own pages."""

from __future__ import annotations

from django.db import transaction

from leerscan.competences import matrix as logic
from leerscan.competences.models import Employee, JobRole
from leerscan.core.tokens import new_token
from leerscan.organizations.models import Organization


def add_people(
    organization: Organization, names: list[str], role: JobRole | None, manager: Employee | None
) -> tuple[list[str], list[str]]:
    """Add people by name; a name already in the organization (case, accents and spacing ignored)
    or twice in the list is skipped, so a form sent twice adds nobody twice. Returns (added, skipped)."""
    added: list[str] = []
    skipped: list[str] = []
    with transaction.atomic():
        # PostgreSQL: a second request waits here until the first is stored (SQLite writes one at a time).
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        known = {
            logic.normalize(name) for name in organization.competence_people.values_list("name", flat=True)
        }
        for name in names:
            key = logic.normalize(name)
            if key in known:
                skipped.append(name)
                continue
            known.add(key)
            Employee.objects.create(
                organization=organization,
                name=name,
                role=role,
                manager=manager,
                language=organization.language,
            )
            added.append(name)
    return added, skipped


def issue_link(employee: Employee) -> None:
    """A new personal link; the old one stops working."""
    employee.token = new_token()
    employee.save(update_fields=["token"])


def revoke_link(employee: Employee) -> None:
    employee.token = None
    employee.save(update_fields=["token"])


def set_language(employee: Employee, language: str) -> None:
    """The language of the person's own pages (and of their data download)."""
    Employee.objects.filter(pk=employee.pk).update(language=language)
