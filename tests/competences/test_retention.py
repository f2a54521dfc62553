"""The retention purge: people who left longer ago than the retention period are deleted."""

from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from leerscan.competences.models import Assessment, Employee
from leerscan.competences.services import retention as services


def test_purge_deletes_people_who_left_longer_ago_than_the_retention(assessed, capsys):
    today = timezone.localdate()
    Employee.objects.filter(pk=assessed.ahmed.pk).update(left_on=today - timedelta(days=400))
    Employee.objects.filter(pk=assessed.sara.pk).update(left_on=today - timedelta(days=300))
    call_command("competences", "purge", "--dry-run")
    assert "Would delete 1 people" in capsys.readouterr().out
    assert Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    call_command("competences", "purge")
    out = capsys.readouterr().out
    assert "Deleted 1 people" in out and "Bakkerij A: 1" in out and "Ahmed" not in out
    assert not Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    assert not Assessment.objects.filter(employee_id=assessed.ahmed.pk).exists()
    assert (
        Employee.objects.filter(pk__in=[assessed.sara.pk, assessed.tom.pk, assessed.manager.pk]).count() == 3
    )
    call_command("competences", "purge", "--months", "6")
    assert not Employee.objects.filter(pk=assessed.sara.pk).exists()
    assert Employee.objects.filter(pk=assessed.tom.pk).exists()  # still working there


def test_retention_months_from_the_settings(settings, assessed):
    settings.LEERSCAN_COMPETENCE_RETENTION_MONTHS = 1
    Employee.objects.filter(pk=assessed.ahmed.pk).update(left_on=timezone.localdate() - timedelta(days=40))
    assert services.purge_departed() == {"Bakkerij A": 1}


def test_months_before_handles_month_ends():
    assert services._months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert services._months_before(date(2025, 1, 15), 12) == date(2024, 1, 15)
    assert services._months_before(date(2024, 3, 31), 25) == date(2022, 2, 28)
