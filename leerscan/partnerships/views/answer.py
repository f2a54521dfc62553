"""The respondent's page (parts A-E on one phone-friendly form) and their own network circle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from leerscan.accounts.access import role_required
from leerscan.partnerships import access, answering, results, services, svg
from leerscan.partnerships.instrument import get_instrument, translate
from leerscan.partnerships.models import PartnershipResponse


def _language() -> str:
    return (get_language() or "nl")[:2]


@role_required()
def answer(request, pk):
    round = access.get_round_for(request.user, pk)
    provider = access.respondent_provider(request.user, round)
    if provider is None:
        raise PermissionDenied("only the people of the lot's active partners answer")
    if round.status != round.Status.OPEN:
        raise Http404
    instrument = get_instrument()
    coordinator = round.partners.filter(provider=provider, is_coordinator=True).exists()
    alters = [p.provider for p in round.partners.select_related("provider").exclude(provider=provider)]
    response = PartnershipResponse.objects.filter(round=round, respondent=request.user).first()
    errors = {}
    if request.method == "POST":
        answers, ties, errors = answering.read_post(
            instrument, request.POST, [a.pk for a in alters], coordinator
        )
        if not errors:
            try:
                services.save_answers(
                    round,
                    request.user,
                    provider,
                    answers,
                    ties,
                    submit=request.POST.get("action") == "submit",
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
                return redirect("partnerships:round", round.pk)
            messages.success(request, _("Your answers are saved."))
            if request.POST.get("action") == "submit":
                return redirect("partnerships:circle", round.pk)
            return redirect("partnerships:answer", round.pk)
        saved_answers, saved_ties = answers, {}
    else:
        saved_answers = response.answers if response else {}
        saved_ties = {t.alter_id: t for t in response.ties.all()} if response else {}
    language = _language()
    return render(
        request,
        "partnerships/answer.html",
        {
            "round": round,
            "title": translate(instrument.title, language),
            "part_a": {
                "title": translate(instrument.parts["A"]["title"], language),
                "intro": translate(instrument.parts["A"]["intro"], language),
            },
            "contribution_question": translate(instrument.contribution_question, language),
            "contribution": [(o.code, translate(o.label, language)) for o in instrument.contribution],
            "directions": [(o.code, translate(o.label, language)) for o in instrument.directions],
            "roster": answering.roster_rows(instrument, language, alters, saved_ties),
            "parts": answering.question_rows(instrument, language, saved_answers, coordinator),
            "errors": errors,
            "submitted": bool(response and response.submitted_at),
        },
        status=400 if errors else 200,
    )


@role_required()
def circle(request, pk):
    """The respondent's own circle: the only tie-level picture in confidential mode, and only their own."""
    round = access.get_round_for(request.user, pk)
    response = PartnershipResponse.objects.filter(round=round, respondent=request.user).first()
    if access.respondent_provider(request.user, round) is None:
        raise PermissionDenied("only a respondent has a circle")
    placed = results.ego_placements(response) if response else []
    drawing = svg.ego_circle(
        _("My network circle"),
        results.form_labels(_language()),
        str(response.provider if response else ""),
        placed,
    )
    contribution = dict((o.code, translate(o.label, _language())) for o in get_instrument().contribution)
    rows = [
        {
            **p,
            "form_label": results.form_labels(_language())[p["form"]],
            "contribution_label": contribution.get(p["contribution"], ""),
        }
        for p in placed
    ]
    return render(request, "partnerships/circle.html", {"round": round, "svg": drawing, "rows": rows})
