"""What a partnership sees of itself in open reflection (map, profile, gaps), and the programme's pooled
profile. Confidential rounds show none of these: nobody sees tie-level data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from leerscan.accounts.access import role_required
from leerscan.accounts.models import Role
from leerscan.jobs.services import start_job
from leerscan.jobs.views import idempotency_key, redirect_to_job
from leerscan.partnerships import access, presenting, results, scoring
from leerscan.partnerships.instrument import get_instrument, translate
from leerscan.partnerships.jobs import EXPORT, FEEDBACK_PDF


def _language() -> str:
    return (get_language() or "nl")[:2]


def _open_round(request, pk):
    round = access.get_round_for(request.user, pk)
    if not access.can_see_lot_results(request.user, round):
        raise PermissionDenied("lot results exist only in open reflection, for the lot's partners")
    return round


@role_required()
def lot_map(request, pk):
    round = _open_round(request, pk)
    return render(
        request, "partnerships/map.html", {"round": round, **presenting.map_context(round, _language())}
    )


@role_required()
def layer_profile(request, pk):
    round = _open_round(request, pk)
    return render(
        request,
        "partnerships/profile.html",
        {"round": round, **presenting.profile_context(round, _language())},
    )


@role_required()
def change(request, pk):
    """This round beside the lot's earlier open-reflection rounds, with membership changes marked."""
    round = _open_round(request, pk)
    return render(
        request,
        "partnerships/change.html",
        {
            "round": round,
            "rows": results.change_rows(round),
            "layers": [translate(layer.label, _language()) for layer in get_instrument().layers],
        },
    )


@role_required()
def gaps(request, pk):
    round = _open_round(request, pk)
    return render(
        request, "partnerships/gaps.html", {"round": round, **presenting.gaps_context(round, _language())}
    )


@require_POST
@role_required()
def feedback_pdf(request, pk):
    """The feedback report of the partnership (PDF), made by a background job."""
    round = _open_round(request, pk)
    job = start_job(
        FEEDBACK_PDF.name,
        {"round": round.pk},
        owner=request.user,
        language=_language(),
        key=idempotency_key(request, FEEDBACK_PDF.name),
    )
    return redirect_to_job(job, back=reverse("partnerships:round", args=[round.pk]))


@role_required(Role.PROGRAMME)
def pooled(request):
    """The programme's cross-lot view: a profile pooled over lots with at least 5 respondents each (never
    one lot alone), the support needs ranked, and the open-reflection lots side by side."""
    answers, lots = results.pooled_answers()
    shown = lots >= results.POOL_LOTS
    profile = scoring.profile(get_instrument(), answers) if shown else None
    language = _language()
    return render(
        request,
        "partnerships/pooled.html",
        {
            "shown": shown,
            "lots": lots,
            "profile": profile,
            "rows": results.profile_rows(profile, language) if shown else [],
            "needs": results.support_needs(answers, language) if shown else [],
            "open_lots": results.open_lots(),
            "layers": [translate(layer.label, language) for layer in get_instrument().layers],
            "forms": list(results.form_labels(language).values()),
            "minimum": results.POOL_MINIMUM,
        },
    )


@require_POST
@role_required(Role.PROGRAMME)
def export(request, pk):
    """The research files of an open-reflection round, made by a background job."""
    round = _open_round(request, pk)
    job = start_job(
        EXPORT.name,
        {"round": round.pk},
        owner=request.user,
        language=_language(),
        key=idempotency_key(request, EXPORT.name),
    )
    return redirect_to_job(job, back=reverse("partnerships:round", args=[round.pk]))
