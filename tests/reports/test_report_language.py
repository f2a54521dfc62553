"""The report page's frame stays in the user's language; the header switches the report too; each
language is named in itself."""

import html as htmlmod
import re

import pytest
from django.utils import translation

from tests.reports.test_report import add_responses

pytestmark = pytest.mark.django_db


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


def test_the_frame_stays_in_the_users_language(world, login):
    add_responses(world.round_a, 12, seed=4)  # Bakkerij A writes Dutch
    client = login(world.users["contact_a"])
    response = client.get(f"/manage/rounds/{world.round_a.pk}/report/", HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert '<html lang="fr">' in page and '<div lang="nl" data-testid="report-language">' in page
    for text in ("Log out", "My organizations", "Back to the scan round", "Language of the report"):
        assert htmlmod.escape(in_language("fr", text)) in page, text
    assert in_language("nl", "Questions for the follow-up session") in page  # the report itself: Dutch
    options = re.findall(r'<option value="(\w\w)" lang="\w\w" ?(?:selected)?>([^<]+)</option>', page)
    assert options == [("nl", "Nederlands"), ("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
    assert ">Frans<" not in page and ">Néerlandais<" not in page


def test_the_header_buttons_switch_the_interface_and_the_report(world, login):
    add_responses(world.round_a, 12, seed=4)
    client = login(world.users["contact_a"])
    url = f"/manage/rounds/{world.round_a.pk}/report/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    button = re.search(r'<button type="submit" name="language" value="de"[^>]*formaction="([^"]+)"', page)
    assert button, "the DE button carries where to go"
    target = htmlmod.unescape(button.group(1))
    response = client.post(target, {"language": "de"}, follow=True)
    page = response.content.decode()
    assert '<html lang="de">' in page and '<div lang="de" data-testid="report-language">' in page
    assert htmlmod.escape(in_language("de", "Log out")) in page
    assert in_language("de", "Questions for the follow-up session") in page
