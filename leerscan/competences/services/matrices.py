"""A department's matrix: new, copied, imported from a file or exported to one, its scale and
required levels, its roles and competences, and its deletion.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from leerscan.competences.models import (
    Assessment,
    Competence,
    Employee,
    JobRole,
    Matrix,
    PlanAction,
    Requirement,
)
from leerscan.competences.scale import STANDARD_LEVELS, levels_of
from leerscan.competences.workbook import CompetenceSpec, MatrixSpec
from leerscan.competences.workbook_export import write_matrix_workbook
from leerscan.competences.workbook_import import read_matrix_file
from leerscan.organizations.models import Organization


def spec_of(matrix: Matrix) -> MatrixSpec:
    """The matrix as plain data (for export and copying)."""
    roles = list(matrix.roles.all())
    competences = list(matrix.competences.all())
    names = {r.pk: r.name for r in roles}
    comp_names = {c.pk: c.name for c in competences}
    return MatrixSpec(
        roles=[r.name for r in roles],
        competences=[
            CompetenceSpec(c.name, c.description, c.kind, c.horizon, c.critical) for c in competences
        ],
        required={
            (names[r.role_id], comp_names[r.competence_id]): r.level
            for r in Requirement.objects.filter(role__matrix=matrix)
        },
        levels=[(item.get("name", ""), item.get("description", "")) for item in matrix.levels],
    )


def create_from_spec(organization: Organization, name: str, spec: MatrixSpec, copied_from=None) -> Matrix:
    """A new matrix holding ``spec`` (one transaction)."""
    with transaction.atomic():
        matrix = Matrix.objects.create(
            organization=organization,
            name=name,
            levels=[{"name": n, "description": d} for n, d in spec.levels],
            copied_from=copied_from,
        )
        roles = {
            role: JobRole.objects.create(matrix=matrix, name=role, position=position)
            for position, role in enumerate(spec.roles)
        }
        competences = {
            item.name: Competence.objects.create(
                matrix=matrix,
                name=item.name,
                description=item.description,
                kind=item.kind,
                horizon=item.horizon,
                critical=item.critical,
                position=position,
            )
            for position, item in enumerate(spec.competences)
        }
        Requirement.objects.bulk_create(
            Requirement(role=roles[role], competence=competences[competence], level=level)
            for (role, competence), level in spec.required.items()
        )
    return matrix


def copy_matrix(source: Matrix, name: str) -> Matrix:
    """A new department's matrix starting from another's roles, competences, levels and requirements
    (not its people)."""
    return create_from_spec(source.organization, name, spec_of(source), copied_from=source)


def new_matrix(
    organization: Organization, name: str, start: str, *, copy_from=None, upload=None, description: str = ""
) -> Matrix:
    """A new department's matrix: empty, a copy of ``copy_from`` (``start`` "copy") or read from
    ``upload`` ("import"). Raises ``AnswerFileError`` for a bad file and ``IntegrityError`` for a name
    the organization already uses."""
    if start == "copy":
        matrix = copy_matrix(copy_from, name)
    elif start == "import":
        spec = read_upload(upload)
        matrix = create_from_spec(organization, name, spec)
    else:
        matrix = Matrix.objects.create(organization=organization, name=name)
    if description:
        Matrix.objects.filter(pk=matrix.pk).update(description=description)
    return matrix


def _standard_texts() -> list[list[tuple[str, str]]]:
    """The standard scale's (name, description) in every language, to recognise it in a file."""
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.append([(str(n), str(d)) for n, d in STANDARD_LEVELS])
    return result


def read_upload(upload) -> MatrixSpec:
    """Check an uploaded matrix file; raises ``AnswerFileError`` with every problem."""
    suffix = Path(upload.name).suffix.lower() or ".xlsx"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        spec = read_matrix_file(tmp.name, name=upload.name)
    if spec.levels in _standard_texts():
        spec.levels = []  # the standard scale: keep it translated for everyone
    return spec


def export_workbook(matrix: Matrix, language: str) -> bytes:
    with translation.override(language):
        texts = [(level.name, level.description) for level in levels_of(matrix, with_zero=False)]
    return write_matrix_workbook(spec_of(matrix), language, texts)


def set_requirements(matrix: Matrix, values: dict[tuple[int, int], int | None]) -> None:
    """Required level per (role id, competence id); None or 0 removes the requirement."""
    with transaction.atomic():
        for (role_id, competence_id), level in values.items():
            if level:
                Requirement.objects.update_or_create(
                    role_id=role_id, competence_id=competence_id, defaults={"level": level}
                )
            else:
                Requirement.objects.filter(role_id=role_id, competence_id=competence_id).delete()


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def delete_matrix(matrix: Matrix) -> None:
    """Delete a matrix with its roles, competences, required levels and every level given in it;
    the people stay without a role and plan actions without the competence.

    Set-based and in chunks: one ``delete()`` of a big matrix would put every id into one query, more
    than SQLite allows (999 variables in many builds)."""
    with transaction.atomic():
        Requirement.objects.filter(competence__matrix=matrix).delete()
        Requirement.objects.filter(role__matrix=matrix).delete()
        Assessment.objects.filter(competence__matrix=matrix).delete()
        Employee.objects.filter(role__matrix=matrix).update(role=None)
        PlanAction.objects.filter(competence__matrix=matrix).update(competence=None)
        for model in (Competence, JobRole):
            for chunk in _chunks(list(model.objects.filter(matrix=matrix).values_list("pk", flat=True))):
                model.objects.filter(pk__in=chunk).delete()
        matrix.delete()


def set_scale(matrix: Matrix, levels: list[dict]) -> None:
    """The matrix's level scale: [] for the standard levels, else the organization's own words."""
    matrix.levels = levels
    matrix.save(update_fields=["levels", "updated_at"])


def save_part(part: JobRole | Competence, *, new: bool) -> None:
    """Save a role or competence of a matrix; a new one comes last."""
    if new:
        model = type(part)
        part.position = (model.objects.filter(matrix=part.matrix).aggregate(p=Max("position"))["p"] or 0) + 1
    part.save()


def highest_level_in_use(matrix: Matrix) -> int:
    """The highest level any requirement or assessment of the matrix uses (a scale cannot shrink below)."""
    levels = list(Requirement.objects.filter(role__matrix=matrix).values_list("level", flat=True))
    levels += list(Assessment.objects.filter(competence__matrix=matrix).values_list("level", flat=True))
    return max(levels, default=0)
