"""What the trajectory pages show: the texts of problems, eligibility and facts, and the context of
the trajectory page, the organization fiche and the eligibility review.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from leerscan.competences.services import training_plan_progress
from leerscan.maturity.content import get_profile_content
from leerscan.organizations.models import LocalGovernmentCare
from leerscan.organizations.register import eligibility, format_enterprise_number
from leerscan.organizations.services import unlisted_committees
from leerscan.trajectories import services
from leerscan.trajectories.models import Status, Theme, Trajectory
from leerscan.trajectories.workflow import ORDER, STOPPED, blockers, possible_moves

PROBLEMS = {
    "no_enterprise_number": gettext_lazy("Fill in the enterprise number first."),
    "no_employees": gettext_lazy("Fill in the number of employees first."),
    "no_joint_committees": gettext_lazy(
        "Fill in the joint committees first: they decide the lot. "
        "For a local government's childcare, home care or elderly care, choose that service instead."
    ),
    "too_large": gettext_lazy(
        "Not eligible: the programme is for organizations with fewer than 250 employees."
    ),
    "choose_lot": gettext_lazy("The joint committees belong to several lots: choose the lot."),
    "no_reason": gettext_lazy("Write down why."),
    "not_a_next_step": gettext_lazy("This step is not possible from the current step."),
    "not_approved": gettext_lazy("The programme has not approved eligibility (on the current facts) yet."),
    "no_needs": gettext_lazy("Describe the needs first."),
    "no_actions": gettext_lazy("Add at least one action to the plan of approach."),
    "no_de_minimis": gettext_lazy("Record the signed de minimis declaration first."),
    "no_action_plan": gettext_lazy(
        "Write the action plan first: the practices anchored and how the organization continues."
    ),
}
ELIGIBILITY_TEXT = {
    "focus": gettext_lazy("Eligible: fewer than 50 employees, the programme's focus group."),
    "eligible": gettext_lazy("Eligible: fewer than 250 employees."),
    "too_large": gettext_lazy("Not eligible: 250 employees or more."),
    "unknown": gettext_lazy("Eligibility unknown: the number of employees is missing."),
}
FACT_LABELS = {
    "enterprise_number": gettext_lazy("enterprise number"),
    "employees": gettext_lazy("employees"),
    "joint_committees": gettext_lazy("joint committees"),
    "local_government_care": gettext_lazy("local government care service"),
    "lot": gettext_lazy("lot"),
}
MOVE_LABELS = {
    "intake": gettext_lazy("Start the intake"),
    "plan_agreed": gettext_lazy("The plan of approach is agreed"),
    "running": gettext_lazy("Start the coaching"),
    "completed": gettext_lazy("Complete the trajectory"),
    "stopped": gettext_lazy("Stop the trajectory"),
}


def problem_messages(codes) -> list[str]:
    return [str(PROBLEMS[code]) for code in codes]


def fact_text(key: str, value) -> str:
    if value in (None, "", []):
        return "–"
    if key == "enterprise_number":
        return format_enterprise_number(value)
    if key == "joint_committees":
        return ", ".join(value)
    if key == "local_government_care":
        return str(LocalGovernmentCare(value).label)
    return str(value)


def trajectory_context(trajectory: Trajectory) -> dict:
    """What the trajectory page and the organization fiche show."""
    organization = trajectory.organization
    prefetch_related_objects([trajectory], "actions", "reviews", "time_entries__consultant")
    review = services.latest_review(trajectory)
    facts = services.rule_facts(trajectory)
    history = list(trajectory.history.select_related("changed_by"))
    first_reached = {}
    for change in history:
        first_reached.setdefault(change.to_status, change.changed_at)
    steps = [
        (Status(status).label, first_reached.get(status))
        for status in (*ORDER, *((STOPPED,) if STOPPED in first_reached else ()))
    ]
    actions = list(trajectory.actions.all())
    content, language = get_profile_content(), (get_language() or "nl")[:2]
    return {
        "organization": organization,
        "trajectory": trajectory,
        "enterprise_number": fact_text("enterprise_number", organization.enterprise_number),
        "unlisted_committees": unlisted_committees(organization),
        "eligibility_text": ELIGIBILITY_TEXT[eligibility(organization.employees)],
        "review": review,
        "changed_facts": [
            (FACT_LABELS[key], fact_text(key, before), fact_text(key, after))
            for key, before, after in services.changed_facts(trajectory, review)
        ],
        "approval_current": facts.approval_current,
        "moves": [
            {
                "target": target,
                "label": MOVE_LABELS[target] if target in MOVE_LABELS else _("Resume the trajectory"),
                "problems": problem_messages(blockers(facts, target, note="-")),
            }
            for target in possible_moves(facts)
        ],
        "history": history,
        "steps": steps,
        "reached_steps": [(label, reached) for label, reached in steps if reached],
        "themes": [Theme(theme).label for theme in trajectory.themes if theme in Theme.values],
        "actions": actions,
        "planned_hours": trajectory.planned_hours,
        "planned_sessions": trajectory.planned_sessions,
        "planned_cost": trajectory.planned_cost,
        "time_entries": list(trajectory.time_entries.all()),
        "spent_hours": trajectory.spent_hours,
        "stories": list(trajectory.stories.all()),
        "rounds": list(organization.rounds.all()),
        "profiles": [content.label(key, language) for key in organization.maturity_profiles or []],
        "plan_progress": training_plan_progress(organization)
        if organization.competence_matrices.exists()
        else None,
        "consultants": list(
            organization.consultants.select_related("profile__subcontractor").order_by("username")
        ),
    }
