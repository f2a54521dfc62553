"""The competence matrix's database work: loading an organization for the plain logic in
``matrix.py``, saving assessments (after consent, transactional, idempotent), copying, importing,
exporting and deleting matrices, adding people (a form sent twice adds nobody twice), a person's
export and deletion (their name is also taken out of what others wrote), the retention purge, and
the training plan (no names stored in action titles: see ``PlanAction.label``).

For the trajectory records: :func:`training_plan_progress` and the fragment
``competences/_plan_progress.html`` (context variable ``plan_progress``).
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.competences import matrix as logic
from leerscan.competences.models import (
    CLOSED_LINK_DAYS,
    Assessment,
    ClosedLink,
    Competence,
    Employee,
    JobRole,
    Matrix,
    PlanAction,
    Requirement,
)
from leerscan.competences.scale import STANDARD_LEVELS, levels_of
from leerscan.competences.workbook import CompetenceSpec, MatrixSpec
from leerscan.competences.workbook_export import write_matrix_workbook
from leerscan.competences.workbook_import import read_matrix_file
from leerscan.core.downloads import table_bytes
from leerscan.core.tokens import new_token
from leerscan.organizations.models import Organization

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

    Saving the same values again changes nothing (idempotent): an unchanged level keeps who recorded
    it and when (for an agreed level also its date and note), so saving the agreed-levels form after
    discussing one competence does not re-date the others. Returns the number of levels changed.
    Raises :class:`ConsentMissing`
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
        existing = {
            a.competence_id: a
            for a in Assessment.objects.filter(
                employee=employee,
                source=source,
                competence_id__in=[c for c, v in levels.items() if v is not None],
            )
        }
        for competence_id, level in levels.items():
            if level is None:
                continue
            defaults = {"level": level, "recorded_by": user, "recorded_by_employee": by_employee}
            if source == Assessment.Source.AGREED:
                defaults["agreed_on"] = agreed_on or timezone.localdate()
                defaults["note"] = ((notes or {}).get(competence_id) or "").strip()[:300]
            current = existing.get(competence_id)
            if (
                current is not None
                and current.level == level
                and current.note == defaults.get("note", current.note)
            ):
                continue  # unchanged
            Assessment.objects.update_or_create(
                employee=employee, competence_id=competence_id, source=source, defaults=defaults
            )
            saved += 1
    return saved


def save_self_assessment(employee: Employee, levels: dict[int, int | None], wish: str) -> None:
    """The person's own levels and their optional "what I want to learn" note, in one transaction."""
    wish = wish.strip()
    with transaction.atomic():
        save_levels(employee, Assessment.Source.SELF, levels, by_employee=employee)
        if wish != employee.learning_wish:
            employee.learning_wish = wish
            employee.save(update_fields=["learning_wish"])


# Matrices: copy, import, export, delete -------------------------------------------------------


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


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def delete_matrix(matrix: Matrix) -> None:
    """Delete a matrix with its roles, competences, required levels and every level given in it;
    the people stay without a role and plan actions without the competence.

    Set-based and in chunks: one ``delete()`` of a big matrix would put every id into one query, more
    than SQLite allows (999 variables in many builds)."""
    with transaction.atomic():
        Requirement.objects.filter(competence__matrix=matrix).delete()
        Requirement.objects.filter(role__matrix=matrix).delete()
        Assessment.objects.filter(competence__matrix=matrix).delete()
        Employee.objects.filter(role__matrix=matrix).update(role=None)
        PlanAction.objects.filter(competence__matrix=matrix).update(competence=None)
        for model in (Competence, JobRole):
            for chunk in _chunks(list(model.objects.filter(matrix=matrix).values_list("pk", flat=True))):
                model.objects.filter(pk__in=chunk).delete()
        matrix.delete()


def highest_level_in_use(matrix: Matrix) -> int:
    """The highest level any requirement or assessment of the matrix uses (a scale cannot shrink below)."""
    levels = list(Requirement.objects.filter(role__matrix=matrix).values_list("level", flat=True))
    levels += list(Assessment.objects.filter(competence__matrix=matrix).values_list("level", flat=True))
    return max(levels, default=0)


# People ---------------------------------------------------------------------------------------


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


# A person's own data --------------------------------------------------------------------------


def issue_link(employee: Employee) -> None:
    """A new personal link; the old one stops working."""
    employee.token = new_token()
    employee.save(update_fields=["token"])


def revoke_link(employee: Employee) -> None:
    employee.token = None
    employee.save(update_fields=["token"])


def _who(assessment: Assessment) -> str | None:
    """Who recorded an assessment: the person or their manager (by name), or a staff member."""
    if assessment.recorded_by_employee_id:
        return assessment.recorded_by_employee.name
    if assessment.recorded_by_id:
        return _user_name(assessment.recorded_by)
    return None


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def _day(day) -> str | None:
    return day.isoformat() if day else None


#: The columns of a person's levels (JSON keys and CSV headers, the headers in the person's language).
PERSON_COLUMNS = [
    ("competence", gettext_lazy("Competence")),
    ("required_level", gettext_lazy("Level the job needs")),
    ("self_assessment", gettext_lazy("Own view")),
    ("self_recorded_by", gettext_lazy("Own view given by")),
    ("self_recorded_at", gettext_lazy("Own view saved on")),
    ("manager_assessment", gettext_lazy("Manager's view")),
    ("manager_recorded_by", gettext_lazy("Manager's view given by")),
    ("manager_recorded_at", gettext_lazy("Manager's view saved on")),
    ("agreed_level", gettext_lazy("Agreed level")),
    ("agreed_on", gettext_lazy("Date of the conversation")),
    ("agreed_recorded_by", gettext_lazy("Agreed level recorded by")),
    ("agreed_recorded_at", gettext_lazy("Agreed level saved on")),
    ("note", gettext_lazy("Note")),
]


def _action_data(action: PlanAction) -> dict:
    return {
        "action": action.label,
        "kind": action.kind,
        "competence": action.competence.name if action.competence_id else None,
        "provider": action.provider,
        "starts_on": _day(action.starts_on),
        "due_on": _day(action.due_on),
        "hours": action.hours,
        "status": action.status,
        "note": action.note,
    }


def person_export(employee: Employee) -> dict:
    """Everything leerscan keeps about one person, for their own download (right of access).

    Other people appear only where they act on this person's data: their manager, and who recorded
    each level. The people this person manages or mentors are counted, not named: their names and
    levels are the organization's data about them, not data about this person. Texts (level names,
    standard action titles) are in the person's language."""
    with translation.override(employee.language):
        return _person_export(employee)


def _person_export(employee: Employee) -> dict:
    matrix = employee.matrix
    levels = {}
    if matrix is not None:
        levels = {level.number: level.name for level in levels_of(matrix)}
    table: dict[int, dict[str, Assessment]] = {}
    for assessment in employee.assessments.select_related("recorded_by", "recorded_by_employee"):
        table.setdefault(assessment.competence_id, {})[assessment.source] = assessment
    competences = list(matrix.competences.all()) if matrix else []
    extra = Competence.objects.filter(pk__in=set(table) - {c.pk for c in competences})
    required = dict(
        Requirement.objects.filter(role_id=employee.role_id).values_list("competence_id", "level")
    )
    rows = []
    for competence in [*competences, *extra]:
        found = table.get(competence.pk, {})
        own = found.get(Assessment.Source.SELF)
        manager = found.get(Assessment.Source.MANAGER)
        agreed = found.get(Assessment.Source.AGREED)
        rows.append(
            {
                "competence": competence.name,
                "required_level": required.get(competence.pk),
                "self_assessment": own.level if own else None,
                "self_recorded_by": _who(own) if own else None,
                "self_recorded_at": _when(own.updated_at) if own else None,
                "manager_assessment": manager.level if manager else None,
                "manager_recorded_by": _who(manager) if manager else None,
                "manager_recorded_at": _when(manager.updated_at) if manager else None,
                "agreed_level": agreed.level if agreed else None,
                "agreed_on": _day(agreed.agreed_on) if agreed else None,
                "agreed_recorded_by": _who(agreed) if agreed else None,
                "agreed_recorded_at": _when(agreed.updated_at) if agreed else None,
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
        "consent": {
            "given_at": _when(employee.consent_at),
            "how": employee.consent_source or None,
            "how_described": str(employee.get_consent_source_display()) if employee.consent_source else None,
            "recorded_by": _user_name(employee.consent_recorded_by)
            if employee.consent_recorded_by_id
            else None,
        },
        "left_on": _day(employee.left_on),
        "what_i_want_to_learn": employee.learning_wish,
        "manages_people": employee.reports.count(),
        "levels": levels,
        "assessments": rows,
        "training_plan": [
            {**_action_data(action), "mentor": action.mentor.name if action.mentor_id else None}
            for action in employee.training_actions.select_related("competence", "mentor")
        ],
        "mentor_of": [
            {**_action_data(action), "learners": action.learner_count}
            for action in employee.mentoring_actions.select_related("competence").annotate(
                learner_count=Count("participants")
            )
        ],
    }


def person_csv(employee: Employee) -> bytes:
    """The levels of :func:`person_export` as CSV (one row per competence), headers in the person's
    language."""
    data = person_export(employee)
    with translation.override(employee.language):
        headers = [str(label) for _key, label in PERSON_COLUMNS]
    rows = [[row[key] for key, _label in PERSON_COLUMNS] for row in data["assessments"]]
    return table_bytes(headers, rows, "csv")


def _scrub_name(organization: Organization, name: str) -> None:
    """Take a deleted person's name out of the texts staff and colleagues wrote about the work
    (plan actions, notes on levels, what others want to learn): the name as written, as a whole
    word, becomes "a former colleague"."""
    name = name.strip()
    if len(name) < 2:
        return  # a one-letter pseudonym would change ordinary words
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    with translation.override(organization.language):
        replacement = _("a former colleague")

    def scrub(queryset, fields):
        lookup = Q()
        for field in fields:
            lookup |= Q(**{f"{field}__contains": name})
        for item in queryset.filter(lookup):
            changed = {f: pattern.sub(replacement, getattr(item, f)) for f in fields}
            changed = {f: v for f, v in changed.items() if v != getattr(item, f)}
            if changed:
                type(item).objects.filter(pk=item.pk).update(**changed)

    scrub(PlanAction.objects.filter(organization=organization), ["title", "provider", "note"])
    scrub(Assessment.objects.filter(employee__organization=organization), ["note"])
    scrub(Employee.objects.filter(organization=organization), ["learning_wish"])


def delete_person(employee: Employee) -> None:
    """Delete a person and all their data: assessments, what they want to learn, plan actions that
    were theirs alone, and their name in what others wrote.

    Group actions stay (without them); as a mentor they are removed from the action (its standard
    title is drawn from the linked mentor, so it no longer names them).
    """
    with transaction.atomic():
        PlanAction.objects.annotate(others=Count("participants", filter=~Q(participants=employee))).filter(
            participants=employee, others=0
        ).delete()
        organization, name = employee.organization, employee.name
        employee.delete()
        _scrub_name(organization, name)


def delete_own_data(employee: Employee) -> None:
    """The person deletes their own data from their link: :func:`delete_person`, and the link is
    remembered only as a hash, so opening it again says "deleted" rather than "not found"."""
    with transaction.atomic():
        if employee.token:
            ClosedLink.objects.get_or_create(
                token_hash=ClosedLink.hash(employee.token),
                defaults={"organization": employee.organization, "language": employee.language},
            )
        delete_person(employee)


def closed_link(token: str) -> ClosedLink | None:
    return ClosedLink.objects.select_related("organization").filter(token_hash=ClosedLink.hash(token)).first()


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
    if not dry_run:
        ClosedLink.objects.filter(closed_at__lt=timezone.now() - timedelta(days=CLOSED_LINK_DAYS)).delete()
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


def accept_suggestions(organization: Organization, keys: list[str] | None = None) -> int:
    """Add the chosen suggestions (all when ``keys`` is None) to the plan; a suggestion already
    added is skipped, so a double click adds nothing twice."""
    data = organization_data(organization)
    chosen = [s for s in plan_suggestions(organization, data) if keys is None or s.key in keys]
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for suggestion in chosen:
            # No title: the page draws it from the kind, competence and mentor (no name stored).
            action, new = PlanAction.objects.get_or_create(
                organization=organization,
                suggestion_key=suggestion.key,
                defaults={
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
