"""The people pages: everyone with their consent and link, one person's levels and the agreed
levels after the conversation, their data (export, delete), and everyone's links as CSV.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.competences import matrix as logic
from leerscan.competences import services
from leerscan.competences.access import get_employee_for, get_organization_with_people
from leerscan.competences.forms import BulkPeopleForm, ConsentRecordForm, EmployeeForm
from leerscan.competences.models import Assessment, Employee
from leerscan.competences.presenting import agreed_fields, agreed_form_for, export_response, levels_rows
from leerscan.competences.scale import level_name, levels_of
from leerscan.competences.views.pages import confirm_page, form_page, page
from leerscan.core.downloads import table_download


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
    return page(
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
    return form_page(request, organization, form, title, back)


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
    return page(
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
    return confirm_page(
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
