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
    if not organization.enterprise_number:
        organization.enterprise_number = DEMO_ENTERPRISE_NUMBER
        organization.employees = 34
        organization.joint_committees = ["111"]
        organization.municipality = "Kortrijk"
        organization.lot = provider.lot
        organization.save()
    if not Trajectory.objects.filter(organization=organization).exists():
        trajectory = services.register_trajectory(organization, consultant)
        services.review_eligibility(trajectory, programme_user, True, "KBO checked (demo)")
        trajectory.needs = (
            "Team leads want clear function profiles and a yearly talk with every operator. "
            "Knowledge of the older welders is not passed on."
        )
        trajectory.themes = ["job_profiles", "development_talks", "competence_matrix", "knowledge_sharing"]
        start = date.today() - timedelta(days=150)
        trajectory.de_minimis_signed_on = start
        trajectory.de_minimis_signed_by = "Els Demeester (owner)"
        trajectory.save()
        for number, (title, hours, sessions) in enumerate(
            (
                ("Intake with owner and team leads", 4, 1),
                ("Workshop: function profiles with operators", 8, 2),
                ("Competence matrix for the welding department", 10, 3),
                ("Coaching team leads in development talks", 12, 4),
            )
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
        for days, hours, activity in (
            (140, "3.5", "Intake"),
            (110, "4", "Workshop 1"),
            (80, "4.5", "Workshop 2"),
        ):
            TimeEntry.objects.create(
                trajectory=trajectory,
                consultant=consultant,
                worked_on=date.today() - timedelta(days=days),
                hours=Decimal(hours),
                activity=activity,
            )
        SuccessStory.objects.create(
            trajectory=trajectory,
            title="Operators wrote their own function profiles",
            story="In two workshops the operators described what they really do. The owner was surprised "
            "how much they already know; the profiles now guide the yearly talks.",
            may_publish=True,
            created_by=consultant,
        )
        CommunicationAction.objects.create(
            service_provider=provider,
            held_on=date.today() - timedelta(days=200),
            title="Info evening for metal SMEs",
            channel=CommunicationAction.Channel.EVENT,
            material="Flyer and slides",
            reached=48,
            reached_small=35,
        )
    if Trajectory.objects.count() < DEMO_PROGRAMME_SIZE:
        services.load_synthetic_programme(generate_programme(DEMO_PROGRAMME_SIZE, seed=2024), programme_user)
