"""The organization's overview and the insight page: matrices, people, plan progress, gaps
per team, mentors and coverage. Individuals only for the roles allowed to see them.
"""

from __future__ import annotations

from django.db.models import Count

from leerscan.accounts.access import get_organization_for, role_required
from leerscan.competences import matrix as logic
from leerscan.competences import services
from leerscan.competences.access import get_organization_with_people, sees_people
from leerscan.competences.presenting import person_names
from leerscan.competences.scale import level_name, levels_of
from leerscan.competences.views.pages import page


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
    return page(request, "competences/overview.html", organization, **context)


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
                        "masters": person_names(data, item.masters),
                    }
                    for item in logic.coverage(data, matrix.pk)
                ],
            }
        )
    return page(request, "competences/insight.html", organization, teams=teams)
