"""Trajectory actions that change the database: register, review eligibility, move to a step, save
what a consultant records; and the records the programme figures are computed from.

Every change runs in one transaction and locks the trajectory row, so a double click or two people
at once never record a step twice.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from leerscan.accounts.models import ServiceProvider
from leerscan.organizations.lots import lot_object
from leerscan.organizations.models import Lot, Organization
from leerscan.organizations.register import eligibility
from leerscan.trajectories.models import (
    CommunicationAction,
    EligibilityReview,
    StatusChange,
    Theme,
    Trajectory,
)
from leerscan.trajectories.reach import TrajectoryRecord
from leerscan.trajectories.workflow import STOPPED, TrajectoryFacts, blockers, furthest

#: The facts an eligibility approval rests on; changing one of them asks for a new approval.
ELIGIBILITY_FACTS = ("enterprise_number", "employees", "joint_committees", "local_government_care", "lot")

#: Facts added after approvals were first stored, with the value an older approval stands for.
FACTS_ADDED_LATER = {"local_government_care": ""}


class TrajectoryError(Exception):
    """The action cannot be done; ``codes`` say why (the page words them in the user's language)."""

    def __init__(self, *codes: str):
        super().__init__(", ".join(codes))
        self.codes = list(codes)


def eligibility_facts(organization: Organization) -> dict:
    """The organization's facts that eligibility depends on, as stored with an approval."""
    return {
        "enterprise_number": organization.enterprise_number or "",
        "employees": organization.employees,
        "joint_committees": sorted(organization.joint_committees or []),
        "local_government_care": organization.local_government_care or "",
        "lot": organization.lot.number if organization.lot_id else None,
    }


def registration_problems(organization: Organization) -> list[str]:
    """What is missing or wrong before an organization can be registered for a trajectory."""
    problems = []
    if not organization.enterprise_number:
        problems.append("no_enterprise_number")
    if organization.employees is None:
        problems.append("no_employees")
    elif eligibility(organization.employees) == "too_large":
        problems.append("too_large")
    if not organization.joint_committees and not organization.local_government_care:
        problems.append("no_joint_committees")
    return problems


def default_provider(lot: Lot | None) -> ServiceProvider | None:
    """The lot's coordinating service provider, else its first one."""
    if lot is None:
        return None
    providers = ServiceProvider.objects.filter(lot=lot).order_by("-is_coordinator", "name")
    return providers.first()


def register_trajectory(organization: Organization, user=None) -> Trajectory:
    """Open the organization's trajectory (status "registered", waiting for eligibility approval)."""
    problems = registration_problems(organization)
    if problems:
        raise TrajectoryError(*problems)
    profile = getattr(user, "profile", None) if user is not None else None
    provider = profile.service_provider if profile and profile.service_provider_id else None
    with transaction.atomic():
        trajectory, created = Trajectory.objects.get_or_create(
            organization=organization,
            defaults={"service_provider": provider or default_provider(organization.lot), "created_by": user},
        )
        if created:
            StatusChange.objects.create(trajectory=trajectory, to_status=trajectory.status, changed_by=user)
    return trajectory


def latest_review(trajectory: Trajectory) -> EligibilityReview | None:
    """The programme's last decision (read from prefetched reviews when there are any)."""
    return max(trajectory.reviews.all(), key=lambda review: (review.decided_at, review.pk), default=None)


def follow_lot(organization: Organization) -> list:
    """After the organization's lot changed: its trajectory goes to a service provider of the new lot,
    and consultants of other lots stop coaching it. Returns the consultants taken off."""
    trajectory = (
        Trajectory.objects.filter(organization=organization).select_related("service_provider").first()
    )
    if (
        trajectory is not None
        and organization.lot_id
        and (trajectory.service_provider is None or trajectory.service_provider.lot_id != organization.lot_id)
    ):
        trajectory.service_provider = default_provider(organization.lot)
        trajectory.save(update_fields=["service_provider"])
    if not organization.lot_id:
        return []
    elsewhere = list(
        organization.consultants.exclude(profile__service_provider__lot_id=organization.lot_id).filter(
            profile__service_provider__isnull=False
        )
    )
    organization.consultants.remove(*elsewhere)
    return elsewhere


def changed_facts(trajectory: Trajectory, review: EligibilityReview | None = None) -> list[tuple]:
    """(fact, value at the review, value now) for every eligibility fact changed since the last review."""
    review = review or latest_review(trajectory)
    if review is None:
        return []
    now = eligibility_facts(trajectory.organization)
    then = {key: review.facts.get(key, FACTS_ADDED_LATER.get(key)) for key in ELIGIBILITY_FACTS}
    return [(key, then[key], now[key]) for key in ELIGIBILITY_FACTS if then[key] != now[key]]


def approval_current(trajectory: Trajectory) -> bool:
    """Approved by the programme, on the facts the organization has now."""
    review = latest_review(trajectory)
    return bool(review and review.approved and not changed_facts(trajectory, review))


def rule_facts(trajectory: Trajectory) -> TrajectoryFacts:
    """The facts the step rules (``workflow``) need."""
    resume_to = None
    if trajectory.status == STOPPED:
        before = trajectory.history.exclude(to_status=STOPPED).order_by("-changed_at", "-id").first()
        resume_to = before.to_status if before else "registered"
    return TrajectoryFacts(
        status=trajectory.status,
        approval_current=approval_current(trajectory),
        has_needs=bool(trajectory.needs.strip() or trajectory.themes),
        actions=trajectory.actions.count(),
        de_minimis_signed=bool(trajectory.de_minimis_signed_on and trajectory.de_minimis_signed_by.strip()),
        action_plan_written=bool(
            trajectory.practices_anchored.strip() and trajectory.how_to_continue.strip()
        ),
        resume_to=resume_to,
    )


def move(trajectory: Trajectory, target: str, user, note: str = "") -> bool:
    """Move the trajectory to ``target`` (a next step, "stopped", or back from "stopped").

    Returns False when it already is at ``target`` (a repeated click changes nothing); raises
    ``TrajectoryError`` with the reasons when the step is not possible yet.
    """
    with transaction.atomic():
        locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if locked.status == target:
            return False
        problems = blockers(rule_facts(locked), target, note)
        if problems:
            raise TrajectoryError(*problems)
        StatusChange.objects.create(
            trajectory=locked, from_status=locked.status, to_status=target, changed_by=user, note=note.strip()
        )
        locked.status = target
        locked.save(update_fields=["status"])
    trajectory.status = target
    return True


def review_eligibility(trajectory: Trajectory, user, approved: bool, note: str = "", lot: Lot | None = None):
    """Record the programme's decision; an approval of a registered trajectory moves it to "approved".

    When the joint committees span several lots, approval needs the lot to be chosen (``lot``).
    """
    with transaction.atomic():
        locked = Trajectory.objects.select_for_update().select_related("organization").get(pk=trajectory.pk)
        organization = locked.organization
        if approved:
            problems = registration_problems(organization)
            if organization.lot_needs_decision and lot is None:
                problems.append("choose_lot")
            if problems:
                raise TrajectoryError(*problems)
            if lot is not None:
                moved = organization.lot_id != lot.pk
                organization.lot = lot
                organization.lot_needs_decision = False
                organization.save(update_fields=["lot", "lot_needs_decision"])
                if moved:
                    follow_lot(organization)
                    locked.refresh_from_db(fields=["service_provider"])
        elif not note.strip():
            raise TrajectoryError("no_reason")
        review = EligibilityReview.objects.create(
            trajectory=locked,
            approved=approved,
            facts=eligibility_facts(organization),
            note=note.strip(),
            decided_by=user,
        )
        # An approval lets a registered trajectory start; a refusal before the start takes it back.
        step = {(True, "registered"): "approved", (False, "approved"): "registered"}.get(
            (approved, locked.status)
        )
        if step:
            StatusChange.objects.create(
                trajectory=locked, from_status=locked.status, to_status=step, changed_by=user, note=note
            )
            locked.status = step
            locked.save(update_fields=["status"])
    trajectory.refresh_from_db()
    return review


def save_record(row, trajectory: Trajectory, **fields) -> None:
    """Save the trajectory or one of its rows (plan action, time entry, success story) from a form,
    with ``fields`` set and the row tied to ``trajectory``, in one transaction."""
    with transaction.atomic():
        for key, value in fields.items():
            setattr(row, key, value)
        if hasattr(row, "trajectory_id") and not row.trajectory_id:
            row.trajectory = trajectory
        row.save()


def save_communication_action(action: CommunicationAction, provider: ServiceProvider, user) -> None:
    """Save a service provider's communication action, recorded by ``user``."""
    action.service_provider = provider
    action.created_by = user
    action.save()


def with_figures(queryset: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """Trajectories with what the programme figures read, in a fixed number of queries."""
    return queryset.select_related("organization__lot", "service_provider").prefetch_related(
        "actions",
        "time_entries",
        "reviews",
        Prefetch("history", queryset=StatusChange.objects.only("trajectory", "to_status")),
    )


def record_of(trajectory: Trajectory) -> TrajectoryRecord:
    """The programme-figure view of one trajectory (use on ``with_figures`` querysets)."""
    organization = trajectory.organization
    review = latest_review(trajectory)
    return TrajectoryRecord(
        lot=organization.lot.number if organization.lot_id else None,
        refused=review is not None and not review.approved,
        status=trajectory.status,
        furthest=furthest([trajectory.status, *(change.to_status for change in trajectory.history.all())]),
        employees=organization.employees,
        planned_hours=float(trajectory.planned_hours),
        spent_hours=float(trajectory.spent_hours),
        profiles=tuple(organization.maturity_profiles or ()),
    )


def _needs_text(themes: list[str], language: str) -> str:
    """A synthetic organization's needs: its themes in words, in its own language."""
    with translation.override(language):
        return "; ".join(str(Theme(theme).label) for theme in themes)


def load_synthetic_programme(organizations, reviewer=None) -> list[Trajectory]:
    """Store a synthetic programme (``synthetic.generate_programme``) with its history, approvals, plan
    actions and time, in one transaction and a handful of bulk inserts."""
    from datetime import date, timedelta
    from decimal import Decimal

    from leerscan.organizations.models import SizeClass
    from leerscan.trajectories.models import PlanAction, TimeEntry
    from leerscan.trajectories.workflow import ORDER

    with transaction.atomic():
        lots = {number: lot_object(number) for number in {spec.lot for spec in organizations}}
        providers = {number: default_provider(lot) for number, lot in lots.items()}
        stored = Organization.objects.bulk_create(
            [
                Organization(
                    name=spec.name,
                    sector=spec.sector,
                    enterprise_number=spec.enterprise_number,
                    municipality=spec.municipality,
                    employees=spec.employees,
                    size_class=SizeClass.for_employees(spec.employees),
                    joint_committees=spec.joint_committees,
                    local_government_care=spec.local_government_care,
                    lot=lots[spec.lot],
                    language=spec.language,
                    maturity_profiles=spec.profiles,
                    maturity_profiles_source="owner" if spec.profiles else "",
                )
                for spec in organizations
            ]
        )
        trajectories = Trajectory.objects.bulk_create(
            [
                Trajectory(
                    organization=organization,
                    service_provider=providers[spec.lot],
                    status=spec.status,
                    themes=spec.themes,
                    needs=_needs_text(spec.themes, spec.language),
                )
                for organization, spec in zip(stored, organizations, strict=True)
            ]
        )
        changes, reviews, actions, entries, signed, finished = [], [], [], [], [], []
        start = date.today() - timedelta(days=400)
        for trajectory, organization, spec in zip(trajectories, stored, organizations, strict=True):
            path = ORDER[: ORDER.index(spec.furthest) + 1]
            if "plan_agreed" in path:
                signed.append(trajectory.pk)
            if spec.status == "completed":
                finished.append(trajectory.pk)
            previous = ""
            for step in path:
                changes.append(StatusChange(trajectory=trajectory, from_status=previous, to_status=step))
                previous = step
            if spec.status == STOPPED:
                changes.append(
                    StatusChange(
                        trajectory=trajectory, from_status=previous, to_status=STOPPED, note="(demo)"
                    )
                )
            if "approved" in path:
                reviews.append(
                    EligibilityReview(
                        trajectory=trajectory,
                        approved=True,
                        facts=eligibility_facts(organization),
                        decided_by=reviewer,
                    )
                )
            for number, (title, hours, cost) in enumerate(spec.actions):
                actions.append(
                    PlanAction(
                        trajectory=trajectory,
                        title=title,
                        starts_on=start + timedelta(days=30 * number),
                        planned_hours=Decimal(str(hours)),
                        cost_estimate=Decimal(str(cost)),
                        done=spec.furthest == "completed",
                    )
                )
            if spec.spent_hours:
                entries.append(
                    TimeEntry(
                        trajectory=trajectory,
                        worked_on=start + timedelta(days=60),
                        hours=Decimal(str(spec.spent_hours)),
                        activity="(demo)",
                    )
                )
        StatusChange.objects.bulk_create(changes)
        EligibilityReview.objects.bulk_create(reviews)
        PlanAction.objects.bulk_create(actions)
        TimeEntry.objects.bulk_create(entries)
        Trajectory.objects.filter(pk__in=signed).update(
            de_minimis_signed_on=start, de_minimis_signed_by="(demo)"
        )
        Trajectory.objects.filter(pk__in=finished).update(
            practices_anchored="(demo)", how_to_continue="(demo)", transfer_signed_on=date.today()
        )
    return trajectories
