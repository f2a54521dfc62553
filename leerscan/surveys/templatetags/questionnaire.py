"""``{% questions items %}``: the questions of a questionnaire page (see ``surveys.forms.questions_html``)."""

from django import template

from leerscan.surveys.forms import questions_html

register = template.Library()


@register.simple_tag
def questions(items):
    return questions_html(items)
