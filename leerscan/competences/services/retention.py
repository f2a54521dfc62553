"""Retention: the data of people who left are deleted some months after their leaving date
(``leerscan competences purge``), and deleted links are forgotten after a while."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from leerscan.competences.models import CLOSED_LINK_DAYS, ClosedLink, Employee
from leerscan.competences.services.personal_data import delete_person


def retention_months() -> int:
    """Months after someone left before their data are deleted (``LEERSCAN_COMPETENCE_RETENTION_MONTHS``)."""
    return int(settings.LEERSCAN_COMPETENCE_RETENTION_MONTHS)


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
