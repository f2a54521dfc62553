"""The competence app's own catalog: complete, compiled and with the placeholders intact, and the
pages really appear in Dutch, English, French and German."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_translations import entries, unescape

LOCALE = Path(__file__).resolve().parents[2] / "leerscan" / "competences" / "locale"


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_catalog_is_complete_compiled_and_keeps_placeholders(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    items = entries(po)
    assert len(items) > 300
    assert [m for m, s, _ in items if not s or (isinstance(s, list) and not all(s))] == []
    assert [m for m, _, flags in items if "fuzzy" in flags] == []
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _ in items:
        text = msgid[1] if isinstance(msgid, tuple) else msgid
        for form in msgstr if isinstance(msgstr, list) else [msgstr]:
            assert set(re.findall(r"%\(\w+\)[sd]", form)) <= set(re.findall(r"%\(\w+\)[sd]", text)) | {
                "%(counter)s"
            }, text
        if isinstance(msgstr, str):
            found = (
                compiled.pgettext(unescape(msgid[0]), unescape(msgid[1]))
                if isinstance(msgid, tuple)
                else compiled.gettext(unescape(msgid))
            )
            assert found == unescape(msgstr), f"stale .mo for {msgid!r}"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ["Tekorten, mentoren en dekking", "Dekking van kritische competenties"]),
        ("en", ["Gaps, mentors and coverage", "Coverage of critical competences"]),
        ("fr", ["Écarts, mentors et couverture", "Couverture des compétences critiques"]),
        ("de", ["Lücken, Mentoren und Abdeckung", "Abdeckung kritischer Kompetenzen"]),
    ],
)
def test_staff_pages_in_each_language(login, assessed, world, language, words):
    client = login(world.users["contact_a"])
    html = client.get(reverse("competences:insight", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE=language)
    text = html.content.decode()
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("language", "level_text"),
    [
        ("nl", "Ik kan dit aan collega's leren"),
        ("en", "I can teach this to colleagues"),
        ("fr", "Je peux l'apprendre à des collègues"),
        ("de", "Ich kann das Kollegen beibringen"),
    ],
)
def test_self_assessment_level_descriptions_in_the_persons_language(client, assessed, language, level_text):
    from leerscan.competences.models import Employee

    Employee.objects.filter(pk=assessed.tom.pk).update(language=language)
    html = client.get(reverse("competences:person_assess", args=[assessed.tom.token])).content.decode()
    assert level_text.replace("'", "&#x27;") in html
