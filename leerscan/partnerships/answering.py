"""The respondent's page: the questions with their saved answers, and reading a posted page back.

Part A is a roster: one fieldset per other provider of the lot, with the three forms, a contribution
per ticked form and, for feedback/help/support, its direction. Parts B-E are the instrument's questions.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from leerscan.partnerships.instrument import PartnershipInstrument, translate

FORMS = ("f1", "f2", "f3")
MAX_TEXT = 2000


def roster_rows(instrument, language: str, alters, saved_ties: dict) -> list[dict]:
    """Part A: one row per other provider, with the forms and what was saved before."""
    rows = []
    for alter in alters:
        tie = saved_ties.get(alter.pk)
        forms = []
        for form in instrument.forms:
            forms.append(
                {
                    "code": form.code,
                    "label": translate(form.label, language),
                    "checked": bool(tie and getattr(tie, form.code)),
                    "contribution": tie and getattr(tie, f"contribution_{form.code}"),
                }
            )
        rows.append(
            {
                "id": alter.pk,
                "name": alter.name,
                "forms": forms,
                "direction": tie.f2_direction if tie else "",
            }
        )
    return rows


def question_rows(instrument: PartnershipInstrument, language: str, answers: dict, coordinator: bool):
    """Parts B-E: each part's questions with their options and the saved answer."""
    parts = []
    for part in ("B", "C", "D", "E"):
        questions = []
        for q in instrument.part(part):
            if q.coordinator_only and not coordinator:
                continue
            options = q.options if q.type != "likert" else instrument.agree
            saved = answers.get(q.id)
            questions.append(
                {
                    "id": q.id,
                    "type": q.type,
                    "text": translate(q.text, language),
                    "options": [
                        {
                            "code": o.code,
                            "label": translate(o.label, language),
                            "checked": (o.code in saved) if isinstance(saved, list) else o.code == saved,
                        }
                        for o in options
                    ],
                    "value": saved if q.type == "text" else "",
                }
            )
        parts.append(
            {
                "id": part,
                "title": translate(instrument.parts[part]["title"], language),
                "intro": translate(instrument.parts[part]["intro"], language),
                "questions": questions,
            }
        )
    return parts


def read_post(instrument: PartnershipInstrument, post, alter_ids, coordinator: bool):
    """(answers, ties, errors) from a posted page; unknown codes are errors, not silently dropped."""
    answers: dict = {}
    errors: dict[str, str] = {}
    for q in instrument.questions:
        if q.coordinator_only and not coordinator:
            continue
        if q.type == "text":
            text = post.get(q.id, "").strip()
            if len(text) > MAX_TEXT:
                errors[q.id] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
            elif text:
                answers[q.id] = text
            continue
        codes = {str(o.code): o.code for o in (instrument.agree if q.type == "likert" else q.options)}
        raw = post.getlist(q.id)
        if any(r not in codes for r in raw) or (q.type != "multi" and len(raw) > 1):
            errors[q.id] = _("Choose one of the answers shown.")
        elif q.type == "multi":
            if q.max_selected and len(raw) > q.max_selected:
                errors[q.id] = _("Choose at most %(n)s.") % {"n": q.max_selected}
            elif raw:
                answers[q.id] = sorted(codes[r] for r in raw)
        elif raw:
            answers[q.id] = codes[raw[0]]
    ties = {}
    for alter in alter_ids:
        tie = {f: post.get(f"tie-{alter}-{f}") == "on" for f in FORMS}
        for f in FORMS:
            value = post.get(f"tie-{alter}-c-{f}", "")
            if value not in ("", "1", "2", "3", "4"):
                errors[f"tie-{alter}"] = _("Choose one of the answers shown.")
            tie[f"contribution_{f}"] = int(value) if value else None
        direction = post.get(f"tie-{alter}-dir", "")
        if direction not in ("", "give", "receive", "both"):
            errors[f"tie-{alter}"] = _("Choose one of the answers shown.")
        tie["f2_direction"] = direction
        ties[alter] = tie
    return answers, ties, errors
