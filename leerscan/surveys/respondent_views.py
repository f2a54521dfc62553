"""Public pages for respondents: consent, one page per section, review, thanks, resume.

No login. A respondent is recognised by a signed cookie holding their response's secret, by a
personal link, or by the short resume code shown on every page. Nothing identifying is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.forms import RadioSelect
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from leerscan.instrument.model import translate
from leerscan.surveys import page_store, respond
from leerscan.surveys.forms import PageForm, render_items
from leerscan.surveys.models import Invitation, Response, ScanRound
from leerscan.surveys.review import review_pages

COOKIE_MAX_AGE = 60 * 60 * 24 * 90  # three months: long enough to finish later

# What a respondent page needs of the round and its organization (one narrow query).
ROUND_FIELDS = (
    *page_store.ROUND_FIELDS,
    *(f"organization__{name}" for name in page_store.ORGANIZATION_FIELDS),
)


def _rate(name: str) -> str:
    return settings.LEERSCAN_RATE_LIMITS[name]


def _limit_views(view):
    """A generous limit on opening respondent pages (GET), one budget per address for all of them."""
    return ratelimit(
        group="respond:view", key="ip", rate=lambda g, r: _rate("view"), method="GET", block=True
    )(view)


def _cookie_name(scan_round: ScanRound) -> str:
    return _cookie_name_for_token(scan_round.public_token)


def _cookie_name_for_token(token: str) -> str:
    return "leerscan_" + hashlib.sha256(token.encode()).hexdigest()[:16]


def _language(request: HttpRequest, scan_round: ScanRound, response: Response | None = None) -> str:
    offered = scan_round.languages or ["nl"]
    wanted = request.POST.get("switch_language") or request.GET.get("lang")
    if wanted in offered:
        return wanted
    if response is not None and response.language in offered:
        return response.language
    browser = (translation.get_language_from_request(request) or "")[:2]
    if browser in offered:
        return browser
    organization_language = scan_round.organization.language
    return organization_language if organization_language in offered else offered[0]


def _current_response(request: HttpRequest, scan_round: ScanRound) -> Response | None:
    secret = request.get_signed_cookie(_cookie_name(scan_round), default=None, salt="leerscan-response")
    if not secret:
        return None
    response = Response.objects.filter(scan_round=scan_round, secret=secret).order_by().first()
    if response is not None:
        response.scan_round = scan_round
    return response


def _remember(http_response: HttpResponse, response: Response) -> HttpResponse:
    return _signed_cookie(
        http_response, _cookie_name(response.scan_round), response.secret, "leerscan-response"
    )


def _signed_cookie(http_response: HttpResponse, name: str, value: str, salt: str) -> HttpResponse:
    http_response.set_signed_cookie(
        name,
        value,
        salt=salt,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return http_response


def _render(request, template, scan_round, language, context=None, status=200):
    instrument = respond.instrument_for(scan_round)
    offered = scan_round.languages
    with translation.override(language):
        base = {
            "scan_round": scan_round,
            "organization": scan_round.organization,
            "language": language,
            "languages": [(code, str(name)) for code, name in settings.LANGUAGES if code in offered],
            "instrument_title": translate(instrument.title, language),
            "instrument_attribution": translate(instrument.attribution, language),
            "unofficial_translation": instrument.translation_status.get(language) == "unofficial",
        }
        return render(request, template, {**base, **(context or {})}, status=status)


def _unavailable(request, scan_round, reason):
    language = _language(request, scan_round)
    return _render(request, "respond/unavailable.html", scan_round, language, {"reason": reason}, status=410)


def _round_by_token(token: str) -> ScanRound:
    return get_object_or_404(
        ScanRound.objects.select_related("organization").only(*ROUND_FIELDS), public_token=token
    )


def _page_url(scan_round: ScanRound, number: int) -> str:
    return reverse("respond:page", args=[scan_round.public_token, number])


def _continue_url(response: Response) -> str:
    """Where a returning respondent continues: the first page not yet complete, else the review."""
    number = respond.resume_page(response)
    if number is None:
        return reverse("respond:review", args=[response.scan_round.public_token])
    return _page_url(response.scan_round, number)


@_limit_views
@ratelimit(key="ip", rate=lambda g, r: _rate("start"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def landing(request: HttpRequest, token: str) -> HttpResponse:
    """Consent page of the round's shareable link."""
    scan_round = _round_by_token(token)
    return _consent(request, scan_round, invitation=None)


@_limit_views
@ratelimit(key="ip", rate=lambda g, r: _rate("start"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def personal(request: HttpRequest, token: str) -> HttpResponse:
    """A single-use personal link: starts a response after consent; the browser that started it
    continues it (its cookie), another browser continues with the resume code."""
    invitation = get_object_or_404(Invitation.objects.select_related("scan_round__organization"), token=token)
    scan_round = invitation.scan_round
    if invitation.started:
        existing = _current_response(request, scan_round)
        language = _language(request, scan_round, existing)
        if invitation.completed or (existing is not None and existing.is_submitted):
            return _render(request, "respond/already_submitted.html", scan_round, language)
        if existing is not None:
            return redirect(_continue_url(existing))
        return redirect("respond:resume", token=scan_round.public_token)
    return _consent(request, scan_round, invitation=invitation)


def _invitation_cookie(scan_round: ScanRound) -> str:
    return _cookie_name(scan_round) + "_link"


def _consent(request, scan_round, invitation):
    try:
        respond.check_open(scan_round)
    except respond.RoundUnavailable as exc:
        return _unavailable(request, scan_round, exc.reason)
    existing = _current_response(request, scan_round) if invitation is None else None
    language = _language(request, scan_round, existing)
    if existing is not None and request.method == "GET" and "lang" not in request.GET:
        if existing.is_submitted:
            return _render(request, "respond/already_submitted.html", scan_round, language)
        return redirect(_continue_url(existing))
    if request.method == "POST" and "switch_language" not in request.POST:
        choice = request.POST.get("consent")
        if choice == "refuse":
            refused_cookie = _cookie_name(scan_round) + "_refused"
            respond.record_refusal(
                scan_round,
                invitation,
                counted_before=refused_cookie in request.COOKIES,
                form_key=request.POST.get("start", "")[:64],
            )
            refused = _render(request, "respond/refused.html", scan_round, language)
            # a browser-session cookie (no expiry) holding nothing but "counted"
            refused.set_cookie(
                refused_cookie, "1", httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
            )
            return refused
        if choice == "agree":
            if existing is not None and not existing.is_submitted:
                # A second click on "agree" (or consent given again): continue this browser's response.
                return _remember(redirect(_continue_url(existing)), existing)
            response = respond.start_response(
                scan_round, language, invitation, start_key=request.POST.get("start", "")[:64]
            )
            if response is None:  # the personal link was used by another form meanwhile
                return redirect("respond:resume", token=scan_round.public_token)
            started = _remember(redirect(_continue_url(response)), response)
            if invitation is not None:  # to say "completed" on submit; nothing is stored with it
                _signed_cookie(started, _invitation_cookie(scan_round), invitation.token, "leerscan-link")
            return started
    instrument = respond.instrument_for(scan_round)
    consent = {key: translate(text, language) for key, text in instrument.consent.items()}
    context = {"consent": consent, "start_key": secrets.token_urlsafe(24)}
    return _render(request, "respond/consent.html", scan_round, language, context)


def _respondent(request, token):
    """The round and this browser's response in it, in one query when the browser has one."""
    secret = request.get_signed_cookie(_cookie_name_for_token(token), default=None, salt="leerscan-response")
    if secret:
        response = page_store.find_respondent(token, secret)
        if response is not None:
            return response.scan_round, response
    return _round_by_token(token), None


@_limit_views
@ratelimit(key="ip", rate=lambda g, r: _rate("save"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One section of the questionnaire. Saved on every submit, whatever the button."""
    scan_round, response = _respondent(request, token)
    if response is None:
        return redirect("respond:landing", token=token)
    language = _language(request, scan_round, response)
    if response.is_submitted:
        return _render(request, "respond/already_submitted.html", scan_round, language)
    try:
        respond.check_open(scan_round)
    except respond.RoundUnavailable as exc:
        return _unavailable(request, scan_round, exc.reason)
    sections = respond.sections_for(scan_round)
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    if language != response.language:
        Response.objects.filter(pk=response.pk).update(language=language)
        response.language = language

    if request.method == "POST":
        with translation.override(language):
            form = PageForm(section, scan_round.variant, language, request.POST)
            action = request.POST.get("action", "next")
            if "switch_language" in request.POST or action == "back":
                # Keep whatever is valid; do not insist on required answers when leaving backwards.
                respond.save_page(response, section, _sent(form, form.partial_answers()))
                target = number - 1 if action == "back" and "switch_language" not in request.POST else number
                url = _page_url(scan_round, max(target, 1))
                return redirect(url + (f"?lang={language}" if "switch_language" in request.POST else ""))
            if form.is_valid():
                result = respond.save_page(response, section, _sent(form, form.cleaned_answers()))
                if not result.saved:
                    return _render(request, "respond/already_submitted.html", scan_round, language)
                if number < len(sections):
                    return redirect(_page_url(scan_round, number + 1))
                return redirect("respond:review", token=token)
            respond.save_page(response, section, _sent(form, form.partial_answers()))
    else:
        with translation.override(language):
            form = PageForm(section, scan_round.variant, language, initial=respond.saved_values(response))
    items = render_items(form)
    return _render(
        request,
        "respond/page.html",
        scan_round,
        language,
        {
            "form": form,
            "items": items,
            "any_required": any(item["required"] for item in items),
            "section": section,
            "number": number,
            "total": len(sections),
            "progress": round(100 * (number - 1) / len(sections)),
            "title": translate(section.title, language),
            "intro": translate(section.intro, language) if section.intro else "",
            "stem": translate(section.stem, language) if section.stem else "",
            "explanations": _explanations(section, scan_round.variant, language),
            "response": response,
        },
    )


def _sent(form: PageForm, values: dict[str, object]) -> dict[str, object]:
    """The answers to store from a sent page, leaving out choices that were not sent at all.

    Nobody can untick a radio button, so a choice missing from the form means the page was shown
    without that answer (an old copy of the page from the browser's back button, or another tab),
    not that the stored answer should go. Text and number fields sent empty do clear an answer.
    """
    return {
        question.id: values[question.id]
        for question in form.questions
        if question.id in values
        and not (
            values[question.id] is None
            and not question.only_if
            and isinstance(form.fields[question.id].widget, RadioSelect)
            and question.id not in form.data
        )
    }


def _explanations(section, variant, language):
    """Answer-option explanations shown above a page (e.g. 'Rarely = once or twice in six months')."""
    seen, notes = set(), []
    for question in section.questions_for(variant):
        rs = question.response_scale
        if rs is None or rs.id in seen:
            continue
        seen.add(rs.id)
        for option in rs.options:
            if option.explanation:
                notes.append((translate(option.label, language), translate(option.explanation, language)))
    return notes


@_limit_views
@ratelimit(key="ip", rate=lambda g, r: _rate("save"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    """All answers on one page, with links back; then submit."""
    scan_round, response = _respondent(request, token)
    if response is None:
        return redirect("respond:landing", token=token)
    language = _language(request, scan_round, response)
    if response.is_submitted:
        return redirect("respond:thanks", token=token)
    missing = respond.missing_required(response)
    if request.method == "POST" and request.POST.get("action") == "submit":
        if respond.submit(response):
            link = request.get_signed_cookie(
                _invitation_cookie(scan_round), default=None, salt="leerscan-link"
            )
            if link:
                respond.mark_completed(scan_round, link)
            return redirect("respond:thanks", token=token)
    pages = review_pages(response, missing, language)
    return _render(
        request,
        "respond/review.html",
        scan_round,
        language,
        {"pages": pages, "missing": missing, "response": response},
    )


@_limit_views
@require_http_methods(["GET", "POST"])
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page, only for the browser that sent its answers; others go to the round's start."""
    scan_round, response = _respondent(request, token)
    if response is None or not response.is_submitted:
        return redirect("respond:landing", token=token)
    language = _language(request, scan_round, response)
    return _render(request, "respond/thanks.html", scan_round, language)


@_limit_views
@ratelimit(key="ip", rate=lambda g, r: _rate("resume"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Continue on another device with the resume code."""
    scan_round = _round_by_token(token)
    language = _language(request, scan_round)
    error = ""
    if request.method == "POST" and "switch_language" not in request.POST:
        response = respond.find_by_resume_code(scan_round, request.POST.get("code", ""))
        if response is not None:
            if response.is_submitted:
                return _render(request, "respond/already_submitted.html", scan_round, language)
            return _remember(redirect(_continue_url(response)), response)
        with translation.override(language):
            error = translation.gettext("We do not know this code. Check it and try again.")
    return _render(request, "respond/resume.html", scan_round, language, {"error": error})
