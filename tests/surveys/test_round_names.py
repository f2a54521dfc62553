"""A scan round has one name per language on every page: "Scan round 2", "Scanronde 2", "Tour de scan 2",
"Befragungsrunde 2"; never "Wave 2" or "Mesure 2" on one page and "cycle" or "Scanrunde" on the next.
("Wave" stays the researchers' word for a round's number, on the research page.)"""

import re

import pytest

from tests.test_translations import LOCALE, entries, unescape

NAMES = {"en": "Scan round 1", "nl": "Scanronde 1", "fr": "Tour de scan 1", "de": "Befragungsrunde 1"}
OTHER_NAMES = {
    "en": r"\bWave 1\b",
    "nl": r"\bMeting 1\b",
    "fr": r"\b(Mesure 1|[Cc]ycles?)\b",
    "de": r"(Messung 1|Scan-?[Rr]unde)",
}
#: Words a catalog must not use for a round, in texts about rounds.
SYNONYMS = {"fr": r"\b[Cc]ycles?\b|\b[Tt]ours?\b(?! de scan)", "de": r"Scan-?[Rr]unde"}


@pytest.mark.parametrize("language", sorted(SYNONYMS))
def test_the_catalog_calls_a_round_by_one_name(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    other = [
        unescape(form)[:80]
        for msgid, msgstr, _flags in entries(po)
        if re.search(r"\brounds?\b", msgid if isinstance(msgid, str) else msgid[1])
        for form in (msgstr if isinstance(msgstr, list) else [msgstr])
        if re.search(SYNONYMS[language], unescape(form))
    ]
    assert other == []


@pytest.mark.parametrize("language", sorted(NAMES))
def test_every_page_of_a_round_calls_it_by_the_same_name(world, login, language):
    client = login(world.users["consultant_a"])
    pages = {
        "organization": f"/manage/organizations/{world.org_a.pk}/",
        "round": f"/manage/rounds/{world.round_a.pk}/",
        "settings": f"/manage/rounds/{world.round_a.pk}/edit/",
        "paper entry": f"/manage/rounds/{world.round_a.pk}/entry/",
        "import": f"/manage/rounds/{world.round_a.pk}/import/",
    }
    for name, url in pages.items():
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert NAMES[language] in html, name
        assert not re.search(OTHER_NAMES[language], html), name
