"""The matrix pages: a new department's matrix, the grid of required levels, the level scale,
roles and competences, deletion, and the matrix as Excel or PDF.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leerscan.accounts.access import role_required
from leerscan.competences import services
from leerscan.competences.access import get_matrix_for, get_organization_with_people
from leerscan.competences.forms import (
    CompetenceForm,
    JobRoleForm,
    LevelScaleForm,
    MatrixForm,
    NewMatrixForm,
    RequirementsForm,
)
from leerscan.competences.models import Competence, JobRole, Matrix, Requirement
from leerscan.competences.scale import levels_of
from leerscan.competences.views.pages import confirm_page, form_page, language_code, page
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.answers import AnswerFileError


@role_required()
def matrix_new(request, pk):
    """A new department's matrix: empty, a copy of another department, or from an Excel file."""
    organization = get_organization_with_people(request.user, pk)
    form = NewMatrixForm(request.POST or None, request.FILES or None, organization=organization)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        matrix = None
        try:
            matrix = services.new_matrix(
                organization,
                form.cleaned_data["name"],
                form.cleaned_data["start"],
                copy_from=form.cleaned_data.get("copy_from"),
                upload=form.cleaned_data.get("file"),
                description=form.cleaned_data["description"],
            )
        except AnswerFileError as error:
            problems = [problem.localized(_) for problem in error.problems]
        except IntegrityError:
            form.add_error("name", _("This organization already has a matrix with this name."))
        if matrix is not None:
            messages.success(request, _("The matrix is ready. Add or check the roles and competences."))
            return redirect("competences:matrix", pk=organization.pk, matrix_pk=matrix.pk)
    return page(request, "competences/matrix_new.html", organization, form=form, problems=problems)


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
    return page(
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
    return form_page(request, matrix.organization, form, _("Change the matrix"), back)


@role_required()
def matrix_levels(request, pk, matrix_pk):
    """The level scale: standard four levels or the organization's own words."""
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    form = LevelScaleForm(request.POST or None, matrix=matrix, minimum=services.highest_level_in_use(matrix))
    if request.method == "POST" and form.is_valid():
        services.set_scale(matrix, form.levels())
        messages.success(request, _("The levels are saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    return page(request, "competences/levels.html", matrix.organization, matrix=matrix, form=form)


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
    return confirm_page(
        request, matrix.organization, question, reverse("competences:matrix", args=[pk, matrix.pk])
    )


def _part(request, pk, matrix_pk, model, form_class, part_pk, titles):
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    instance = get_object_or_404(model, pk=part_pk, matrix=matrix) if part_pk else model(matrix=matrix)
    form = form_class(request.POST or None, instance=instance, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        services.save_part(form.save(commit=False), new=not part_pk)
        messages.success(request, _("Saved."))
        return redirect("competences:matrix", pk=pk, matrix_pk=matrix.pk)
    back = reverse("competences:matrix", args=[pk, matrix.pk])
    return form_page(request, matrix.organization, form, titles[bool(part_pk)], back)


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
    return confirm_page(request, matrix.organization, question % {"name": part.name}, back)


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
            "language": language_code(),
            "today": timezone.localdate(),
        },
    )


@role_required()
def matrix_export(request, pk, matrix_pk, fmt):
    """The matrix as Excel (to edit and import again) or PDF (to print and discuss)."""
    matrix = get_matrix_for(request.user, pk, matrix_pk)
    stem = f"leerscan-matrix-{slugify(matrix.name) or matrix.pk}"
    if fmt == "xlsx":
        return download(services.export_workbook(matrix, language_code()), f"{stem}.xlsx")
    if fmt == "pdf":
        return download(html_to_pdf(_matrix_document(matrix)), f"{stem}.pdf")
    raise Http404("unknown format")
