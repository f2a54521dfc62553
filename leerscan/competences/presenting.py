"""How a person's levels are shown and discussed, shared by the staff pages and the person's own
pages: their levels side by side, the agreed-levels form, their data as a download.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from leerscan.competences import services
from leerscan.competences.forms import AgreedForm
from leerscan.competences.models import Assessment, Employee, Requirement
from leerscan.competences.scale import level_name, levels_of
from leerscan.core.downloads import download


def person_names(data, ids) -> list[str]:
    """The names of people in :class:`~leerscan.competences.matrix.MatrixData` by id."""
    return [data.people[i].name for i in ids]


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


def export_response(employee: Employee, fmt: str) -> HttpResponse:
    """A person's data as JSON (everything) or CSV (their levels); 404 for another format."""
    stem = f"leerscan-my-data-{slugify(employee.name) or employee.pk}"
    if fmt == "csv":
        return download(services.person_csv(employee), f"{stem}.csv")
    if fmt == "json":
        content = json.dumps(services.person_export(employee), ensure_ascii=False, indent=2)
        return download(content, f"{stem}.json", "application/json; charset=utf-8")
    raise Http404("unknown format")
