"""The competence matrix's database work: loading an organization for the plain logic in
``matrix.py``, saving assessments (after consent, transactional, idempotent), copying, importing
and exporting matrices, a person's export and deletion, the retention purge, and the training plan.

For the trajectory records: :func:`training_plan_progress` and the fragment
``competences/_plan_progress.html`` (context variable ``plan_progress``).
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leerscan.competences import matrix as logic
from leerscan.competences.models import (
    Assessment,
    Competence,
    Employee,
    JobRole,
    Matrix,
    PlanAction,
    Requirement,
)
from leerscan.competences.scale import STANDARD_LEVELS, levels_of
from leerscan.competences.workbook import CompetenceSpec, MatrixSpec, read_matrix_file, write_matrix_workbook
from leerscan.surveys.models import Organization, new_token

PlanProgress = logic.PlanProgress


class ConsentMissing(Exception):
    """Assessments of a person are stored only after they agreed."""


def retention_months() -> int:
    """Months after someone left before their data are deleted (``LEERSCAN_COMPETENCE_RETENTION_MONTHS``)."""
    return int(settings.LEERSCAN_COMPETENCE_RETENTION_MONTHS)


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


def give_consent(employee: Employee, source: str, user=None) -> None:
    """Record that the person agreed that their assessments are stored (idempotent)."""
    if employee.consent_at is None:
        employee.consent_at = timezone.now()
        employee.consent_source = source
        employee.consent_recorded_by = user if source == Employee.Consent.RECORDED else None
        employee.save(update_fields=["consent_at", "consent_source", "consent_recorded_by"])


def save_levels(
    employee: Employee,
    source: str,
    levels: dict[int, int | None],
    *,
    user=None,
    by_employee: Employee | None = None,
    agreed_on: date | None = None,
    notes: dict[int, str] | None = None,
) -> int:
    """Store levels (competence id -> level; None = leave as it is) for one source, all or nothing.

    Saving the same values again changes nothing (idempotent). Raises :class:`ConsentMissing`
    without the person's consent and ``ValueError`` for a competence outside their team or a level
    outside the scale.
    """
    if not employee.has_consented:
        raise ConsentMissing
    matrix = employee.matrix
    if matrix is None:
        raise ValueError("this person has no role in a matrix")
    allowed = set(matrix.competences.values_list("pk", flat=True))
    for competence_id, level in levels.items():
        if competence_id not in allowed:
            raise ValueError(f"competence {competence_id} is not in this person's matrix")
        if level is not None and not logic.valid_level(level, matrix.level_count):
            raise ValueError(f"level {level} is not on the scale")
    saved = 0
    with transaction.atomic():
        for competence_id, level in levels.items():
            if level is None:
                continue
            defaults = {"level": level, "recorded_by": user, "recorded_by_employee": by_employee}
            if source == Assessment.Source.AGREED:
                defaults["agreed_on"] = agreed_on or timezone.localdate()
                defaults["note"] = ((notes or {}).get(competence_id) or "").strip()[:300]
            Assessment.objects.update_or_create(
                employee=employee, competence_id=competence_id, source=source, defaults=defaults
            )
            saved += 1
    return saved


# Matrices: copy, import, export ---------------------------------------------------------------


def spec_of(matrix: Matrix) -> MatrixSpec:
    """The matrix as plain data (for export and copying)."""
    roles = list(matrix.roles.all())
    competences = list(matrix.competences.all())
    names = {r.pk: r.name for r in roles}
    comp_names = {c.pk: c.name for c in competences}
    return MatrixSpec(
        roles=[r.name for r in roles],
        competences=[
            CompetenceSpec(c.name, c.description, c.kind, c.horizon, c.critical) for c in competences
        ],
        required={
            (names[r.role_id], comp_names[r.competence_id]): r.level
            for r in Requirement.objects.filter(role__matrix=matrix)
        },
        levels=[(item.get("name", ""), item.get("description", "")) for item in matrix.levels],
    )


def create_from_spec(organization: Organization, name: str, spec: MatrixSpec, copied_from=None) -> Matrix:
    """A new matrix holding ``spec`` (one transaction)."""
    with transaction.atomic():
        matrix = Matrix.objects.create(
            organization=organization,
            name=name,
            levels=[{"name": n, "description": d} for n, d in spec.levels],
            copied_from=copied_from,
        )
        roles = {
            role: JobRole.objects.create(matrix=matrix, name=role, position=position)
            for position, role in enumerate(spec.roles)
        }
        competences = {
            item.name: Competence.objects.create(
                matrix=matrix,
                name=item.name,
                description=item.description,
                kind=item.kind,
                horizon=item.horizon,
                critical=item.critical,
                position=position,
            )
            for position, item in enumerate(spec.competences)
        }
        Requirement.objects.bulk_create(
            Requirement(role=roles[role], competence=competences[competence], level=level)
            for (role, competence), level in spec.required.items()
        )
    return matrix


def copy_matrix(source: Matrix, name: str) -> Matrix:
    """A new department's matrix starting from another's roles, competences, levels and requirements
    (not its people)."""
    return create_from_spec(source.organization, name, spec_of(source), copied_from=source)


def _standard_texts() -> list[list[tuple[str, str]]]:
    """The standard scale's (name, description) in every language, to recognise it in a file."""
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.append([(str(n), str(d)) for n, d in STANDARD_LEVELS])
    return result


def read_upload(upload) -> MatrixSpec:
    """Check an uploaded matrix file; raises ``AnswerFileError`` with every problem."""
    suffix = Path(upload.name).suffix.lower() or ".xlsx"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        spec = read_matrix_file(tmp.name, name=upload.name)
    if spec.levels in _standard_texts():
        spec.levels = []  # the standard scale: keep it translated for everyone
    return spec


def export_workbook(matrix: Matrix, language: str) -> bytes:
    with translation.override(language):
        texts = [(level.name, level.description) for level in levels_of(matrix, with_zero=False)]
    return write_matrix_workbook(spec_of(matrix), language, texts)


def set_requirements(matrix: Matrix, values: dict[tuple[int, int], int | None]) -> None:
    """Required level per (role id, competence id); None or 0 removes the requirement."""
    with transaction.atomic():
        for (role_id, competence_id), level in values.items():
            if level:
                Requirement.objects.update_or_create(
                    role_id=role_id, competence_id=competence_id, defaults={"level": level}
                )
            else:
                Requirement.objects.filter(role_id=role_id, competence_id=competence_id).delete()


def highest_level_in_use(matrix: Matrix) -> int:
    """The highest level any requirement or assessment of the matrix uses (a scale cannot shrink below)."""
    levels = list(Requirement.objects.filter(role__matrix=matrix).values_list("level", flat=True))
    levels += list(Assessment.objects.filter(competence__matrix=matrix).values_list("level", flat=True))
    return max(levels, default=0)


# A person's own data --------------------------------------------------------------------------


def issue_link(employee: Employee) -> None:
    """A new personal link; the old one stops working."""
    employee.token = new_token()
    employee.save(update_fields=["token"])


def revoke_link(employee: Employee) -> None:
    employee.token = None
    employee.save(update_fields=["token"])


def person_export(employee: Employee) -> dict:
    """Everything leerscan keeps about one person, for their own download (right of access)."""
    matrix = employee.matrix
    levels = {}
    if matrix is not None:
        levels = {level.number: level.name for level in levels_of(matrix)}
    table = levels_table(employee)
    competences = list(matrix.competences.all()) if matrix else []
    extra = Competence.objects.filter(pk__in=set(table) - {c.pk for c in competences})
    rows = []
    for competence in [*competences, *extra]:
        found = table.get(competence.pk, {})
        required = Requirement.objects.filter(role_id=employee.role_id, competence=competence).first()
        agreed = found.get(Assessment.Source.AGREED)
        rows.append(
            {
                "competence": competence.name,
                "required_level": required.level if required else None,
                "self_assessment": found[Assessment.Source.SELF].level
                if Assessment.Source.SELF in found
                else None,
                "manager_assessment": (
                    found[Assessment.Source.MANAGER].level if Assessment.Source.MANAGER in found else None
                ),
                "agreed_level": agreed.level if agreed else None,
                "agreed_on": agreed.agreed_on.isoformat() if agreed and agreed.agreed_on else None,
                "note": agreed.note if agreed else "",
            }
        )
    return {
        "name": employee.name,
        "organization": employee.organization.name,
        "team": matrix.name if matrix else None,
        "role": employee.role.name if employee.role_id else None,
        "manager": employee.manager.name if employee.manager_id else None,
        "language": employee.language,
        "consent_given_at": employee.consent_at.isoformat() if employee.consent_at else None,
        "left_on": employee.left_on.isoformat() if employee.left_on else None,
        "levels": levels,
        "assessments": rows,
        "training_plan": [
            {
                "action": action.title,
                "kind": action.kind,
                "competence": action.competence.name if action.competence_id else None,
                "mentor": action.mentor.name if action.mentor_id else None,
                "starts_on": action.starts_on.isoformat() if action.starts_on else None,
                "due_on": action.due_on.isoformat() if action.due_on else None,
                "status": action.status,
            }
            for action in employee.training_actions.select_related("competence", "mentor")
        ],
    }


def person_csv(employee: Employee) -> str:
    """The assessments of :func:`person_export` as CSV (one row per competence)."""
    data = person_export(employee)
    buffer = io.StringIO()
    columns = [
        "competence",
        "required_level",
        "self_assessment",
        "manager_assessment",
        "agreed_level",
        "agreed_on",
        "note",
    ]
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in data["assessments"]:
        writer.writerow({key: "" if row[key] is None else row[key] for key in columns})
    return buffer.getvalue()


def delete_person(employee: Employee) -> None:
    """Delete a person and all their data: assessments, and plan actions that were theirs alone.

    Group actions stay (without them); as a mentor they are removed from the action.
    """
    with transaction.atomic():
        PlanAction.objects.annotate(others=Count("participants", filter=~Q(participants=employee))).filter(
            participants=employee, others=0
        ).delete()
        employee.delete()


def purge_departed(
    today: date | None = None, months: int | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Delete the people who left more than ``months`` ago (default :func:`retention_months`).

    Returns the number deleted per organization name.
    """
    today = today or timezone.localdate()
    months = retention_months() if months is None else months
    cutoff = _months_before(today, months)
    counts: dict[str, int] = {}
    for employee in Employee.objects.filter(left_on__isnull=False, left_on__lt=cutoff).select_related(
        "organization"
    ):
        counts[employee.organization.name] = counts.get(employee.organization.name, 0) + 1
        if not dry_run:
            delete_person(employee)
    return counts


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Training plan --------------------------------------------------------------------------------


def planned_pairs(organization: Organization) -> set[tuple[int, int]]:
    """(person, competence) pairs that already have an action in the plan."""
    return set(
        PlanAction.objects.filter(organization=organization, competence__isnull=False)
        .exclude(participants=None)
        .values_list("participants", "competence")
    )


def plan_suggestions(
    organization: Organization, data: logic.MatrixData | None = None
) -> list[logic.Suggestion]:
    data = data or organization_data(organization)
    taken = set(
        PlanAction.objects.filter(organization=organization)
        .exclude(suggestion_key="")
        .values_list("suggestion_key", flat=True)
    )
    return [s for s in logic.suggest_plan(data, planned_pairs(organization)) if s.key not in taken]


def suggestion_title(suggestion: logic.Suggestion, competence: str, mentor: str) -> str:
    titles = {
        logic.MENTORING: _("Learn “%(competence)s” from %(mentor)s"),
        logic.ON_THE_JOB: _("Practise “%(competence)s” in the daily work"),
        logic.FORMAL: _("Training: %(competence)s"),
        logic.ROTATION: _("Become a backup for “%(competence)s” (work along with %(mentor)s)"),
    }
    return titles[suggestion.kind] % {"competence": competence, "mentor": mentor}


def accept_suggestions(organization: Organization, keys: list[str] | None = None) -> int:
    """Add the chosen suggestions (all when ``keys`` is None) to the plan; a suggestion already
    added is skipped, so a double click adds nothing twice."""
    data = organization_data(organization)
    chosen = [s for s in plan_suggestions(organization, data) if keys is None or s.key in keys]
    today = timezone.localdate()
    created = 0
    with transaction.atomic(), translation.override(organization.language):  # titles in the plan's language
        for suggestion in chosen:
            competence = data.competences[suggestion.competence_id].name
            mentor = data.people[suggestion.mentor_id].name if suggestion.mentor_id else ""
            action, new = PlanAction.objects.get_or_create(
                organization=organization,
                suggestion_key=suggestion.key,
                defaults={
                    "title": suggestion_title(suggestion, competence, mentor)[:200],
                    "kind": suggestion.kind,
                    "competence_id": suggestion.competence_id,
                    "mentor_id": suggestion.mentor_id,
                    "starts_on": today,
                    "due_on": today + timedelta(days=180 if suggestion.kind == logic.FORMAL else 90),
                },
            )
            if new:
                action.participants.set(suggestion.learners)
                created += 1
    return created


def training_plan_progress(organization: Organization) -> PlanProgress:
    """The organization's training plan in numbers: actions in total, planned, in progress and done,
    per kind, and the number of people it covers. No names: safe for every role that sees the
    organization."""
    participants: dict[int, list[int]] = {}
    for action_id, employee_id in PlanAction.participants.through.objects.filter(
        planaction__organization=organization
    ).values_list("planaction_id", "employee_id"):
        participants.setdefault(action_id, []).append(employee_id)
    actions = PlanAction.objects.filter(organization=organization).values_list("pk", "status", "kind")
    return logic.plan_progress((status, kind, participants.get(pk, [])) for pk, status, kind in actions)
