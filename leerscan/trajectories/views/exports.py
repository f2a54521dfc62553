"""Downloads: the organization fiche (PDF) and the programme's tables (CSV, Excel) and success
stories (PDF).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from leerscan.accounts.access import role_required
from leerscan.accounts.models import Role
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf
from leerscan.trajectories import programme
from leerscan.trajectories.access import programme_scope, trajectory_for
from leerscan.trajectories.presenting import trajectory_context


@role_required()
def trajectory_fiche(request, pk):
    """The one-page organization fiche the specification asks for (PDF; ``?format=html`` to preview)."""
    trajectory = trajectory_for(request, pk)
    context = {**trajectory_context(trajectory), "today": timezone.localdate()}
    if request.GET.get("format") == "html":
        return render(request, "trajectories/fiche.html", context)
    html = render_to_string("trajectories/fiche.html", context, request)
    number = trajectory.organization.enterprise_number or trajectory.organization.pk
    return download(html_to_pdf(html), f"leerscan-fiche-{number}.pdf")


@role_required(Role.PROGRAMME, Role.SERVICE_PROVIDER)
def programme_export(request):
    allowed, chosen = programme_scope(request)
    table = request.GET.get("table", "lots")
    file_format = request.GET.get("format", "csv")
    if table not in programme.TABLES or file_format not in ("csv", "xlsx", "pdf"):
        raise Http404
    if file_format == "pdf":
        if table != "stories":
            raise Http404
        html = render_to_string(
            "trajectories/stories.html", {"stories": programme.stories(allowed, chosen)}, request
        )
        return download(html_to_pdf(html), "leerscan-success-stories.pdf")
    return programme.table_response(table, allowed, chosen, file_format)
