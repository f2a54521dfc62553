"""A small, realistic competence matrix for the demo organization (``create_demo``, idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Assessment, Employee, Matrix, PlanAction
from leerscan.competences.workbook import CompetenceSpec, MatrixSpec
from leerscan.organizations.models import Organization

DEMO_MATRIX = "Productie"

# A metalworking production team: what the job asks, written with the people on the floor.
DEMO_SPEC = MatrixSpec(
    roles=["Operator", "Ploegleider"],
    competences=[
        CompetenceSpec(
            "Machine instellen", "De CNC-machine omstellen voor een nieuwe reeks.", "job", "current", True
        ),
        CompetenceSpec("Kwaliteit meten", "Stukken meten en afwijkingen melden.", "job", "current", False),
        CompetenceSpec(
            "Veilig werken", "Risico's zien en de veiligheidsregels volgen.", "transversal", "current", True
        ),
        CompetenceSpec(
            "Digitale werkinstructies",
            "Werkinstructies op de tablet lezen en bijwerken.",
            "transversal",
            "digital",
        ),
        CompetenceSpec(
            "Energie en restafval beperken", "Machines slim laten draaien, afval scheiden.", "job", "green"
        ),
        CompetenceSpec(
            "Robot programmeren", "Een eenvoudig programma voor de nieuwe laadrobot maken.", "job", "digital"
        ),
    ],
    required={
        ("Operator", "Machine instellen"): 2,
        ("Operator", "Kwaliteit meten"): 2,
        ("Operator", "Veilig werken"): 3,
        ("Operator", "Digitale werkinstructies"): 2,
        ("Operator", "Energie en restafval beperken"): 1,
        ("Ploegleider", "Machine instellen"): 3,
        ("Ploegleider", "Kwaliteit meten"): 3,
        ("Ploegleider", "Veilig werken"): 4,
        ("Ploegleider", "Digitale werkinstructies"): 3,
        ("Ploegleider", "Energie en restafval beperken"): 2,
        ("Operator", "Robot programmeren"): 1,
        ("Ploegleider", "Robot programmeren"): 2,
    },
)

# name, role, agreed levels in the order of the competences above
DEMO_PEOPLE = [
    ("Jan", "Ploegleider", [4, 3, 4, 2, 1, 0]),
    ("An", "Operator", [3, 2, 3, 1, 1, 0]),
    ("Bram", "Operator", [1, 2, 3, 3, 0, 0]),
    ("Chloé", "Operator", [2, 1, 2, 2, 1, 0]),
    ("Dries", "Operator", [1, 2, 3, 1, 1, 0]),
]


def create_demo(organization: Organization) -> Matrix:
    """Add the demo matrix with five people (consent recorded), self, manager and agreed levels, and
    a training plan from the suggestions, some already under way. Does nothing the second time."""
    existing = organization.competence_matrices.filter(name=DEMO_MATRIX).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        matrix = services.create_from_spec(organization, DEMO_MATRIX, DEMO_SPEC)
        roles = {role.name: role for role in matrix.roles.all()}
        competences = list(matrix.competences.all())
        today = timezone.localdate()
        leader = None
        for name, role, agreed in DEMO_PEOPLE:
            person = Employee.objects.create(
                organization=organization, name=name, role=roles[role], manager=leader, language="nl"
            )
            services.give_consent(person, Employee.Consent.RECORDED)
            leader = leader or person
            own = {
                c.pk: min(level + (1 if i % 2 else 0), matrix.level_count)
                for i, (c, level) in enumerate(zip(competences, agreed, strict=True))
            }
            services.save_levels(person, Assessment.Source.SELF, own)
            services.save_levels(
                person, Assessment.Source.MANAGER, dict(zip([c.pk for c in competences], agreed, strict=True))
            )
            services.save_levels(
                person,
                Assessment.Source.AGREED,
                dict(zip([c.pk for c in competences], agreed, strict=True)),
                by_employee=leader if leader != person else None,
                agreed_on=today - timedelta(days=14),
            )
        services.accept_suggestions(organization)
        for index, action in enumerate(PlanAction.objects.filter(organization=organization).order_by("pk")):
            if index % 3 == 0:
                action.status = PlanAction.Status.IN_PROGRESS
            elif index % 3 == 1:
                action.status = PlanAction.Status.DONE
            action.save(update_fields=["status"])
    return matrix
