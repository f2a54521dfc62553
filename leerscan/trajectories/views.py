"""Trajectory pages (service providers, consultants; read-only for the organization contact and the
programme), the programme's eligibility reviews, and the programme view with its exports.

Every view checks the role and the organization through ``leerscan.accounts.access``; organizations a
user may not see answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import (
    can_manage_trajectory,
    can_review_eligibility,
    get_organization_for,
    programme_lot_ids,
    role_of,
    role_required,
    visible_organizations,
)
from leerscan.accounts.models import Role, ServiceProvider
from leerscan.competences.services import training_plan_progress
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf
from leerscan.maturity.content import get_profile_content
from leerscan.organizations.lots import lot_object
from leerscan.organizations.models import LocalGovernmentCare, Lot
from leerscan.organizations.register import eligibility, format_enterprise_number, lot_for
from leerscan.organizations.services import unlisted_committees
from leerscan.trajectories import programme, services
from leerscan.trajectories.forms import (
    ActionPlanForm,
    CommunicationActionForm,
    DeMinimisForm,
    NeedsForm,
    PlanActionForm,
    ReviewForm,
    SuccessStoryForm,
    TimeEntryForm,
)
from leerscan.trajectories.models import CommunicationAction, PlanAction, Status, Theme, TimeEntry, Trajectory
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


def _problem_messages(codes) -> list[str]:
    return [str(PROBLEMS[code]) for code in codes]


def _trajectory_for(request, pk: int, manage: bool = False) -> Trajectory:
    """The organization's trajectory if the user may see it (and record it, with ``manage``)."""
    organization = get_organization_for(request.user, pk)
    trajectory = Trajectory.objects.filter(organization=organization).select_related("organization").first()
    if trajectory is None:
        raise Http404
    if manage and not can_manage_trajectory(request.user, organization):
        raise PermissionDenied
    return trajectory


def _fact_text(key: str, value) -> str:
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
        "enterprise_number": _fact_text("enterprise_number", organization.enterprise_number),
        "unlisted_committees": unlisted_committees(organization),
        "eligibility_text": ELIGIBILITY_TEXT[eligibility(organization.employees)],
        "review": review,
        "changed_facts": [
            (FACT_LABELS[key], _fact_text(key, before), _fact_text(key, after))
            for key, before, after in services.changed_facts(trajectory, review)
        ],
        "approval_current": facts.approval_current,
        "moves": [
            {
                "target": target,
                "label": MOVE_LABELS[target] if target in MOVE_LABELS else _("Resume the trajectory"),
                "problems": _problem_messages(blockers(facts, target, note="-")),
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


@role_required()
def trajectory_page(request, pk):
    organization = get_organization_for(request.user, pk)
    trajectory = Trajectory.objects.filter(organization=organization).first()
    can_manage = can_manage_trajectory(request.user, organization)
    if trajectory is None:
        return render(
            request,
            "trajectories/not_registered.html",
            {
                "organization": organization,
                "can_manage": can_manage,
                "problems": _problem_messages(services.registration_problems(organization)),
                "eligibility_text": ELIGIBILITY_TEXT[eligibility(organization.employees)],
            },
        )
    context = trajectory_context(trajectory)
    context.update(
        {
            "can_manage": can_manage,
            "can_review": can_review_eligibility(request.user),
            "can_assign": can_manage and role_of(request.user) in (Role.ADMIN, Role.SERVICE_PROVIDER),
            "assignable": _assignable_consultants(trajectory) if can_manage else [],
        }
    )
    return render(request, "trajectories/trajectory.html", context)


@require_POST
@role_required(Role.SERVICE_PROVIDER, Role.CONSULTANT)
def trajectory_register(request, pk):
    organization = get_organization_for(request.user, pk)
    if not can_manage_trajectory(request.user, organization):
        raise PermissionDenied
    try:
        services.register_trajectory(organization, request.user)
    except services.TrajectoryError as error:
        for message in _problem_messages(error.codes):
            messages.error(request, message)
    else:
        messages.success(request, _("Registered. The programme now checks eligibility before the start."))
    return redirect("trajectories:trajectory", pk=organization.pk)


@require_POST
@role_required()
def trajectory_move(request, pk):
    trajectory = _trajectory_for(request, pk, manage=True)
    target = request.POST.get("target", "")
    try:
        changed = services.move(trajectory, target, request.user, request.POST.get("note", ""))
    except services.TrajectoryError as error:
        for message in _problem_messages(error.codes):
            messages.error(request, message)
    else:
        if changed:
            messages.success(request, _("Saved: %(status)s.") % {"status": trajectory.get_status_display()})
    return redirect("trajectories:trajectory", pk=pk)


def _edit(request, pk, form_class, title, instance=None, **save_extra):
    """A form page that edits the trajectory (or one of its rows) and returns to the trajectory."""
    trajectory = _trajectory_for(request, pk, manage=True)
    form = form_class(request.POST or None, instance=instance if instance is not None else trajectory)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            for key, value in save_extra.items():
                setattr(row, key, value)
            if hasattr(row, "trajectory_id") and not row.trajectory_id:
                row.trajectory = trajectory
            row.save()
        messages.success(request, _("Saved."))
        return redirect("trajectories:trajectory", pk=pk)
    return render(
        request,
        "manage/form.html",
        {
            "form": form,
            "title": title,
            "organization": trajectory.organization,
            "back_url": reverse("trajectories:trajectory", args=[pk]),
        },
    )


@role_required()
def trajectory_needs(request, pk):
    return _edit(request, pk, NeedsForm, _("Needs around competences"))


@role_required()
def trajectory_de_minimis(request, pk):
    return _edit(request, pk, DeMinimisForm, _("De minimis declaration"))


@role_required()
def trajectory_action_plan(request, pk):
    return _edit(request, pk, ActionPlanForm, _("Action plan"))


@role_required()
def action_add(request, pk):
    return _edit(request, pk, PlanActionForm, _("New action"), instance=PlanAction())


@role_required()
def action_edit(request, pk, action_pk):
    trajectory = _trajectory_for(request, pk, manage=True)
    action = get_object_or_404(PlanAction, pk=action_pk, trajectory=trajectory)
    return _edit(request, pk, PlanActionForm, _("Change action"), instance=action)


@role_required()
def time_add(request, pk):
    today = TimeEntry(worked_on=timezone.localdate())
    return _edit(request, pk, TimeEntryForm, _("Time spent"), instance=today, consultant=request.user)


@role_required()
def story_add(request, pk):
    trajectory = _trajectory_for(request, pk, manage=True)
    return _edit(
        request,
        pk,
        SuccessStoryForm,
        _("Success story"),
        instance=trajectory.stories.model(),
        created_by=request.user,
    )


@require_POST
@role_required()
def row_delete(request, pk, kind, row_pk):
    """Delete a plan action or a time entry of the trajectory."""
    trajectory = _trajectory_for(request, pk, manage=True)
    model = {"action": PlanAction, "time": TimeEntry}.get(kind)
    if model is None:
        raise Http404
    deleted, _count = model.objects.filter(pk=row_pk, trajectory=trajectory).delete()
    if deleted:
        messages.success(request, _("Deleted."))
    return redirect("trajectories:trajectory", pk=pk)


def _assignable_consultants(trajectory: Trajectory):
    """Consultants of the service providers of the organization's lot."""
    organization = trajectory.organization
    if not organization.lot_id:
        return User.objects.none()
    return User.objects.filter(
        profile__role=Role.CONSULTANT, profile__service_provider__lot_id=organization.lot_id, is_active=True
    ).order_by("username")


@require_POST
@role_required(Role.SERVICE_PROVIDER)
def trajectory_consultants(request, pk):
    """Assign a consultant of the lot to the organization, or take one off."""
    trajectory = _trajectory_for(request, pk, manage=True)
    organization = trajectory.organization
    removing = request.POST.get("action") == "remove"
    candidates = organization.consultants.all() if removing else _assignable_consultants(trajectory)
    consultant = candidates.filter(pk=request.POST.get("consultant")).first()
    if consultant is None:
        messages.error(request, _("Choose a consultant of this lot."))
    else:
        (organization.consultants.remove if removing else organization.consultants.add)(consultant)
        messages.success(request, _("Saved."))
    return redirect("trajectories:trajectory", pk=pk)


@role_required()
def trajectory_fiche(request, pk):
    """The one-page organization fiche the specification asks for (PDF; ``?format=html`` to preview)."""
    trajectory = _trajectory_for(request, pk)
    context = {**trajectory_context(trajectory), "today": timezone.localdate()}
    if request.GET.get("format") == "html":
        return render(request, "trajectories/fiche.html", context)
    html = render_to_string("trajectories/fiche.html", context, request)
    number = trajectory.organization.enterprise_number or trajectory.organization.pk
    return download(html_to_pdf(html), f"leerscan-fiche-{number}.pdf")


# --- the programme: eligibility reviews -------------------------------------------------------------


@role_required(Role.PROGRAMME)
def approvals(request):
    """Trajectories waiting for an eligibility decision, and the latest decisions."""
    waiting, decided = [], []
    trajectories = Trajectory.objects.select_related(
        "organization__lot", "service_provider"
    ).prefetch_related("reviews")
    for trajectory in trajectories:
        review = services.latest_review(trajectory)
        changed = services.changed_facts(trajectory, review) if review else []
        row = {
            "trajectory": trajectory,
            "review": review,
            "changed": [(FACT_LABELS[key], _fact_text(key, b), _fact_text(key, a)) for key, b, a in changed],
            "eligibility_text": ELIGIBILITY_TEXT[eligibility(trajectory.organization.employees)],
        }
        finished = trajectory.status in ("stopped", "completed")  # nothing left to decide
        if not finished and (review is None or changed):
            waiting.append(row)
        elif review is not None:
            decided.append(row)
    decided.sort(key=lambda row: row["review"].decided_at, reverse=True)
    return render(request, "trajectories/approvals.html", {"waiting": waiting, "decided": decided[:50]})


@role_required(Role.PROGRAMME)
def review(request, trajectory_pk):
    trajectory = get_object_or_404(Trajectory.objects.select_related("organization__lot"), pk=trajectory_pk)
    organization = trajectory.organization
    lots = (
        lot_for(organization.joint_committees, organization.local_government_care).lots
        if organization.lot_needs_decision
        else ()
    )
    form = ReviewForm(request.POST or None, lots=lots)
    if request.method == "POST" and form.is_valid():
        lot = lot_object(form.cleaned_data["lot"]) if form.cleaned_data.get("lot") else None
        try:
            services.review_eligibility(
                trajectory,
                request.user,
                form.cleaned_data["decision"] == "approve",
                form.cleaned_data["note"],
                lot,
            )
        except services.TrajectoryError as error:
            for message in _problem_messages(error.codes):
                form.add_error(None, message)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("trajectories:approvals")
    context = trajectory_context(trajectory)
    context.update({"form": form})
    return render(request, "trajectories/review.html", context)


# --- the programme view -----------------------------------------------------------------------------


def _programme_scope(request):
    """(lot ids the user may see or None for all, the chosen lot number or None) — 404 for others."""
    allowed = programme_lot_ids(request.user)
    if allowed == []:
        raise Http404
    chosen = request.GET.get("lot") or None
    if chosen is not None and not chosen.isdigit():
        raise Http404
    return allowed, chosen


@role_required(Role.PROGRAMME, Role.SERVICE_PROVIDER)
def programme_page(request):
    allowed, chosen = _programme_scope(request)
    figures = programme.figures(allowed, chosen)
    lots = Lot.objects.all() if allowed is None else Lot.objects.filter(pk__in=allowed)
    return render(
        request,
        "trajectories/programme.html",
        {
            "figures": figures,
            "lots": lots,
            "chosen": chosen,
            "can_review": can_review_eligibility(request.user),
        },
    )


@role_required(Role.PROGRAMME, Role.SERVICE_PROVIDER)
def programme_export(request):
    allowed, chosen = _programme_scope(request)
    table = request.GET.get("table", "lots")
    file_format = request.GET.get("format", "csv")
    if table not in programme.TABLES or file_format not in ("csv", "xlsx", "pdf"):
        raise Http404
    if file_format == "pdf":
        if table != "stories":
            raise Http404
        html = render_to_string(
            "trajectories/stories.html", {"stories": programme.stories(allowed, chosen)}, request
        )
        return download(html_to_pdf(html), "leerscan-success-stories.pdf")
    return programme.table_response(table, allowed, chosen, file_format)


@role_required(Role.PROGRAMME, Role.SERVICE_PROVIDER)
def communication(request):
    """Communication actions: service-provider staff record theirs; the programme sees every lot's."""
    allowed, _chosen = _programme_scope(request)
    actions = programme.in_scope(
        CommunicationAction.objects.select_related("service_provider__lot"),
        "service_provider__lot",
        allowed,
        None,
    )
    provider: ServiceProvider | None = None
    if role_of(request.user) == Role.SERVICE_PROVIDER:
        provider = request.user.profile.service_provider
    form = CommunicationActionForm(request.POST or None) if provider else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            action = form.save(commit=False)
            action.service_provider = provider
            action.created_by = request.user
            action.save()
            messages.success(request, _("Saved."))
            return redirect("trajectories:communication")
    return render(request, "trajectories/communication.html", {"actions": actions, "form": form})


@role_required()
def register_page(request):
    """The organization register with each organization's trajectory step (what the user may see)."""
    organizations = visible_organizations(request.user).select_related("lot", "trajectory")
    status = request.GET.get("status") or ""
    if status == "none":
        organizations = organizations.filter(trajectory__isnull=True)
    elif status in Status.values:
        organizations = organizations.filter(trajectory__status=status)
    lot = request.GET.get("lot") or ""
    if lot.isdigit():
        organizations = organizations.filter(lot__number=int(lot))
    rows = [
        {
            "organization": organization,
            "enterprise_number": _fact_text("enterprise_number", organization.enterprise_number),
            "trajectory": getattr(organization, "trajectory", None),
            "eligibility": eligibility(organization.employees),
        }
        for organization in organizations
    ]
    return render(
        request,
        "trajectories/register.html",
        {"rows": rows, "statuses": Status.choices, "status": status, "lot": lot, "lots": Lot.objects.all()},
    )
