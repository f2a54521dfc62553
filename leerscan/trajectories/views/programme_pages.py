"""The programme's pages: eligibility reviews, the programme view, communication actions and the
organization register with each organization's trajectory step.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from leerscan.accounts.access import can_review_eligibility, role_of, role_required, visible_organizations
from leerscan.accounts.models import Role, ServiceProvider
from leerscan.organizations.lots import lot_object
from leerscan.organizations.models import Lot
from leerscan.organizations.register import eligibility, lot_for
from leerscan.trajectories import programme, services
from leerscan.trajectories.access import programme_scope
from leerscan.trajectories.forms import CommunicationActionForm, ReviewForm
from leerscan.trajectories.models import CommunicationAction, Status, Trajectory
from leerscan.trajectories.presenting import (
    ELIGIBILITY_TEXT,
    FACT_LABELS,
    fact_text,
    problem_messages,
    trajectory_context,
)


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
            "changed": [(FACT_LABELS[key], fact_text(key, b), fact_text(key, a)) for key, b, a in changed],
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
            for message in problem_messages(error.codes):
                form.add_error(None, message)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("trajectories:approvals")
    context = trajectory_context(trajectory)
    context.update({"form": form})
    return render(request, "trajectories/review.html", context)


@role_required(Role.PROGRAMME, Role.SERVICE_PROVIDER)
def programme_page(request):
    allowed, chosen = programme_scope(request)
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
def communication(request):
    """Communication actions: service-provider staff record theirs; the programme sees every lot's."""
    allowed, _chosen = programme_scope(request)
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
            raise PermissionDenied("only a service provider records communication actions")
        if form.is_valid():
            services.save_communication_action(form.save(commit=False), provider, request.user)
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
            "enterprise_number": fact_text("enterprise_number", organization.enterprise_number),
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
