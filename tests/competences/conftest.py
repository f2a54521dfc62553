"""A small team in Bakkerij A (the ``world`` organization): a matrix, a manager with three people,
and a person in Garage B, to check that nothing leaks between organizations."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from leerscan.competences import services
from leerscan.competences.models import Assessment, Competence, Employee, JobRole, Matrix, Requirement


@dataclass
class Team:
    matrix: Matrix
    baker: JobRole
    lead: JobRole
    dough: Competence
    oven: Competence
    hygiene: Competence
    manager: Employee
    ahmed: Employee
    sara: Employee
    tom: Employee
    other: Employee  # in Garage B


def consent(*people):
    for person in people:
        services.give_consent(person, Employee.Consent.RECORDED)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def team(world):
    matrix = Matrix.objects.create(organization=world.org_a, name="Bakery")
    baker = JobRole.objects.create(matrix=matrix, name="Baker", position=1)
    lead = JobRole.objects.create(matrix=matrix, name="Shift lead", position=2)
    dough = Competence.objects.create(matrix=matrix, name="Make dough", critical=True, position=1)
    oven = Competence.objects.create(matrix=matrix, name="Run the oven", critical=True, position=2)
    hygiene = Competence.objects.create(matrix=matrix, name="Food hygiene", kind="transversal", position=3)
    for role, competence, level in [
        (baker, dough, 2),
        (baker, oven, 2),
        (baker, hygiene, 3),
        (lead, dough, 3),
        (lead, oven, 3),
        (lead, hygiene, 4),
    ]:
        Requirement.objects.create(role=role, competence=competence, level=level)
    manager = Employee.objects.create(organization=world.org_a, name="Mia", role=lead, language="nl")
    ahmed = Employee.objects.create(
        organization=world.org_a, name="Ahmed", role=baker, manager=manager, language="nl"
    )
    sara = Employee.objects.create(
        organization=world.org_a, name="Sara", role=baker, manager=manager, language="fr"
    )
    tom = Employee.objects.create(
        organization=world.org_a, name="Tom", role=baker, manager=manager, language="de"
    )
    garage = Matrix.objects.create(organization=world.org_b, name="Workshop")
    mechanic = JobRole.objects.create(matrix=garage, name="Mechanic")
    other = Employee.objects.create(organization=world.org_b, name="Olivier", role=mechanic, language="fr")
    return Team(matrix, baker, lead, dough, oven, hygiene, manager, ahmed, sara, tom, other)


@pytest.fixture
def assessed(team):
    """Consent for everyone in the bakery, and agreed levels: Sara masters the dough, Ahmed does not."""
    consent(team.manager, team.ahmed, team.sara, team.tom)
    agreed = Assessment.Source.AGREED
    services.save_levels(team.manager, agreed, {team.dough.pk: 3, team.oven.pk: 4, team.hygiene.pk: 4})
    services.save_levels(team.ahmed, agreed, {team.dough.pk: 1, team.oven.pk: 2, team.hygiene.pk: 3})
    services.save_levels(team.sara, agreed, {team.dough.pk: 4, team.oven.pk: 1, team.hygiene.pk: 0})
    return team
