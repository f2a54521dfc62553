"""Staff pages of the competence matrix (organization contact, assigned consultant, admin).

Every view goes through ``leerscan.accounts.access`` (organization visible, else 404) and
``leerscan.competences.access`` (individuals only for the roles allowed to see them, else 403).
The programme and service-provider roles see the overview's aggregated figures only.
"""

from __future__ import annotations

import json

import segno
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leerscan.accounts.access import get_organization_for, role_required
from leerscan.competences import matrix as logic
from leerscan.competences import services
from leerscan.competences.access import (
    get_employee_for,
    get_matrix_for,
    get_organization_with_people,
    sees_people,
)
from leerscan.competences.forms import (
    AgreedForm,
    BulkPeopleForm,
    CompetenceForm,
    ConsentRecordForm,
    EmployeeForm,
    JobRoleForm,
    LevelScaleForm,
    MatrixForm,
    NewMatrixForm,
    PlanActionForm,
    RequirementsForm,
)
from leerscan.competences.models import (
    Assessment,
    Competence,
    Employee,
    JobRole,
    Matrix,
    PlanAction,
    Requirement,
)
from leerscan.competences.scale import level_name, levels_of
from leerscan.core.downloads import download, table_download
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.answers import AnswerFileError


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


def _page(request, template, organization, **context):
    return render(request, template, {"organization": organization, **context})


def _form_page(request, organization, form, title, back):
    return render(
        request,
        "competences/form.html",
        {"organization": organization, "form": form, "title": title, "back": back},
    )


def _confirm(request, organization, question: str, back: str):
    return render(
        request,
        "competences/confirm.html",
        {"organization": organization, "question": question, "back": back},
    )


# Overview ---------------------------------------------------------------------------------------


@role_required()
def overview(request, pk):
    """Matrices, people and plan progress; individuals' data only for the roles allowed to see them."""
    organization = get_organization_for(request.user, pk)
    people_access = sees_people(request.user, organization)
    active = services.active_people(organization)
    people_per_matrix = dict(
        active.filter(role__isnull=False)
        .values_list("role__matrix")
        .annotate(n=Count("pk"))
        .values_list("role__matrix", "n")
    )
    matrices = [
        {
            "matrix": m,
            "roles": m.role_count,
            "competences": m.competence_count,
            "people": people_per_matrix.get(m.pk, 0),
        }
        for m in organization.competence_matrices.annotate(
            role_count=Count("roles", distinct=True), competence_count=Count("competences", distinct=True)
        )
    ]
    context = {
        "matrices": matrices,
        "people_access": people_access,
        "plan_progress": services.training_plan_progress(organization),
        "people_total": active.count(),
    }
    if people_access:
        data = services.organization_data(organization)
        context["risks"] = [
            {"matrix": m["matrix"], "competence": data.competences[item.competence_id].name, "item": item}
            for m in matrices
            for item in logic.coverage(data, m["matrix"].pk)
            if item.risk != "ok"
        ]
        context["gap_count"] = len(logic.gaps(data))
        context["consented"] = active.filter(consent_at__isnull=False).count()
    return _page(request, "competences/overview.html", organization, **context)


# Matrices ---------------------------------------------------------------------------------------


@role_required()
def matrix_new(request, pk):
    """A new department's matrix: empty, a copy of another department, or from an Excel file."""
    organization = get_organization_with_people(request.user, pk)
    form = NewMatrixForm(request.POST or None, request.FILES or None, organization=organization)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        name, start = form.cleaned_data["name"], form.cleaned_data["start"]
        matrix = None
        try:
            if start == "copy":
                matrix = services.copy_matrix(form.cleaned_data["copy_from"], name)
            elif start == "import":
                spec = services.read_upload(form.cleaned_data["file"])
                matrix = services.create_from_spec(organization, name, spec)
            else:
                matrix = Matrix.objects.create(organization=organization, name=name)
        except AnswerFileError as error:
            problems = [problem.localized(_) for problem in error.problems]
        except IntegrityError:
            form.add_error("name", _("This organization already has a matrix with this name."))
        if matrix is not None:
            if form.cleaned_data["description"]:
                Matrix.objects.filter(pk=matrix.pk).update(description=form.cleaned_data["description"])
            messages.success(request, _("The matrix is ready. Add or check the roles and competences."))
            return redirect("competences:matrix", pk=organization.pk, matrix_pk=matrix.pk)
    return _page(request, "competences/matrix_new.html", organization, form=form, problems=problems)


def _grid(matrix: Matrix):
    roles = list(matrix.roles.all())
    competences = list(matrix.competences.all())
    required = {
        (r.role_id, r.competence_id): r.level for r in Requirement.objects.filter(role__matrix=matrix)
    }
    return roles, competences, required


@role_required()
def matrix_detail(request, pk, matrix_pk):
    """The matrix: roles as columns, competences as rows, the required level in each cell."""
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    roles, competences, required = _grid(matrix)
    form = RequirementsForm(
        request.POST or None, matrix=matrix, roles=roles, competences=competences, required=required
    )
    if request.method == "POST" and form.is_valid():
        services.set_requirements(matrix, form.values())
        messages.success(request, _("The required levels are saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    rows = [{"competence": c, "cells": [form[form.cells[(r.pk, c.pk)]] for r in roles]} for c in competences]
    return _page(
        request,
        "competences/matrix.html",
        matrix.organization,
        matrix=matrix,
        roles=roles,
        rows=rows,
        form=form,
        levels=levels_of(matrix),
        people=services.active_people(matrix.organization).filter(role__matrix=matrix).count(),
    )


@role_required()
def matrix_edit(request, pk, matrix_pk):
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    form = MatrixForm(request.POST or None, instance=matrix, organization=matrix.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    back = reverse("competences:matrix", args=[pk, matrix.pk])
    return _form_page(request, matrix.organization, form, _("Change the matrix"), back)


@role_required()
def matrix_levels(request, pk, matrix_pk):
    """The level scale: standard four levels or the organization's own words."""
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    form = LevelScaleForm(request.POST or None, matrix=matrix, minimum=services.highest_level_in_use(matrix))
    if request.method == "POST" and form.is_valid():
        matrix.levels = form.levels()
        matrix.save(update_fields=["levels", "updated_at"])
        messages.success(request, _("The levels are saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    return _page(request, "competences/levels.html", matrix.organization, matrix=matrix, form=form)


@role_required()
def matrix_delete(request, pk, matrix_pk):
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    if request.method == "POST":
        services.delete_matrix(matrix)
        messages.success(request, _("The matrix is deleted."))
        return redirect("competences:overview", pk=pk)
    question = _(
        "Delete the matrix “%(name)s” with its roles, competences and all levels given in it? "
        "The people stay, without a role."
    ) % {"name": matrix.name}
    return _confirm(
        request, matrix.organization, question, reverse("competences:matrix", args=[pk, matrix.pk])
    )


def _part(request, pk, matrix_pk, model, form_class, part_pk, titles):
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    instance = get_object_or_404(model, pk=part_pk, matrix=matrix) if part_pk else model(matrix=matrix)
    form = form_class(request.POST or None, instance=instance, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        if not part_pk:
            part.position = (model.objects.filter(matrix=matrix).aggregate(p=Max("position"))["p"] or 0) + 1
        part.save()
        messages.success(request, _("Saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    back = reverse("competences:matrix", args=[pk, matrix.pk])
    return _form_page(request, matrix.organization, form, titles[bool(part_pk)], back)


@role_required()
def role_form(request, pk, matrix_pk, role_pk=None):
    return _part(request, pk, matrix_pk, JobRole, JobRoleForm, role_pk, (_("New role"), _("Change the role")))


@role_required()
def competence_form(request, pk, matrix_pk, competence_pk=None):
    titles = (_("New competence"), _("Change the competence"))
    return _part(request, pk, matrix_pk, Competence, CompetenceForm, competence_pk, titles)


def _delete_part(request, pk, matrix_pk, model, part_pk, question):
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    part = get_object_or_404(model, pk=part_pk, matrix=matrix)
    back = reverse("competences:matrix", args=[pk, matrix.pk])
    if request.method == "POST":
        part.delete()
        messages.success(request, _("Deleted."))
        return redirect(back)
    return _confirm(request, matrix.organization, question % {"name": part.name}, back)


@role_required()
def role_delete(request, pk, matrix_pk, role_pk):
    question = _("Delete the role “%(name)s”? The people in it stay, without a role.")
    return _delete_part(request, pk, matrix_pk, JobRole, role_pk, question)


@role_required()
def competence_delete(request, pk, matrix_pk, competence_pk):
    question = _("Delete the competence “%(name)s” and every level given for it?")
    return _delete_part(request, pk, matrix_pk, Competence, competence_pk, question)


def _matrix_document(matrix: Matrix) -> str:
    roles, competences, required = _grid(matrix)
    return render_to_string(
        "competences/matrix_pdf.html",
        {
            "matrix": matrix,
            "organization": matrix.organization,
            "roles": roles,
            "rows": [
                {"competence": c, "levels": [required.get((r.pk, c.pk)) for r in roles]} for c in competences
            ],
            "levels": levels_of(matrix),
            "language": _language(),
            "today": timezone.localdate(),
        },
    )


@role_required()
def matrix_export(request, pk, matrix_pk, fmt):
    """The matrix as Excel (to edit and import again) or PDF (to print and discuss)."""
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    stem = f"leerscan-matrix-{slugify(matrix.name) or matrix.pk}"
    if fmt == "xlsx":
        return download(services.export_workbook(matrix, _language()), f"{stem}.xlsx")
    if fmt == "pdf":
        return download(html_to_pdf(_matrix_document(matrix)), f"{stem}.pdf")
    raise Http404("unknown format")


# Insight ----------------------------------------------------------------------------------------


def _names(data, ids) -> list[str]:
    return [data.people[i].name for i in ids]


@role_required()
def insight(request, pk):
    """Heat map of gaps per team, role and competence; mentors per gap; coverage of critical ones."""
    organization = get_organization_with_people(request.user, pk)
    data = services.organization_data(organization)
    teams = []
    for matrix in organization.competence_matrices.all():
        heat = logic.heat_map(data, matrix.pk)
        levels = levels_of(matrix)
        roles = [data.roles[r] for r in heat.role_ids]
        rows = [
            {
                "competence": data.competences[c],
                "cells": [heat.cells[(c, r.id)] for r in roles],
                "total": heat.by_competence[c],
            }
            for c in heat.competence_ids
        ]
        gap_rows = []
        for need in sorted(
            (n for n in logic.gaps(data) if data.competences[n.competence_id].matrix_id == matrix.pk),
            key=lambda n: (data.competences[n.competence_id].name, data.people[n.person_id].name),
        ):
            mentors = logic.mentors_for(data, need.person_id, need.competence_id, need.required)
            gap_rows.append(
                {
                    "person": data.people[need.person_id],
                    "competence": data.competences[need.competence_id],
                    "required": level_name(levels, need.required),
                    "agreed": level_name(levels, need.agreed),
                    "mentors": [
                        {
                            "name": data.people[m.person_id].name,
                            "level": level_name(levels, m.level),
                            "same_team": m.same_team,
                        }
                        for m in mentors
                    ],
                }
            )
        teams.append(
            {
                "matrix": matrix,
                "roles": roles,
                "rows": rows,
                "by_role": [heat.by_role[r.id] for r in roles],
                "total": heat.total,
                "gaps": gap_rows,
                "coverage": [
                    {
                        "competence": data.competences[item.competence_id],
                        "item": item,
                        "level": level_name(levels, item.level),
                        "masters": _names(data, item.masters),
                    }
                    for item in logic.coverage(data, matrix.pk)
                ],
            }
        )
    return _page(request, "competences/insight.html", organization, teams=teams)


# People -----------------------------------------------------------------------------------------


def _personal_link(request, employee: Employee) -> str:
    return (
        request.build_absolute_uri(reverse("competences:person_home", args=[employee.token]))
        if employee.token
        else ""
    )


@role_required()
def people(request, pk):
    """Everyone in the matrices, with their consent and link; add several people at once."""
    organization = get_organization_with_people(request.user, pk)
    form = BulkPeopleForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        added, skipped = services.add_people(
            organization, form.cleaned_data["names"], form.cleaned_data["role"], form.cleaned_data["manager"]
        )
        if added or not skipped:
            count = len(added)
            messages.success(
                request,
                ngettext(
                    "%(count)d person added. Give them their personal link.",
                    "%(count)d people added. Give each one their personal link.",
                    count,
                )
                % {"count": count},
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "Already in the list, so not added again: %(names)s.",
                    "Already in the list, so not added again: %(names)s.",
                    len(skipped),
                )
                % {"names": ", ".join(skipped)},
            )
        return redirect("competences:people", pk=pk)
    employees = (
        Employee.objects.filter(organization=organization)
        .select_related("role__matrix", "manager")
        .annotate(report_count=Count("reports"))
    )
    return _page(
        request,
        "competences/people.html",
        organization,
        employees=employees,
        form=form,
        retention=services.retention_months(),
    )


@role_required()
def person_form(request, pk, employee_pk=None):
    organization = get_organization_with_people(request.user, pk)
    instance = get_object_or_404(Employee, pk=employee_pk, organization=organization) if employee_pk else None
    form = EmployeeForm(request.POST or None, instance=instance, organization=organization)
    if request.method == "POST" and form.is_valid():
        employee = form.save()
        messages.success(request, _("Saved."))
        return redirect("competences:person", pk=pk, employee_pk=employee.pk)
    back = (
        reverse("competences:person", args=[pk, employee_pk])
        if employee_pk
        else reverse("competences:people", args=[pk])
    )
    title = _("Change the person") if employee_pk else _("New person")
    return _form_page(request, organization, form, title, back)


def levels_rows(employee: Employee, levels) -> list[dict]:
    """Per competence of the person's team: required, self, manager and agreed level (for display)."""
    matrix = employee.matrix
    if matrix is None:
        return []
    table = services.levels_table(employee)
    required = dict(
        Requirement.objects.filter(role_id=employee.role_id).values_list("competence_id", "level")
    )
    rows = []
    for competence in matrix.competences.all():
        found = table.get(competence.pk, {})
        agreed = found.get(Assessment.Source.AGREED)
        rows.append(
            {
                "competence": competence,
                "required": required.get(competence.pk),
                "required_label": level_name(levels, required.get(competence.pk))
                if required.get(competence.pk)
                else "",
                "self": level_name(levels, getattr(found.get(Assessment.Source.SELF), "level", None)),
                "manager": level_name(levels, getattr(found.get(Assessment.Source.MANAGER), "level", None)),
                "agreed": level_name(levels, agreed.level if agreed else None),
                "agreed_level": agreed.level if agreed else None,
                "agreed_on": agreed.agreed_on if agreed else None,
                "note": agreed.note if agreed else "",
                "gap": bool(
                    agreed and required.get(competence.pk) and agreed.level < required[competence.pk]
                ),
            }
        )
    return rows


def agreed_form_for(employee: Employee, data=None) -> AgreedForm | None:
    """The agreed-levels form of a person (None without a team), prefilled with the levels agreed
    before and nothing else: the self and manager views are shown next to it as text, so saving after
    discussing one competence records only that one."""
    matrix = employee.matrix
    if matrix is None:
        return None
    current = {
        competence_id: (found[Assessment.Source.AGREED].level, found[Assessment.Source.AGREED].note)
        for competence_id, found in services.levels_table(employee).items()
        if Assessment.Source.AGREED in found
    }
    return AgreedForm(data, competences=matrix.competences.all(), levels=levels_of(matrix), current=current)


def agreed_fields(form: AgreedForm, rows: list[dict]) -> list[dict]:
    by_pk = {row["competence"].pk: row for row in rows}
    return [
        {"row": by_pk[c.pk], "level": form[f"a{c.pk}"], "note": form[f"n{c.pk}"]} for c in form.competences
    ]


@role_required()
def person_detail(request, pk, employee_pk):
    """One person: levels side by side, the agreed levels after the conversation, gaps and mentors,
    their plan actions, their link, and their data."""
    employee = get_employee_for(request.user, pk, employee_pk)
    organization = employee.organization
    matrix = employee.matrix
    levels = levels_of(matrix) if matrix else []
    form = agreed_form_for(employee, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None:
        if not employee.has_consented:
            messages.error(request, _("First record this person's consent."))
        elif form.is_valid():
            services.save_levels(
                employee,
                Assessment.Source.AGREED,
                form.values(),
                user=request.user,
                agreed_on=form.cleaned_data["agreed_on"],
                notes=form.notes(),
            )
            messages.success(request, _("The agreed levels are saved."))
            return redirect("competences:person", pk=pk, employee_pk=employee.pk)
    rows = levels_rows(employee, levels)
    data = services.organization_data(organization)
    gaps = []
    if employee.pk in data.people:
        for need in logic.gaps(data, employee.pk):
            mentors = logic.mentors_for(data, employee.pk, need.competence_id, need.required)
            gaps.append(
                {
                    "competence": data.competences[need.competence_id].name,
                    "required": level_name(levels, need.required),
                    "agreed": level_name(levels, need.agreed),
                    "mentors": [data.people[m.person_id].name for m in mentors],
                }
            )
    link = _personal_link(request, employee)
    qr = (
        segno.make(link, error="m").svg_inline(scale=4, title=_("QR code to the personal page"))
        if link
        else ""
    )
    return _page(
        request,
        "competences/person.html",
        organization,
        employee=employee,
        rows=rows,
        form=form,
        fields=agreed_fields(form, rows) if form is not None else [],
        levels=levels,
        gaps=gaps,
        actions=employee.training_actions.select_related("competence", "mentor"),
        reports=employee.reports.all(),
        link=link,
        qr_svg=qr,
        consent_form=ConsentRecordForm(),
        retention=services.retention_months(),
    )


@require_POST
@role_required()
def person_consent(request, pk, employee_pk):
    employee = get_employee_for(request.user, pk, employee_pk)
    if ConsentRecordForm(request.POST).is_valid():
        services.give_consent(employee, Employee.Consent.RECORDED, request.user)
        messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, _("Tick the box to confirm that the person agreed."))
    return redirect("competences:person", pk=pk, employee_pk=employee.pk)


@require_POST
@role_required()
def person_link(request, pk, employee_pk):
    """Make a new personal link (the old one stops working) or turn the link off."""
    employee = get_employee_for(request.user, pk, employee_pk)
    if request.POST.get("action") == "off":
        services.revoke_link(employee)
        messages.success(request, _("The personal link is turned off."))
    else:
        services.issue_link(employee)
        messages.success(request, _("A new personal link is ready. The old link no longer works."))
    return redirect("competences:person", pk=pk, employee_pk=employee.pk)


def export_response(employee: Employee, fmt: str) -> HttpResponse:
    """A person's data as JSON (everything) or CSV (their levels); 404 for another format."""
    stem = f"leerscan-my-data-{slugify(employee.name) or employee.pk}"
    if fmt == "csv":
        return download(services.person_csv(employee), f"{stem}.csv")
    if fmt == "json":
        content = json.dumps(services.person_export(employee), ensure_ascii=False, indent=2)
        return download(content, f"{stem}.json", "application/json; charset=utf-8")
    raise Http404("unknown format")


@role_required()
def person_export(request, pk, employee_pk):
    employee = get_employee_for(request.user, pk, employee_pk)
    return export_response(employee, request.GET.get("format", "json"))


@role_required()
def person_delete(request, pk, employee_pk):
    employee = get_employee_for(request.user, pk, employee_pk)
    if request.method == "POST":
        services.delete_person(employee)
        messages.success(request, _("The person and all their data are deleted."))
        return redirect("competences:people", pk=pk)
    question = _("Delete %(name)s and all their levels and plan actions? This cannot be undone.") % {
        "name": employee.name
    }
    return _confirm(
        request, employee.organization, question, reverse("competences:person", args=[pk, employee.pk])
    )


@role_required()
def links_csv(request, pk):
    """Everyone's personal link as CSV, to hand out (print, chat, e-mail)."""
    organization = get_organization_with_people(request.user, pk)
    rows = [
        [
            employee.name,
            employee.role.matrix.name if employee.role_id else "",
            employee.role.name if employee.role_id else "",
            _personal_link(request, employee),
        ]
        for employee in services.active_people(organization)
        .filter(token__isnull=False)
        .select_related("role__matrix")
    ]
    headers = [_("name"), _("team"), _("role"), _("link")]
    return table_download(headers, rows, "csv", f"leerscan-personal-links-{organization.pk}")


# Training plan ----------------------------------------------------------------------------------


def _suggestion_rows(organization, data, suggestions):
    kinds = dict(PlanAction.Kind.choices)
    teams = dict(organization.competence_matrices.values_list("pk", "name"))
    return [
        {
            "key": s.key,
            "kind": kinds[s.kind],
            "team": teams.get(data.competences[s.competence_id].matrix_id, ""),
            "competence": data.competences[s.competence_id].name,
            "learners": _names(data, s.learners),
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
    return _page(
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
    return _form_page(request, organization, form, title, reverse("competences:plan", args=[pk]))


@require_POST
@role_required()
def action_status(request, pk, action_pk):
    organization = get_organization_with_people(request.user, pk)
    action = get_object_or_404(PlanAction, pk=action_pk, organization=organization)
    status = request.POST.get("status")
    if status in PlanAction.Status.values:
        PlanAction.objects.filter(pk=action.pk).update(status=status, updated_at=timezone.now())
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
    return _confirm(request, organization, question, reverse("competences:plan", args=[pk]))


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
            "language": _language(),
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
