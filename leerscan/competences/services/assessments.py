"""Saving assessments: consent first, then levels per source (self, manager, agreed), all or
nothing and idempotent.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from leerscan.competences import matrix as logic
from leerscan.competences.models import Assessment, Employee


class ConsentMissing(Exception):
    """Assessments of a person are stored only after they agreed."""


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
