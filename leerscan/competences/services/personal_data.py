"""A person's own data: their export (JSON and CSV), their deletion (their name is also taken out
of what others wrote), and a deleted link remembered as a hash. The retention purge is in
:mod:`~leerscan.competences.services.retention`.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.competences.models import Assessment, ClosedLink, Competence, Employee, PlanAction, Requirement
from leerscan.competences.scale import levels_of
from leerscan.core.downloads import table_bytes
from leerscan.organizations.models import Organization


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
