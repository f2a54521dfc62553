"""Forms built from the instrument definition: one questionnaire page, in the respondent's language."""

from __future__ import annotations

import html as html_module

from django import forms
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from leerscan.instrument.model import Question, Section, translate


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


class QuestionField:
    """Creates the Django form field for one question."""

    @staticmethod
    def build(question: Question, language: str, stem: str = "") -> forms.Field:
        label = translate(question.text, language)
        if stem and question.type == "likert":
            label = f"{stem.rstrip('. …')} … {label.lstrip('. …')}" if not label[:1].isupper() else label
        required = question.required
        messages = {"required": _("Please answer this question.")}
        if question.type in ("likert", "single_choice"):
            options = question.response_scale.options if question.response_scale else question.options
            choices = [(o.code, translate(o.label, language)) for o in options]
            field = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                required=required,
                widget=forms.RadioSelect,
                error_messages={**messages, "invalid_choice": _("Please choose one of the answers.")},
            )
            field.anchors_only = bool(question.response_scale and question.response_scale.anchors_only)
            return field
        if question.type == "number":
            lo, hi = question.minimum, question.maximum
            message = _("Please enter a number from %(min)s to %(max)s.") % {
                "min": _number_text(lo),
                "max": _number_text(hi),
            }
            field_class = forms.IntegerField if question.integer else forms.FloatField
            return field_class(
                label=label,
                required=required,
                min_value=lo,
                max_value=hi,
                localize=True,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric" if question.integer else "decimal", "autocomplete": "off"}
                ),
                error_messages={**messages, "min_value": message, "max_value": message, "invalid": message},
            )
        return forms.CharField(
            label=label,
            required=required,
            max_length=question.max_length,
            error_messages={
                **messages,
                "max_length": _("Please keep this under %(limit_value)d characters."),
            },
        )


class PageForm(forms.Form):
    """The questions of one section. ``cleaned_answers()`` gives values ready for ``save_page``.

    The fields of a page are built once per page, variant and language (see ``page_fields``) and
    shared by the forms of every request, which only read them: building them (translations,
    choices) cost more than the rest of a page save.
    """

    def __init__(self, section: Section, variant: str, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.language = language
        self.questions, fields = page_fields(section, variant, language)
        self.fields.update(fields)

    def cleaned_answers(self) -> dict[str, object]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.id)
            if question.only_if:
                condition_question, code = question.only_if
                if self.cleaned_data.get(condition_question, answers.get(condition_question)) != code:
                    value = None  # e.g. "describe it yourself" when that option was not chosen
            answers[question.id] = None if value in ("", None) else value
        return answers

    def partial_answers(self) -> dict[str, object]:
        """The valid answers of an invalid form (kept when switching language or going back)."""
        answers = {}
        for question in self.questions:
            field = self.fields[question.id]
            raw = self.data.get(self.add_prefix(question.id))
            if raw in (None, ""):
                answers[question.id] = None
                continue
            try:
                answers[question.id] = field.clean(raw)
            except forms.ValidationError:
                continue  # leave an invalid value out rather than lose the page
        return answers


# (id of the section, variant, language, language of the messages) -> (section, questions, fields)
PageFields = tuple[tuple[Question, ...], dict[str, forms.Field]]
_PAGE_FIELDS: dict[tuple[int, str, str, str], tuple[Section, PageFields]] = {}


def page_fields(section: Section, variant: str, language: str) -> PageFields:
    """The asked questions of a page and their form fields, in ``language`` with the validation
    messages in the active language. Built once and then shared: nothing may change these fields
    (a form that needs other fields makes its own)."""
    key = (id(section), variant, language, translation.get_language() or "")
    cached = _PAGE_FIELDS.get(key)
    if cached is None or cached[0] is not section:  # (an id of a section that is gone: build anew)
        stem = translate(section.stem, language) if section.stem else ""
        questions = tuple(q for q in section.questions_for(variant) if q.asked)
        fields = {q.id: QuestionField.build(q, language, stem) for q in questions}
        cached = _PAGE_FIELDS[key] = (section, (questions, fields))
    return cached[1]


def render_items(form: PageForm) -> list[dict]:
    """Plain data for the page template (faster than rendering one widget template per radio button)."""
    items = []
    for question in form.questions:
        bound = form[question.id]
        value = bound.value()
        value = "" if value is None else str(value)
        if value.endswith(".0"):
            value = value[:-2]
        field = bound.field
        item = {
            "name": question.id,
            "label": bound.label,
            "errors": bound.errors,
            "required": field.required,
            "value": value,
            "radio": isinstance(field.widget, forms.RadioSelect),
            "anchors_only": getattr(field, "anchors_only", False),
            "widget": None,
        }
        if item["radio"]:
            item["options"] = [
                (f"id_{question.id}_{i}", str(code), label, str(code) == value)
                for i, (code, label) in enumerate(field.choices)
            ]
        else:
            item["widget"] = bound
        items.append(item)
    return items


def _e(value) -> str:
    """``conditional_escape`` without its wrappers (called for every radio button of a page)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_module.escape(str(value))


def questions_html(items: list[dict]) -> SafeString:
    """The questions of a page as HTML, from :func:`render_items` (the ``{% questions %}`` tag).

    Written out here rather than in a template: a page of the questionnaire has up to a hundred
    radio buttons, and Django's template engine spent more time on them than the rest of the page
    took. Everything that comes from the instrument or the respondent is escaped as the template
    engine escapes it (``conditional_escape``: text that is already safe HTML stays as it is).
    """
    html = []
    for item in items:
        name = _e(item["name"])
        errors = item["errors"]
        invalid = " invalid" if errors else ""
        required = ' <span class="req" aria-hidden="true">*</span>' if item["required"] else ""
        if item["radio"]:
            described = f' aria-describedby="id_{name}_error"' if errors else ""
            html.append(
                f'<fieldset class="question{invalid}" id="q-{name}"{described}>\n'
                f"<legend>{_e(item['label'])}{required}</legend>\n"
            )
            if errors:
                html.append(f'<p class="error" id="id_{name}_error">⚠ {_e(errors[0])}</p>\n')
            scale = " scale11" if item["anchors_only"] else ""
            html.append(f'<div class="options{scale}">\n')
            attributes = " required" if item["required"] else ""
            for option_id, code, label, checked in item["options"]:
                option_id = _e(option_id)
                html.append(
                    f'<label class="option" for="{option_id}"><input type="radio" name="{name}"'
                    f' value="{_e(code)}" id="{option_id}"{" checked" if checked else ""}{attributes}>'
                    f" <span>{_e(label)}</span></label>"
                )
            html.append("\n</div>\n</fieldset>\n")
        else:
            widget = item["widget"]
            html.append(
                f'<div class="question{invalid}" id="q-{name}">\n'
                f'<label for="{_e(widget.id_for_label)}">{_e(item["label"])}{required}</label>\n'
            )
            if errors:
                error_id = _e(widget.auto_id)
                html.append(f'<p class="error" id="{error_id}_error">⚠ {_e(errors[0])}</p>\n')
            html.append(f"{widget}\n</div>\n")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
