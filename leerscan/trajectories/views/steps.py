"""The trajectory page and its steps: registering the organization, moving to the next step, and
the consultants assigned to it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import (
    can_manage_trajectory,
    can_review_eligibility,
    get_organization_for,
    role_of,
    role_required,
)
from leerscan.accounts.models import Role
from leerscan.organizations.register import eligibility
from leerscan.trajectories import services
from leerscan.trajectories.access import assignable_consultants, trajectory_for
from leerscan.trajectories.models import Trajectory
from leerscan.trajectories.presenting import ELIGIBILITY_TEXT, problem_messages, trajectory_context


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
                "problems": problem_messages(services.registration_problems(organization)),
                "eligibility_text": ELIGIBILITY_TEXT[eligibility(organization.employees)],
            },
        )
    context = trajectory_context(trajectory)
    context.update(
        {
            "can_manage": can_manage,
            "can_review": can_review_eligibility(request.user),
            "can_assign": can_manage and role_of(request.user) in (Role.ADMIN, Role.SERVICE_PROVIDER),
            "assignable": assignable_consultants(trajectory) if can_manage else [],
        }
    )
    return render(request, "trajectories/trajectory.html", context)


@require_POST
@role_required(Role.SERVICE_PROVIDER, Role.CONSULTANT)
def trajectory_register(request, pk):
    organization = get_organization_for(request.user, pk)
    if not can_manage_trajectory(request.user, organization):
        raise PermissionDenied(f"may not register organization {pk} for a trajectory")
    try:
        services.register_trajectory(organization, request.user)
    except services.TrajectoryError as error:
        for message in problem_messages(error.codes):
            messages.error(request, message)
    else:
        messages.success(request, _("Registered. The programme now checks eligibility before the start."))
    return redirect("trajectories:trajectory", pk=organization.pk)


@require_POST
@role_required()
def trajectory_move(request, pk):
    trajectory = trajectory_for(request, pk, manage=True)
    target = request.POST.get("target", "")
    try:
        changed = services.move(trajectory, target, request.user, request.POST.get("note", ""))
    except services.TrajectoryError as error:
        for message in problem_messages(error.codes):
            messages.error(request, message)
    else:
        if changed:
            messages.success(request, _("Saved: %(status)s.") % {"status": trajectory.get_status_display()})
    return redirect("trajectories:trajectory", pk=pk)


@require_POST
@role_required(Role.SERVICE_PROVIDER)
def trajectory_consultants(request, pk):
    """Assign a consultant of the lot to the organization, or take one off."""
    trajectory = trajectory_for(request, pk, manage=True)
    organization = trajectory.organization
    removing = request.POST.get("action") == "remove"
    candidates = organization.consultants.all() if removing else assignable_consultants(trajectory)
    consultant = candidates.filter(pk=request.POST.get("consultant")).first()
    if consultant is None:
        messages.error(request, _("Choose a consultant of this lot."))
    else:
        (organization.consultants.remove if removing else organization.consultants.add)(consultant)
        messages.success(request, _("Saved."))
    return redirect("trajectories:trajectory", pk=pk)
