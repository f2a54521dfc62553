"""What a consultant records on a trajectory: needs, de minimis declaration, action plan, plan
actions, time spent and success stories.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.trajectories import services
from leerscan.trajectories.access import trajectory_for
from leerscan.trajectories.forms import (
    ActionPlanForm,
    DeMinimisForm,
    NeedsForm,
    PlanActionForm,
    SuccessStoryForm,
    TimeEntryForm,
)
from leerscan.trajectories.models import PlanAction, TimeEntry


def _edit(request, pk, form_class, title, instance=None, **save_extra):
    """A form page that edits the trajectory (or one of its rows) and returns to the trajectory."""
    trajectory = trajectory_for(request, pk, manage=True)
    form = form_class(request.POST or None, instance=instance if instance is not None else trajectory)
    if request.method == "POST" and form.is_valid():
        services.save_record(form.save(commit=False), trajectory, **save_extra)
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
    trajectory = trajectory_for(request, pk, manage=True)
    action = get_object_or_404(PlanAction, pk=action_pk, trajectory=trajectory)
    return _edit(request, pk, PlanActionForm, _("Change action"), instance=action)


@role_required()
def time_add(request, pk):
    today = TimeEntry(worked_on=timezone.localdate())
    return _edit(request, pk, TimeEntryForm, _("Time spent"), instance=today, consultant=request.user)


@role_required()
def story_add(request, pk):
    trajectory = trajectory_for(request, pk, manage=True)
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
    trajectory = trajectory_for(request, pk, manage=True)
    model = {"action": PlanAction, "time": TimeEntry}.get(kind)
    if model is None:
        raise Http404
    deleted, _count = model.objects.filter(pk=row_pk, trajectory=trajectory).delete()
    if deleted:
        messages.success(request, _("Deleted."))
    return redirect("trajectories:trajectory", pk=pk)
