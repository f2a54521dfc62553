"""Personal pages behind a person's own link (production workers have no account).

The link opens, in the person's language: consent, their self-assessment with the level
descriptions, their levels and plan, their data (download, delete) and, for a manager, their
team's assessments and the agreed levels. Rate-limited per IP address like the respondent pages;
never cached; the link is never sent to another site as a referrer.

Once the person has left the organization (their leaving date reached) the link opens only a page
saying so, with their own data to download or delete: no levels, no team. A link whose owner
deleted their data shows "your data are deleted" again (a double tap), not "not found".
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit import ALL
from django_ratelimit.decorators import ratelimit

from leerscan.competences import services
from leerscan.competences.access import employee_by_token, get_report_for
from leerscan.competences.forms import LearningWishForm, LevelsForm
from leerscan.competences.models import Assessment, Employee
from leerscan.competences.presenting import agreed_fields, agreed_form_for, export_response, levels_rows
from leerscan.competences.scale import levels_of

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

#: Competence names exist only in the organization's language: a note when the page is in another
#: one (no machine translation of what the organization wrote).
WRITTEN_IN = {
    "nl": gettext_lazy("The tasks are written in Dutch by your organization."),
    "en": gettext_lazy("The tasks are written in English by your organization."),
    "fr": gettext_lazy("The tasks are written in French by your organization."),
    "de": gettext_lazy("The tasks are written in German by your organization."),
}


def _rate(name: str):
    return lambda group, request: settings.LEERSCAN_RATE_LIMITS[name]


def _limited(view):
    """Every request counts, read or save, under the respondent pages' saving limit per IP address
    (a canteen's shared Wi-Fi puts many workers behind one address)."""
    return ratelimit(key="ip", rate=_rate("save"), method=ALL, block=True)(view)


def _render(request, template: str, employee: Employee, context: dict | None = None, status: int = 200):
    with translation.override(employee.language):
        response = render(
            request,
            template,
            {
                "employee": employee,
                "organization": employee.organization,
                "language": employee.language,
                "languages": settings.LANGUAGES,
                "retention": services.retention_months(),
                "language_note": WRITTEN_IN.get(employee.organization.language, "")
                if employee.organization.language != employee.language
                else "",
                **(context or {}),
            },
            status=status,
        )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the link never goes to another site; forms still post
    response["X-Robots-Tag"] = "noindex"
    return response


def _switched_language(request, employee: Employee) -> bool:
    wanted = request.POST.get("switch_language") if request.method == "POST" else None
    if wanted in LANGUAGE_CODES:
        if wanted != employee.language:
            services.set_language(employee, wanted)
        return True
    return False


def _own_levels(employee: Employee, source: str) -> dict[int, int]:
    return {
        competence_id: found[source].level
        for competence_id, found in services.levels_table(employee).items()
        if source in found
    }


def _levels_fields(form: LevelsForm, levels, rows) -> list[dict]:
    """Per competence: its row (required, other levels) and the radio options with descriptions."""
    by_pk = {row["competence"].pk: row for row in rows}
    items = []
    for competence in form.competences:
        name = f"c{competence.pk}"
        value = form[name].value()
        items.append(
            {
                "name": name,
                "id": form[name].auto_id,
                "row": by_pk.get(competence.pk),
                "errors": form[name].errors,
                "options": [
                    (level, str(level.number) == str(value) and value not in (None, "")) for level in levels
                ],
            }
        )
    return items


def _closed(request, token: str, status: int):
    """The "your data are deleted" page for a link whose owner deleted their data, else 404."""
    closed = services.closed_link(token)
    if closed is None:
        raise Http404("unknown link")
    gone = Employee(name="", language=closed.language, organization=closed.organization)
    return _render(request, "competences/public/deleted.html", gone, status=status)


def personal_page(consent_needed: bool = True, methods=("GET", "POST"), after_leaving: bool = False):
    """View decorator for the pages behind a personal link: rate limit, the person from the token
    (404 when unknown or revoked; "deleted" when they deleted their data), a language switch (kept
    for the person) and, unless ``consent_needed`` is False, their consent first. Once the person
    has left, only views marked ``after_leaving`` open (their own data); the others show a page
    saying the link is closed. The view gets the person instead of the token."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, token, **kwargs):
            try:
                employee = employee_by_token(token)
            except Http404:  # a second tap on "delete" answers like the first; a later visit: gone
                return _closed(request, token, status=200 if request.method == "POST" else 410)
            if _switched_language(request, employee):
                return redirect(request.path)
            if employee.has_left and not after_leaving:
                return _render(request, "competences/public/left.html", employee, status=403)
            if consent_needed and not employee.has_consented:
                return redirect("competences:person_home", token=token)
            with translation.override(employee.language):  # level names, messages: the person's language
                return view(request, employee, **kwargs)

        return _limited(require_http_methods(list(methods))(wrapper))

    return decorator


def _home_url(employee: Employee, saved: str = "") -> str:
    return reverse("competences:person_home", args=[employee.token]) + (f"?saved={saved}" if saved else "")


@personal_page(consent_needed=False)
def person_home(request, employee):
    """The person's own page: consent first, then their levels, plan, team (for a manager) and data."""
    if request.method == "POST":
        choice = request.POST.get("consent")
        if choice == "agree":
            services.give_consent(employee, Employee.Consent.LINK)
            return redirect(_home_url(employee))
        if choice == "refuse":
            return _render(request, "competences/public/not_now.html", employee)
    if not employee.has_consented:
        return _render(request, "competences/public/consent.html", employee)
    levels = levels_of(employee.matrix) if employee.matrix else []
    return _render(
        request,
        "competences/public/home.html",
        employee,
        {
            "rows": levels_rows(employee, levels),
            "actions": employee.training_actions.select_related("competence", "mentor"),
            "mentoring": employee.mentoring_actions.prefetch_related("participants"),
            "reports": services.active_people(employee.organization).filter(manager=employee),
            "saved": request.GET.get("saved", ""),
        },
    )


@personal_page()
def person_assess(request, employee):
    """The self-assessment: one question per competence, the level descriptions as answers."""
    if employee.matrix is None:
        return redirect(_home_url(employee))
    with translation.override(employee.language):
        levels = levels_of(employee.matrix)
        data = request.POST if request.method == "POST" else None
        form = LevelsForm(
            data,
            competences=employee.matrix.competences.all(),
            levels=levels,
            current=_own_levels(employee, Assessment.Source.SELF),
        )
        wish_form = LearningWishForm(data, initial={"wish": employee.learning_wish})
        if data is not None and form.is_valid() and wish_form.is_valid():
            services.save_self_assessment(employee, form.values(), wish_form.cleaned_data["wish"])
            return redirect(_home_url(employee, saved="self"))
        items = _levels_fields(form, levels, levels_rows(employee, levels))
    return _render(
        request,
        "competences/public/assess.html",
        employee,
        {"items": items, "levels": levels, "wish_form": wish_form},
    )


@personal_page()
def person_team(request, employee):
    """A manager's team: who agreed, who filled in their self-assessment, who has agreed levels."""
    team = []
    for report in (
        services.active_people(employee.organization).filter(manager=employee).select_related("role__matrix")
    ):
        sources = set(report.assessments.values_list("source", flat=True))
        team.append(
            {
                "person": report,
                "self": Assessment.Source.SELF in sources,
                "manager": Assessment.Source.MANAGER in sources,
                "agreed": Assessment.Source.AGREED in sources,
            }
        )
    return _render(request, "competences/public/team.html", employee, {"team": team})


@personal_page()
def person_report(request, manager, employee_pk):
    """A manager assesses one report, and records the levels agreed in their conversation."""
    report = get_report_for(manager, employee_pk)
    context = {"report": report}
    if report.matrix is not None and report.has_consented:
        with translation.override(manager.language):
            levels = levels_of(report.matrix)
            about_report = levels_of(report.matrix, about_someone=True)  # "Does this …", not "I do …"
            action = request.POST.get("action") if request.method == "POST" else None
            assess_form = LevelsForm(
                request.POST if action == "manager" else None,
                competences=report.matrix.competences.all(),
                levels=about_report,
                current=_own_levels(report, Assessment.Source.MANAGER),
            )
            agreed_form = agreed_form_for(report, request.POST if action == "agreed" else None)
            if action == "manager" and assess_form.is_valid():
                services.save_levels(
                    report, Assessment.Source.MANAGER, assess_form.values(), by_employee=manager
                )
                return redirect(f"{request.path}?saved=manager")
            if action == "agreed" and agreed_form.is_valid():
                services.save_levels(
                    report,
                    Assessment.Source.AGREED,
                    agreed_form.values(),
                    by_employee=manager,
                    agreed_on=agreed_form.cleaned_data["agreed_on"],
                    notes=agreed_form.notes(),
                )
                return redirect(f"{request.path}?saved=agreed")
            rows = levels_rows(report, levels)
            context.update(
                {
                    "items": _levels_fields(assess_form, about_report, rows),
                    "agreed_form": agreed_form,
                    "fields": agreed_fields(agreed_form, rows),
                    "saved": request.GET.get("saved", ""),
                }
            )
    return _render(request, "competences/public/report.html", manager, context)


@personal_page(consent_needed=False, methods=("GET",), after_leaving=True)
def person_export(request, employee):
    """The person's own data, as JSON (everything) or CSV (their levels); 404 for another format."""
    return export_response(employee, request.GET.get("format", "json"))


@personal_page(consent_needed=False, after_leaving=True)
def person_delete(request, employee):
    """Delete all of the person's data (after a confirmation); the link stops working, and opening
    it again (a second tap) shows the same "deleted" page."""
    if request.method == "POST" and request.POST.get("confirm") == "delete":
        gone = Employee(name="", language=employee.language, organization=employee.organization)
        services.delete_own_data(employee)
        return _render(request, "competences/public/deleted.html", gone)
    return _render(request, "competences/public/delete.html", employee)
