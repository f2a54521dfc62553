"""Pages for e-mail invitations: a round's address list, reminders and mail texts (contact or
consultant), and the public "stop reminding me" page (no login, an unguessable token)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from leerscan.accounts.access import role_required
from leerscan.surveys import mailing
from leerscan.surveys.access import get_round_for
from leerscan.surveys.mail_texts import check_template, render_mail, texts_for
from leerscan.surveys.models import Addressee, MailText, ScanRound
from leerscan.surveys.respondent_views import _render

MAX_UPLOAD = 2 * 1024 * 1024


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _addresses_context(scan_round: ScanRound) -> dict:
    addressees = scan_round.addressees
    return {
        "scan_round": scan_round,
        "organization": scan_round.organization,
        "addressed": addressees.count(),
        "mailed": addressees.filter(mails__gte=1).count(),
        "opted_out": addressees.filter(opted_out=True).count(),
        "refused": list(addressees.filter(refused=True).order_by("email").values_list("email", flat=True)),
        "completed": scan_round.invitations.filter(addressee__isnull=False, completed=True).count(),
        "kinds": MailText.Kind.choices,
        "languages": [(code, name) for code, name in settings.LANGUAGES],
        "is_open": scan_round.status != ScanRound.Status.CLOSED,
    }


@role_required()
@require_http_methods(["GET", "POST"])
def round_mail(request, pk):
    """Paste or upload addresses; each new one gets a personal link by mail. Invalid and repeated
    addresses are listed. Counts only: the page never says who has or has not answered."""
    scan_round = get_round_for(request.user, pk, manage=True)
    mailing.note_refusals(scan_round)
    context = {}
    if request.method == "POST" and scan_round.status == ScanRound.Status.CLOSED:
        messages.error(request, _("The round is closed: nobody can answer now. Reopen it to invite people."))
    elif request.method == "POST":
        text = request.POST.get("addresses", "")
        upload = request.FILES.get("file")
        if upload is not None and upload.size <= MAX_UPLOAD:
            text += "\n" + upload.read().decode("utf-8-sig", errors="replace")
        parsed = mailing.parse_addresses(text, scan_round.languages or ["nl"])
        added, already = mailing.add_addressees(scan_round, parsed.valid[: mailing.MAX_ADDRESSES])
        outcome = mailing.send_invitations(scan_round, _base(request), owner=request.user)
        context = {"parsed": parsed, "added": added, "already": already, "queued": len(outcome.queued)}
    return render(request, "manage/mail.html", {**_addresses_context(scan_round), **context})


@require_POST
@role_required()
def round_remind(request, pk):
    """Send a reminder now to everyone invited who has not completed (at most one a day, three in all)."""
    scan_round = get_round_for(request.user, pk, manage=True)
    plan = mailing.reminder_plan(scan_round, now=True)
    outcome = mailing.send_reminders(scan_round, plan, _base(request), owner=request.user)
    messages.success(request, _("Reminders queued: %(count)s.") % {"count": len(outcome.queued)})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("manage:round_mail", pk=scan_round.pk)


@role_required()
@require_http_methods(["GET", "POST"])
def round_mail_text(request, pk, kind, language):
    """Edit the round's invitation or reminder text in one language, with a preview."""
    scan_round = get_round_for(request.user, pk, manage=True)
    if kind not in MailText.Kind.values or language not in dict(settings.LANGUAGES):
        return redirect("manage:round_mail", pk=scan_round.pk)
    subject, body = texts_for(scan_round, kind, language)
    error = ""
    if request.method == "POST":
        subject = request.POST.get("subject", "")[:200]
        body = request.POST.get("body", "")[:10000]
        action = request.POST.get("action")
        error = check_template(subject) or check_template(body)
        if action == "reset":
            MailText.objects.filter(scan_round=scan_round, kind=kind, language=language).delete()
            messages.success(request, _("The standard text is used again."))
            return redirect("manage:round_mail_text", pk=scan_round.pk, kind=kind, language=language)
        if action == "save" and not error and subject.strip() and body.strip():
            MailText.objects.update_or_create(
                scan_round=scan_round,
                kind=kind,
                language=language,
                defaults={"subject": subject, "body": body},
            )
            messages.success(request, _("The text is saved."))
            return redirect("manage:round_mail_text", pk=scan_round.pk, kind=kind, language=language)
    preview = None
    if not error:
        base = _base(request)
        preview = render_mail(
            scan_round, kind, language, base + "/p/…/", base + "/stop/…/", texts=(subject, body)
        )
    return render(
        request,
        "manage/mail_text.html",
        {
            "scan_round": scan_round,
            "organization": scan_round.organization,
            "kind": kind,
            "kind_label": MailText.Kind(kind).label,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "subject": subject,
            "body": body,
            "error": error,
            "preview": preview,
        },
    )


@csrf_exempt  # a mail program's one-click unsubscribe (RFC 8058) posts without a form
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """ "Stop reminding me": no login; the token in the mail is the only key."""
    addressee = get_object_or_404(
        Addressee.objects.select_related("scan_round__organization"), stop_token=token
    )
    scan_round = addressee.scan_round
    if request.method == "POST":
        Addressee.objects.filter(pk=addressee.pk).update(opted_out=True)
        addressee.opted_out = True
    language = addressee.language if addressee.language in dict(settings.LANGUAGES) else "nl"
    return _render(request, "respond/stop.html", scan_round, language, {"addressee": addressee})
