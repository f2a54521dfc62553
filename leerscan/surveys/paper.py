"""The paper path: a printable questionnaire, fast keyboard entry, and file import.

Typed-in and imported answers go through the same checks as ``leerscan score`` files
(``leerscan.instrument.answers``) and are stored all-or-nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.accounts.access import role_required
from leerscan.core.downloads import download
from leerscan.core.pdf import html_to_pdf
from leerscan.instrument.answers import (
    AnswerFileError,
    CellProblem,
    gettext_noop,
    parse_answers,
    read_answers,
)
from leerscan.instrument.model import translate
from leerscan.surveys import respond
from leerscan.surveys.access import get_round_for
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
    """Upload a CSV or Excel file: everything is stored, or nothing and every problem is listed."""
    scan_round = get_round_for(request.user, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            problems = [_("The file is too large (more than 20 MB).")]
        else:
            try:
                stored = import_file(scan_round, upload)
            except AnswerFileError as exc:
                problems = [p.localized(_) for p in exc.problems]
            else:
                messages.success(request, _("%(count)d questionnaires imported.") % {"count": stored})
                return redirect("manage:round", pk=scan_round.pk)
    return render(
        request,
        "manage/import.html",
        {
            "scan_round": scan_round,
            "form": form,
            "organization": scan_round.organization,
            "problems": problems,
        },
    )


def results_shown_message() -> str:
    """Why a round whose figures are out takes no more answers, for the person who tries."""
    return _(
        "The results of this round are already out, so it takes no more answers: with one more "
        "answer, comparing the old and new figures would show what that person answered. "
        "Start a new round for new answers."
    )


def import_file(scan_round: ScanRound, upload) -> int:
    """Store an uploaded answer file as submitted paper/import responses (all or nothing)."""
    suffix = Path(upload.name).suffix.lower() or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        answers = read_answers(tmp.name, respond.instrument_for(scan_round), name=upload.name)
    return import_answers(scan_round, answers)


def import_answers(scan_round: ScanRound, answers: pd.DataFrame) -> int:
    """Store checked answers of an import file in ``scan_round``: all rows, or none.

    Refused, with every such row listed: an ``organization`` or ``wave`` column naming another
    organization or round than the one imported into, and a ``respondent`` id that appears twice
    in the file or was imported into this round before (so importing a file again changes nothing),
    and an unknown ``language`` code. Respondent ids are not stored: a keyed hash of them becomes
    the response's secret.
    """
    if answers.empty:
        raise AnswerFileError([_no_rows()])
    problems = _meta_problems(scan_round, answers)
    keys = None
    if "respondent" in answers.columns:
        key_problems, keys = _respondent_keys(scan_round, answers["respondent"])
        problems.extend(key_problems)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise AnswerFileError(problems)
    meta = [c for c in ("respondent", "organization", "wave") if c in answers.columns]
    try:
        return store_submitted_responses(
            scan_round, answers.drop(columns=meta), Response.Source.IMPORT, secrets=keys
        )
    except ResultsShownError as exc:
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    None,
                    gettext_noop(
                        "the results of this round are already out, so no answers can be added; "
                        "start a new round for new answers"
                    ),
                )
            ]
        ) from exc
    except IntegrityError as exc:  # the same respondents imported at the same moment by someone else
        raise AnswerFileError(
            [
                CellProblem(
                    None,
                    "respondent",
                    gettext_noop("these respondents were being imported at the same time; try again"),
                )
            ]
        ) from exc


def _meta_problems(scan_round: ScanRound, answers: pd.DataFrame) -> list[CellProblem]:
    """Rows whose organization or wave column names another round than ``scan_round``, and
    unknown language codes."""
    problems = []
    if "language" in answers.columns:
        codes = [code for code, _name in settings.LANGUAGES]
        for row, value in answers["language"].map(_text).items():
            if value and value not in codes:
                problems.append(
                    CellProblem(
                        int(row),
                        "language",
                        gettext_noop("'%(value)s' is not a language code (%(codes)s)"),
                        (("value", value), ("codes", ", ".join(codes))),
                    )
                )
    expected_name = scan_round.organization.name
    if "organization" in answers.columns:
        for row, value in answers["organization"].map(_text).items():
            if value and value.casefold() != expected_name.strip().casefold():
                problems.append(
                    CellProblem(
                        int(row),
                        "organization",
                        gettext_noop("'%(value)s' is not the organization imported into ('%(expected)s')"),
                        (("value", value), ("expected", expected_name)),
                    )
                )
    if "wave" in answers.columns:
        for row, value in answers["wave"].map(_text).items():
            if value and _wave_number(value) != scan_round.wave:
                problems.append(
                    CellProblem(
                        int(row),
                        "wave",
                        gettext_noop("wave %(value)s is not the round imported into (wave %(expected)s)"),
                        (("value", value), ("expected", scan_round.wave)),
                    )
                )
    return problems


def _text(value) -> str:
    """A meta cell as text ('' when empty)."""
    return "" if value is None or pd.isna(value) else str(value).strip()


def _wave_number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _respondent_keys(scan_round: ScanRound, ids: pd.Series) -> tuple[list[CellProblem], list[str | None]]:
    """The response secret of each row's respondent id, and the rows whose id is taken."""
    problems, keys, first_row = [], [], {}
    ids = ids.map(_text)
    for row, respondent in ids.items():
        if not respondent:
            keys.append(None)
            continue
        if respondent in first_row:
            problems.append(
                CellProblem(
                    int(row),
                    "respondent",
                    gettext_noop("respondent '%(respondent)s' is also in row %(first)s"),
                    (("respondent", respondent), ("first", first_row[respondent])),
                )
            )
        first_row.setdefault(respondent, int(row))
        keys.append(respond.import_secret(scan_round, respondent))
    # After a key rotation the same respondent was stored under an earlier key's secret.
    candidates = {
        key: [key, *respond.earlier_import_secrets(scan_round, respondent)]
        for respondent, key in zip(ids, keys, strict=True)
        if key
    }
    taken = set(
        Response.objects.filter(
            scan_round=scan_round, secret__in=[secret for group in candidates.values() for secret in group]
        ).values_list("secret", flat=True)
    )
    for (row, respondent), key in zip(ids.items(), keys, strict=True):
        if key and taken.intersection(candidates[key]):
            problems.append(
                CellProblem(
                    int(row),
                    "respondent",
                    gettext_noop("respondent '%(respondent)s' was already imported into this round"),
                    (("respondent", respondent),),
                )
            )
    return problems, keys


def _no_rows():
    return CellProblem(None, None, gettext_noop("the file has a header but no answers"))
