"""Loading an organization's matrices, people and levels for the plain logic in ``matrix.py``, and
who counts as still working there.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from leerscan.competences import matrix as logic
from leerscan.competences.models import Assessment, Competence, Employee, JobRole, Requirement
from leerscan.organizations.models import Organization


def active_people(organization: Organization):
    """The people still working in the organization (no leaving date, or one in the future)."""
    today = timezone.localdate()
    return organization.competence_people.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


def organization_data(organization: Organization) -> logic.MatrixData:
    """The organization's matrices, active people and agreed levels as plain data."""
    data = logic.MatrixData()
    for matrix in organization.competence_matrices.all():
        data.level_counts[matrix.pk] = matrix.level_count
    for competence in Competence.objects.filter(matrix__organization=organization):
        data.competences[competence.pk] = logic.Competence(
            competence.pk, competence.matrix_id, competence.name, competence.critical
        )
    for role in JobRole.objects.filter(matrix__organization=organization):
        data.roles[role.pk] = logic.Role(role.pk, role.matrix_id, role.name)
    for person in active_people(organization).select_related("role"):
        data.people[person.pk] = logic.Person(
            person.pk,
            person.name,
            person.role_id,
            person.role.matrix_id if person.role_id else None,
            person.manager_id,
        )
    for requirement in Requirement.objects.filter(role__matrix__organization=organization):
        data.required[(requirement.role_id, requirement.competence_id)] = requirement.level
    for employee_id, competence_id, level in Assessment.objects.filter(
        employee__organization=organization, source=Assessment.Source.AGREED
    ).values_list("employee_id", "competence_id", "level"):
        if employee_id in data.people:
            data.agreed[(employee_id, competence_id)] = level
    return data


def levels_table(employee: Employee) -> dict[int, dict[str, Assessment]]:
    """competence id -> {source: assessment} for one person."""
    table: dict[int, dict[str, Assessment]] = {}
    for assessment in employee.assessments.all():
        table.setdefault(assessment.competence_id, {})[assessment.source] = assessment
    return table
