"""The training plan: suggestions from the gaps, accepting them (no names stored in action titles:
see ``PlanAction.label``), and the plan's progress in numbers.

For the trajectory records: :func:`training_plan_progress` and the fragment
``competences/_plan_progress.html`` (context variable ``plan_progress``).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from leerscan.competences import matrix as logic
from leerscan.competences.models import PlanAction
from leerscan.competences.services.loading import organization_data
from leerscan.organizations.models import Organization

PlanProgress = logic.PlanProgress


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


def set_action_status(action: PlanAction, status: str) -> None:
    """A plan action's status (planned, in progress, done)."""
    PlanAction.objects.filter(pk=action.pk).update(status=status, updated_at=timezone.now())


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
