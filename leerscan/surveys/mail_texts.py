"""The wording of invitation and reminder mails: a default per language, a round's own text when its
contact or consultant wrote one, rendered as plain text and as HTML.

A text names the organization and its consultant, never the person it goes to (leerscan does not
know their name). Placeholders: ``{{ organization }}``, ``{{ consultant }}``, ``{{ link }}``,
``{{ stop_link }}`` and ``{{ closes_on }}``; the links are added below the text when it leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template import Context, Template, TemplateSyntaxError
from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils import formats, translation
from django.utils.translation import gettext, gettext_noop

from leerscan.surveys.models import MailText, ScanRound

DEFAULT_SUBJECTS = {
    MailText.Kind.INVITATION: gettext_noop("{{ organization }} asks for your opinion: learning at work"),
    MailText.Kind.REMINDER: gettext_noop("Reminder: {{ organization }} asks for your opinion"),
}
DEFAULT_BODIES = {
    MailText.Kind.INVITATION: gettext_noop(
        "Hello,\n\n{{ organization }} takes part in a scan about learning at work, with "
        "{{ consultant }} as consultant. Your answers are anonymous: nobody sees who answered what.\n\n"
        "It takes about fifteen minutes. This link is for you only and works once:\n{{ link }}\n\n"
        "The questionnaire closes on {{ closes_on }}.\n\nThank you!"
    ),
    MailText.Kind.REMINDER: gettext_noop(
        "Hello,\n\nYou have not finished the questionnaire of {{ organization }} yet. Every answer "
        "counts, and your answers stay anonymous.\n\nContinue or start here:\n{{ link }}\n\n"
        "The questionnaire closes on {{ closes_on }}.\n\nThank you!"
    ),
}
STOP_LINE = gettext_noop("Do not want reminders? Stop reminding me: {{ stop_link }}")


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def texts_for(scan_round: ScanRound, kind: str, language: str) -> tuple[str, str]:
    """The round's subject and body template for this kind and language (its own, else the default)."""
    own = MailText.objects.filter(scan_round=scan_round, kind=kind, language=language).first()
    if own is not None:
        return own.subject, own.body
    with translation.override(language):
        return gettext(DEFAULT_SUBJECTS[kind]), gettext(DEFAULT_BODIES[kind])


def check_template(text: str) -> str:
    """An error message when ``text`` is not a valid template, else ""."""
    try:
        Template(text)
    except TemplateSyntaxError as error:
        return str(error)
    return ""


def consultant_name(scan_round: ScanRound) -> str:
    consultant = scan_round.organization.consultants.order_by("pk").first()
    if consultant is None:
        return gettext("our consultant")
    return consultant.get_full_name() or consultant.username


def render_mail(
    scan_round: ScanRound, kind: str, language: str, link: str, stop_link: str, texts=None
) -> Mail:
    """The mail in ``language``: ``texts`` (subject, body) or the round's own or default texts."""
    subject, body = texts or texts_for(scan_round, kind, language)
    with translation.override(language):
        closes_on = formats.date_format(scan_round.closes_on) if scan_round.closes_on else "…"
        values = {
            "organization": scan_round.organization.name,
            "consultant": consultant_name(scan_round),
            "link": link,
            "stop_link": stop_link,
            "closes_on": closes_on,
        }
        context = Context(values, autoescape=False)
        text = Template(body).render(context).strip()
        if link not in text:
            text += f"\n\n{link}"
        if stop_link not in text:
            text += "\n\n" + Template(gettext(STOP_LINE)).render(context)
        subject = " ".join(Template(subject).render(context).split())
    paragraphs = linebreaks_filter(urlize(text, autoescape=True))
    html = f'<!doctype html><html lang="{language}"><body>{paragraphs}</body></html>'
    return Mail(subject=subject, text=text, html=html)
