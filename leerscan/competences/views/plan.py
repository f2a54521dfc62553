"""The training plan pages: suggestions from the gaps, the actions with their status, and the
plan as PDF.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.competences import services
from leerscan.competences.access import get_organization_with_people
from leerscan.competences.forms import PlanActionForm
from leerscan.competences.models import PlanAction
from leerscan.competences.presenting import person_names
from leerscan.competences.views.pages import confirm_page, form_page, language_code, page
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf


def _suggestion_rows(organization, data, suggestions):
    kinds = dict(PlanAction.Kind.choices)
    teams = dict(organization.competence_matrices.values_list("pk", "name"))
    return [
        {
            "key": s.key,
            "kind": kinds[s.kind],
            "team": teams.get(data.competences[s.competence_id].matrix_id, ""),
            "competence": data.competences[s.competence_id].name,
            "learners": person_names(data, s.learners),
            "mentor": data.people[s.mentor_id].name if s.mentor_id else "",
            "reason": s.reason,
        }
        for s in suggestions
    ]


def _actions(organization):
    return (
        PlanAction.objects.filter(organization=organization)
        .select_related("competence__matrix", "mentor")
        .prefetch_related("participants__role__matrix")
    )


@role_required()
def plan(request, pk):
    """The training plan: suggestions from the gaps, and the actions with timeline and status."""
    organization = get_organization_with_people(request.user, pk)
    data = services.organization_data(organization)
    suggestions = services.plan_suggestions(organization, data)
    return page(
        request,
        "competences/plan.html",
        organization,
        suggestions=_suggestion_rows(organization, data, suggestions),
        actions=_actions(organization),
        statuses=PlanAction.Status.choices,
        plan_progress=services.training_plan_progress(organization),
        training_plan_required=bool(organization.employees and organization.employees >= 20),
    )


@require_POST
@role_required()
def plan_accept(request, pk):
    organization = get_organization_with_people(request.user, pk)
    keys = None if request.POST.get("all") else request.POST.getlist("key")
    created = services.accept_suggestions(organization, keys)
    messages.success(
        request,
        ngettext("%(count)d action added to the plan.", "%(count)d actions added to the plan.", created)
        % {"count": created},
    )
    return redirect("competences:plan", pk=pk)


@role_required()
def action_form(request, pk, action_pk=None):
    organization = get_organization_with_people(request.user, pk)
    instance = get_object_or_404(PlanAction, pk=action_pk, organization=organization) if action_pk else None
    form = PlanActionForm(request.POST or None, instance=instance, organization=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("competences:plan", pk=pk)
    title = _("Change the action") if action_pk else _("New action")
    return form_page(request, organization, form, title, reverse("competences:plan", args=[pk]))


@require_POST
@role_required()
def action_status(request, pk, action_pk):
    organization = get_organization_with_people(request.user, pk)
    action = get_object_or_404(PlanAction, pk=action_pk, organization=organization)
    status = request.POST.get("status")
    if status in PlanAction.Status.values:
        services.set_action_status(action, status)
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect("competences:plan", pk=pk)


@role_required()
def action_delete(request, pk, action_pk):
    organization = get_organization_with_people(request.user, pk)
    action = get_object_or_404(PlanAction, pk=action_pk, organization=organization)
    if request.method == "POST":
        action.delete()
        messages.success(request, _("Deleted."))
        return redirect("competences:plan", pk=pk)
    question = _("Delete the action “%(name)s”?") % {"name": action.label}
    return confirm_page(request, organization, question, reverse("competences:plan", args=[pk]))


@role_required()
def plan_pdf(request, pk):
    """The organization's training plan (opleidingsplan) as PDF."""
    organization = get_organization_with_people(request.user, pk)
    html = render_to_string(
        "competences/plan_pdf.html",
        {
            "organization": organization,
            **_plan_sections(_actions(organization)),
            "plan_progress": services.training_plan_progress(organization),
            "language": language_code(),
            "today": timezone.localdate(),
        },
    )
    return download(html_to_pdf(html), f"leerscan-training-plan-{organization.pk}.pdf")


def _plan_sections(actions) -> dict:
    """The plan grouped for the PDF: one section per person with the actions they follow alone,
    then the group actions (several learners), then actions nobody is assigned to yet."""
    people: dict[int, dict] = {}
    groups, unassigned = [], []
    for action in actions:
        learners = list(action.participants.all())
        if len(learners) == 1:
            person = learners[0]
            people.setdefault(person.pk, {"person": person, "actions": []})["actions"].append(action)
        elif learners:
            groups.append(action)
        else:
            unassigned.append(action)
    return {
        "people": sorted(
            people.values(), key=lambda section: (section["person"].name.casefold(), section["person"].pk)
        ),
        "groups": groups,
        "unassigned": unassigned,
    }
