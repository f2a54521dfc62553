"""The paper path: a printable questionnaire, fast keyboard entry, and file import.

Typed-in and imported answers go through the same checks as ``leerscan score`` files
(``leerscan.instrument.answers``) and are stored all-or-nothing.
"""

from __future__ import annotations

import pandas as pd
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.accounts.access import role_required
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.answers import AnswerFileError, parse_answers
from leerscan.instrument.model import translate
from leerscan.jobs.views import idempotency_key, redirect_to_job
from leerscan.surveys import respond
from leerscan.surveys.access import get_round_for
from leerscan.surveys.import_jobs import check_upload, drop_pending, pending_for, read_pending, store_pending
from leerscan.surveys.imports import NeedsConfirmation
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import ResultsShownError, store_submitted_responses


def paper_context(scan_round: ScanRound, language: str) -> dict:
    """Everything the paper questionnaire shows, in one language."""
    instrument = respond.instrument_for(scan_round)
    sections = []
    for section in respond.sections_for(scan_round):
        questions = []
        for question in section.questions_for(scan_round.variant):
            if not question.asked:
                continue
            options = question.response_scale.options if question.response_scale else question.options
            questions.append(
                {
                    "id": question.id,
                    "type": question.type,
                    "text": translate(question.text, language),
                    "options": [(o.code, translate(o.label, language)) for o in options],
                    "scale_id": question.response_scale.id if question.response_scale else None,
                    "min": question.minimum,
                    "max": question.maximum,
                    "unit": question.unit or "",
                }
            )
        sections.append(
            {
                "id": section.id,
                "title": translate(section.title, language),
                "intro": translate(section.intro, language) if section.intro else "",
                "stem": translate(section.stem, language) if section.stem else "",
                "questions": questions,
            }
        )
    consent = {k: translate(v, language) for k, v in instrument.consent.items()}
    return {
        "scan_round": scan_round,
        "organization": scan_round.organization,
        "sections": sections,
        "consent": consent,
        "title": translate(instrument.title, language),
        "attribution": translate(instrument.attribution, language),
        "version": f"{instrument.id} {instrument.version} · {scan_round.variant}",
        "language": language,
    }


def paper_pdf(scan_round: ScanRound, language: str) -> bytes:
    """The printable questionnaire as PDF."""
    with translation.override(language):
        html = render_to_string("paper/questionnaire.html", paper_context(scan_round, language))
    return html_to_pdf(html)


@role_required()
def round_paper(request, pk):
    scan_round = get_round_for(request.user, pk)
    language = request.GET.get("lang", scan_round.organization.language)
    if language not in scan_round.languages:
        language = scan_round.languages[0] if scan_round.languages else "nl"
    if request.GET.get("format") == "html":
        with translation.override(language):
            return render(request, "paper/questionnaire.html", paper_context(scan_round, language))
    return download(paper_pdf(scan_round, language), f"leerscan-questionnaire-{scan_round.pk}-{language}.pdf")


#: Session key (+ round id): the user chose to type paper forms into a round that is not open.
ENTRY_NOT_OPEN = "paper_entry_not_open_"


class EntryForm(forms.Form):
    """One paper form: every question as a short text box for the code written on paper."""

    def __init__(self, scan_round: ScanRound, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [
            q
            for s in respond.sections_for(scan_round)
            for q in s.questions_for(scan_round.variant)
            if q.asked
        ]
        for question in self.questions:
            self.fields[question.id] = forms.CharField(
                required=False,
                label=question.id,
                widget=forms.TextInput(
                    attrs={
                        "size": 3 if question.type != "text" else 12,
                        "autocomplete": "off",
                        "inputmode": "numeric" if question.type != "text" else "text",
                    }
                ),
            )


@role_required()
def round_entry(request, pk):
    """Fast keyboard-only entry of paper forms: type codes, Tab to the next, Enter saves."""
    scan_round = get_round_for(request.user, pk, manage=True)
    if scan_round.results_shown_at:
        messages.error(request, results_shown_message())
        return redirect("manage:round", pk=scan_round.pk)
    confirmed = f"{ENTRY_NOT_OPEN}{scan_round.pk}"
    if request.method == "POST" and "type_anyway" in request.POST:
        request.session[confirmed] = True
        return redirect("manage:round_entry", pk=scan_round.pk)
    if scan_round.status != ScanRound.Status.OPEN and not request.session.get(confirmed):
        if request.method == "POST":
            messages.error(request, _("Nothing was saved."))
        return render(
            request,
            "manage/entry.html",
            {"scan_round": scan_round, "organization": scan_round.organization, "ask": True},
        )
    language = translation.get_language()[:2]
    form = EntryForm(scan_round, request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        row = {q.id: form.cleaned_data.get(q.id, "") for q in form.questions}
        table = pd.DataFrame([row], dtype=object, index=pd.Index([1], name="row"))
        try:
            answers = parse_answers(table, respond.instrument_for(scan_round))
        except AnswerFileError as exc:
            problems = exc.problems
        else:
            if answers.drop(columns=[], errors="ignore").notna().any(axis=None):
                try:
                    store_submitted_responses(scan_round, answers, Response.Source.PAPER)
                except ResultsShownError:
                    messages.error(request, results_shown_message())
                    return redirect("manage:round", pk=scan_round.pk)
                total = Response.objects.filter(scan_round=scan_round, source=Response.Source.PAPER).count()
                messages.success(
                    request, _("Paper form saved. %(count)d paper forms in this round.") % {"count": total}
                )
                return redirect("manage:round_entry", pk=scan_round.pk)
            problems = [_("This form is empty.")]
    problems = [p if isinstance(p, str) else p.localized(_) for p in problems]
    rows = []
    for question in form.questions:
        options = question.response_scale.options if question.response_scale else question.options
        codes = (
            f"{options[0].code}–{options[-1].code}"
            if options
            else (f"{question.minimum:g}–{question.maximum:g}" if question.type == "number" else _("text"))
        )
        rows.append({"field": form[question.id], "text": translate(question.text, language), "codes": codes})
    return render(
        request,
        "manage/entry.html",
        {
            "scan_round": scan_round,
            "organization": scan_round.organization,
            "rows": rows,
            "problems": problems,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or Excel)"))


@role_required()
def round_import(request, pk):
    """Upload a CSV or Excel file: everything is stored, or nothing and every problem is listed.

    An import that does not fit the round (more questionnaires than expected respondents or
    employees, a round not open yet) shows the numbers and waits for **Import anyway**. A large file
    is stored by a background job; the person sees its progress.
    """
    scan_round = get_round_for(request.user, pk, manage=True)
    if scan_round.results_shown_at:
        messages.error(request, results_shown_message())
        return redirect("manage:round", pk=scan_round.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, fit, pending = [], None, None
    if request.method == "POST" and "pending" in request.POST:
        waiting = pending_for(request.user, scan_round, request.POST.get("pending"))
        if waiting is None or "confirm" not in request.POST:
            drop_pending(waiting)
            messages.info(request, _("Nothing was imported."))
            return redirect("manage:round_import", pk=scan_round.pk)
        try:
            outcome = store_pending(
                waiting, read_pending(waiting), allow=True, key=idempotency_key(request, "import")
            )
        except AnswerFileError as exc:  # e.g. someone imported the same respondents in between
            drop_pending(waiting)
            messages.error(request, "; ".join(p.localized(_) for p in exc.problems[:20]))
            return redirect("manage:round_import", pk=scan_round.pk)
        return _imported(request, scan_round, outcome)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            problems = [_("The file is too large (more than 20 MB).")]
        else:
            try:
                kept, answers = check_upload(scan_round, request.user, upload)
                outcome = store_pending(kept, answers, allow=False, key=idempotency_key(request, "import"))
            except AnswerFileError as exc:
                problems = [p.localized(_) for p in exc.problems]
            except NeedsConfirmation as exc:
                fit, pending = exc.fit, str(exc.pending.id)
            else:
                return _imported(request, scan_round, outcome)
    return render(
        request,
        "manage/import.html",
        {
            "scan_round": scan_round,
            "form": form,
            "organization": scan_round.organization,
            "problems": problems,
            "fit": fit,
            "warnings": fit.warnings(_) if fit else [],
            "pending": pending,
        },
    )


def _imported(request, scan_round: ScanRound, outcome):
    round_url = reverse("manage:round", args=[scan_round.pk])
    if isinstance(outcome, int):
        messages.success(request, _("%(count)d questionnaires imported.") % {"count": outcome})
        return redirect(round_url)
    return redirect_to_job(outcome, back=round_url)


def results_shown_message() -> str:
    """Why a round whose figures are out takes no more answers, for the person who tries."""
    return _(
        "The results of this round are already out, so it takes no more answers: with one more "
        "answer, comparing the old and new figures would show what that person answered. "
        "Start a new round for new answers."
    )
