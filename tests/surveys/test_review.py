"""The review step shows each answer as the respondent chose it, in their language."""

import re

import pytest
from django.urls import reverse

from leerscan.instrument.loader import get_instrument
from leerscan.surveys.review import answer_text
from tests.surveys.test_respond import page_url, start


@pytest.mark.parametrize(
    "question_id,value,language,shown",
    [
        ("fl_1", 4, "en", "Regularly"),
        ("fl_1", 4, "nl", "Regelmatig"),
        ("role", 2, "de", "Teamleitung (leitet eine kleine Gruppe von Mitarbeitenden)"),
        ("js_1", 10, "fr", "10 – Très satisfait"),
        ("js_1", 0, "nl", "0 – Zeer ontevreden"),
        ("js_1", 7, "en", "7"),
        ("mandatory_pct", 40, "nl", "40%"),
        ("mandatory_pct", 40, "fr", "40\u00a0%"),
        ("age", 37, "fr", "37"),
        ("hours", 7.5, "nl", "7,5"),
        ("hours", 7.5, "en", "7.5"),
        ("statute_other", "Zelfstandige", "en", "Zelfstandige"),
        ("age", None, "en", ""),
    ],
)
def test_answer_text(question_id, value, language, shown):
    assert answer_text(get_instrument().questions[question_id], value, language) == shown


def test_review_page_shows_labels_not_codes(client, world):
    start(client, world.round_a, lang="en")
    html = client.get(reverse("respond:review", args=[world.round_a.public_token])).content.decode()
    assert "Not answered yet" in html
    client.post(page_url(world.round_a, 1), {f"fl_{i}": "4" for i in range(1, 6)} | {"mandatory_pct": "40"})
    html = client.get(reverse("respond:review", args=[world.round_a.public_token])).content.decode()
    assert re.search(r'data-question="fl_1">Regularly<', html)
    assert re.search(r'data-question="mandatory_pct">40%<', html)


def test_the_primary_button_is_the_first_submit_button_of_every_page(client, world):
    """Enter in a field presses a form's first submit button: that must save, not switch language."""
    start(client, world.round_a)
    for number in (1, 2, 8):
        html = client.get(page_url(world.round_a, number)).content.decode()
        form = html[html.index('id="page-form"') :]
        first = re.search(r"<button [^>]*>", form).group(0)
        assert 'value="next"' in first and "switch_language" not in first, number
        assert 'name="switch_language"' in form  # the language switch is still part of the form
