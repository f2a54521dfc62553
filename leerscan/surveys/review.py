"""The review step: every answer of a response shown as the respondent chose it, in their language."""

from __future__ import annotations

from django.utils import formats, translation

from leerscan.core.typography import percent
from leerscan.instrument.model import Question, translate
from leerscan.surveys import respond
from leerscan.surveys.models import Response


def answer_text(question: Question, value: object, language: str) -> str:
    """An answer as the respondent saw it: the chosen option's label, a number with its unit, or the text.

    On a 0-10 scale whose ends carry a label, an end answer shows both ('10 – Very satisfied').
    """
    if value is None or value == "":
        return ""
    if question.type == "text":
        return str(value)
    options = question.response_scale.options if question.response_scale else question.options
    with translation.override(language):
        number = formats.number_format(value, use_l10n=True)
    for option in options:
        if option.code == value:
            label = translate(option.label, language)
            if question.response_scale is not None and question.response_scale.anchors_only:
                return number if label == number else f"{number} – {label}"
            return label
    if question.unit == "%":
        return percent(value, language=language)
    return f"{number}\u00a0{question.unit}" if question.unit else number


def review_pages(response: Response, missing: list[str], language: str) -> list[dict]:
    """The pages of the questionnaire with each asked question's text and answer, for the review."""
    scan_round = response.scan_round
    values = respond.saved_values(response)
    pages = []
    for number, section in enumerate(respond.sections_for(scan_round), start=1):
        rows = [
            {
                "id": question.id,
                "text": translate(question.text, language),
                "value": answer_text(question, values.get(question.id), language),
                "missing": question.id in missing,
            }
            for question in respond.asked_questions(scan_round, section)
        ]
        pages.append({"number": number, "title": translate(section.title, language), "rows": rows})
    return pages
