"""A small, realistic competence matrix for the demo organization (``create_demo``, idempotent), in the
organization's language."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Assessment, Employee, Matrix, PlanAction
from leerscan.competences.workbook import CompetenceSpec, MatrixSpec
from leerscan.organizations.models import Organization

#: The demo matrix as the people on the floor of a metalworking production team wrote it, in the demo
#: organization's language (its own words: Dutch words in a French interface would read as a gap).
#: Per language: the department, the two roles, and (name, description) of each competence.
DEMO_TEXTS = {
    "nl": (
        "Productie",
        ("Operator", "Ploegleider"),
        [
            ("Machine instellen", "De CNC-machine omstellen voor een nieuwe reeks."),
            ("Kwaliteit meten", "Stukken meten en afwijkingen melden."),
            ("Veilig werken", "Risico's zien en de veiligheidsregels volgen."),
            ("Digitale werkinstructies", "Werkinstructies op de tablet lezen en bijwerken."),
            ("Energie en restafval beperken", "Machines slim laten draaien, afval scheiden."),
            ("Robot programmeren", "Een eenvoudig programma voor de nieuwe laadrobot maken."),
        ],
    ),
    "en": (
        "Production",
        ("Operator", "Team leader"),
        [
            ("Set up the machine", "Change the CNC machine over for a new batch."),
            ("Measure quality", "Measure parts and report deviations."),
            ("Work safely", "See risks and follow the safety rules."),
            ("Digital work instructions", "Read and update work instructions on the tablet."),
            ("Cut energy use and waste", "Run machines smartly, sort the waste."),
            ("Program the robot", "Write a simple program for the new loading robot."),
        ],
    ),
    "fr": (
        "Production",
        ("Opérateur", "Chef d'équipe"),
        [
            ("Régler la machine", "Préparer la machine CNC pour une nouvelle série."),
            ("Contrôler la qualité", "Mesurer les pièces et signaler les écarts."),
            ("Travailler en sécurité", "Voir les risques et suivre les règles de sécurité."),
            ("Instructions de travail numériques", "Lire et mettre à jour les instructions sur la tablette."),
            ("Réduire l'énergie et les déchets", "Bien régler les machines, trier les déchets."),
            ("Programmer le robot", "Écrire un programme simple pour le nouveau robot de chargement."),
        ],
    ),
    "de": (
        "Produktion",
        ("Maschinenbediener", "Schichtleiter"),
        [
            ("Maschine einrichten", "Die CNC-Maschine für eine neue Serie umrüsten."),
            ("Qualität messen", "Teile messen und Abweichungen melden."),
            ("Sicher arbeiten", "Risiken erkennen und die Sicherheitsregeln befolgen."),
            ("Digitale Arbeitsanweisungen", "Arbeitsanweisungen auf dem Tablet lesen und aktualisieren."),
            ("Energie und Abfall reduzieren", "Maschinen klug laufen lassen, Abfall trennen."),
            ("Roboter programmieren", "Ein einfaches Programm für den neuen Laderoboter schreiben."),
        ],
    ),
}
#: (kind, horizon, critical) of each competence above, in the same order.
DEMO_KINDS = [
    ("job", "current", True),
    ("job", "current", False),
    ("transversal", "current", True),
    ("transversal", "digital", False),
    ("job", "green", False),
    ("job", "digital", False),
]
#: Required level per competence above, for the operator and the team leader.
DEMO_REQUIRED = [(2, 3), (2, 3), (3, 4), (2, 3), (1, 2), (1, 2)]


def demo_spec(language: str) -> tuple[str, MatrixSpec]:
    """The demo department's name and matrix in ``language`` (Dutch when there is no such text)."""
    name, roles, competences = DEMO_TEXTS.get(language, DEMO_TEXTS["nl"])
    return name, MatrixSpec(
        roles=list(roles),
        competences=[
            CompetenceSpec(title, description, kind, horizon, critical)
            for (title, description), (kind, horizon, critical) in zip(competences, DEMO_KINDS, strict=True)
        ],
        required={
            (role, title): levels[index]
            for (title, _description), levels in zip(competences, DEMO_REQUIRED, strict=True)
            for index, role in enumerate(roles)
        },
    )


# name, role (0 operator, 1 team leader), agreed levels in the order of the competences above
DEMO_PEOPLE = [
    ("Jan", 1, [4, 3, 4, 2, 1, 0]),
    ("An", 0, [3, 2, 3, 1, 1, 0]),
    ("Bram", 0, [1, 2, 3, 3, 0, 0]),
    ("Chloé", 0, [2, 1, 2, 2, 1, 0]),
    ("Dries", 0, [1, 2, 3, 1, 1, 0]),
]


def create_demo(organization: Organization) -> Matrix:
    """Add the demo matrix with five people (consent recorded), self, manager and agreed levels, and
    a training plan from the suggestions, some already under way. Does nothing the second time."""
    department, spec = demo_spec(organization.language)
    existing = organization.competence_matrices.filter(name=department).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        matrix = services.create_from_spec(organization, department, spec)
        roles = [matrix.roles.get(name=name) for name in spec.roles]
        competences = list(matrix.competences.all())
        today = timezone.localdate()
        leader = None
        for name, role, agreed in DEMO_PEOPLE:
            person = Employee.objects.create(
                organization=organization,
                name=name,
                role=roles[role],
                manager=leader,
                language=organization.language,
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
