"""The demo's trajectory records: the demo organization's own trajectory (coaching under way) and a
synthetic programme of other organizations, so the programme view has something to show."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from leerscan.accounts.models import ServiceProvider
from leerscan.organizations.lots import lot_object
from leerscan.organizations.models import Organization
from leerscan.trajectories import services
from leerscan.trajectories.models import CommunicationAction, PlanAction, SuccessStory, TimeEntry, Trajectory
from leerscan.trajectories.synthetic import generate_programme

DEMO_PROVIDER = "Sectorfonds Metaal (demo)"
DEMO_PROGRAMME_SIZE = 120
#: What the demo's consultant and owner wrote, in the demo organization's language (their own words:
#: English words in a Dutch or French interface would read as a gap in the translation).
DEMO_TEXTS = {
    "nl": {
        "review": "KBO gecontroleerd (demo)",
        "needs": "De ploegleiders willen duidelijke functieprofielen en een jaarlijks gesprek met elke "
        "operator. De kennis van de oudere lassers wordt niet doorgegeven.",
        "signer": "Els Demeester (zaakvoerder)",
        "actions": (
            "Intakegesprek met de zaakvoerder en de ploegleiders",
            "Workshop: functieprofielen met de operatoren",
            "Competentiematrix voor de lasafdeling",
            "Coaching van de ploegleiders in ontwikkelgesprekken",
        ),
        "activities": ("Intakegesprek", "Workshop 1", "Workshop 2"),
        "story": (
            "Operatoren schreven hun eigen functieprofielen",
            "In twee workshops beschreven de operatoren wat ze echt doen. De zaakvoerder was verrast "
            "hoeveel ze al weten; de profielen sturen nu de jaarlijkse gesprekken.",
        ),
        "event": ("Infoavond voor kmo's uit de metaal", "Flyer en slides"),
    },
    "en": {
        "review": "Enterprise number checked (demo)",
        "needs": "Team leads want clear function profiles and a yearly talk with every operator. "
        "Knowledge of the older welders is not passed on.",
        "signer": "Els Demeester (owner)",
        "actions": (
            "Intake with owner and team leads",
            "Workshop: function profiles with operators",
            "Competence matrix for the welding department",
            "Coaching team leads in development talks",
        ),
        "activities": ("Intake", "Workshop 1", "Workshop 2"),
        "story": (
            "Operators wrote their own function profiles",
            "In two workshops the operators described what they really do. The owner was surprised "
            "how much they already know; the profiles now guide the yearly talks.",
        ),
        "event": ("Info evening for metal SMEs", "Flyer and slides"),
    },
    "fr": {
        "review": "BCE vérifiée (démo)",
        "needs": "Les chefs d'équipe veulent des profils de fonction clairs et un entretien annuel avec "
        "chaque opérateur. Le savoir des soudeurs plus âgés ne se transmet pas.",
        "signer": "Els Demeester (gérante)",
        "actions": (
            "Entretien initial avec la gérante et les chefs d'équipe",
            "Atelier\u00a0: profils de fonction avec les opérateurs",
            "Matrice de compétences pour l'atelier de soudure",
            "Accompagnement des chefs d'équipe pour les entretiens de développement",
        ),
        "activities": ("Entretien initial", "Atelier 1", "Atelier 2"),
        "story": (
            "Les opérateurs ont écrit leurs propres profils de fonction",
            "En deux ateliers, les opérateurs ont décrit ce qu'ils font vraiment. La gérante a été "
            "surprise de tout ce qu'ils savent déjà\u00a0; les profils guident maintenant les "
            "entretiens annuels.",
        ),
        "event": ("Soirée d'information pour les PME du métal", "Dépliant et présentation"),
    },
    "de": {
        "review": "Unternehmensnummer geprüft (Demo)",
        "needs": "Die Schichtleiter wollen klare Funktionsprofile und ein jährliches Gespräch mit jedem "
        "Maschinenbediener. Das Wissen der älteren Schweißer wird nicht weitergegeben.",
        "signer": "Els Demeester (Inhaberin)",
        "actions": (
            "Erstgespräch mit der Inhaberin und den Schichtleitern",
            "Workshop: Funktionsprofile mit den Maschinenbedienern",
            "Kompetenzmatrix für die Schweißabteilung",
            "Coaching der Schichtleiter für Entwicklungsgespräche",
        ),
        "activities": ("Erstgespräch", "Workshop 1", "Workshop 2"),
        "story": (
            "Maschinenbediener schrieben ihre eigenen Funktionsprofile",
            "In zwei Workshops beschrieben die Maschinenbediener, was sie wirklich tun. Die Inhaberin war "
            "überrascht, wie viel sie schon wissen; die Profile leiten jetzt die Jahresgespräche.",
        ),
        "event": ("Infoabend für KMU der Metallbranche", "Flyer und Folien"),
    },
}
#: A made-up enterprise number that passes the mod-97 check.
DEMO_ENTERPRISE_NUMBER = "0123456749"


def demo_provider() -> ServiceProvider:
    provider, _ = ServiceProvider.objects.get_or_create(
        name=DEMO_PROVIDER, defaults={"lot": lot_object(2), "is_coordinator": True}
    )
    return provider


@transaction.atomic
def create_demo_trajectories(organization: Organization, consultant, programme_user) -> None:
    """Give the demo organization its register facts and a running trajectory, and add a synthetic
    programme of other organizations (both only once)."""
    provider = demo_provider()
    texts = DEMO_TEXTS.get(organization.language, DEMO_TEXTS["nl"])
    if not organization.enterprise_number:
        organization.enterprise_number = DEMO_ENTERPRISE_NUMBER
        organization.employees = 34
        organization.joint_committees = ["111"]
        organization.municipality = "Kortrijk"
        organization.lot = provider.lot
        organization.save()
    if not Trajectory.objects.filter(organization=organization).exists():
        trajectory = services.register_trajectory(organization, consultant)
        services.review_eligibility(trajectory, programme_user, True, texts["review"])
        trajectory.needs = texts["needs"]
        trajectory.themes = ["job_profiles", "development_talks", "competence_matrix", "knowledge_sharing"]
        start = date.today() - timedelta(days=150)
        trajectory.de_minimis_signed_on = start
        trajectory.de_minimis_signed_by = texts["signer"]
        trajectory.save()
        for number, (title, hours, sessions) in enumerate(
            zip(texts["actions"], (4, 8, 10, 12), (1, 2, 3, 4), strict=True)
        ):
            PlanAction.objects.create(
                trajectory=trajectory,
                title=title,
                starts_on=start + timedelta(days=30 * number),
                ends_on=start + timedelta(days=30 * number + 21),
                planned_hours=Decimal(hours),
                planned_sessions=sessions,
                cost_estimate=Decimal(hours * 95),
                done=number < 2,
            )
        for target in ("intake", "plan_agreed", "running"):
            services.move(trajectory, target, consultant)
        days_and_hours = ((140, "3.5"), (110, "4"), (80, "4.5"))
        for (days, hours), activity in zip(days_and_hours, texts["activities"], strict=True):
            TimeEntry.objects.create(
                trajectory=trajectory,
                consultant=consultant,
                worked_on=date.today() - timedelta(days=days),
                hours=Decimal(hours),
                activity=activity,
            )
        SuccessStory.objects.create(
            trajectory=trajectory,
            title=texts["story"][0],
            story=texts["story"][1],
            may_publish=True,
            created_by=consultant,
        )
        CommunicationAction.objects.create(
            service_provider=provider,
            held_on=date.today() - timedelta(days=200),
            title=texts["event"][0],
            channel=CommunicationAction.Channel.EVENT,
            material=texts["event"][1],
            reached=48,
            reached_small=35,
        )
    if Trajectory.objects.count() < DEMO_PROGRAMME_SIZE:
        programme = generate_programme(DEMO_PROGRAMME_SIZE, seed=2024, language=organization.language)
        services.load_synthetic_programme(programme, programme_user)
