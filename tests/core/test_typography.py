"""Numbers, percentages and punctuation as each language writes them: "79 %" with a non-breaking space
in French and German, "79%" in English and Dutch, decimal commas except in English, and French
"Étape : …" with a non-breaking space before the colon."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from leerscan.core.typography import (
    decimal_mark,
    interval,
    labelled,
    number,
    percent,
    punctuation,
    share_percent,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "language, expected",
    [("fr", f"79{NBSP}%"), ("de", f"79{NBSP}%"), ("en", "79%"), ("nl", "79%")],
)
def test_a_percentage_in_each_language(language, expected):
    assert percent(79, language=language) == expected
    with translation.override(language):
        shown = Template("{% load typography %}{{ rate|percent }}").render(Context({"rate": 78.6}))
    assert shown == expected


def test_decimals_follow_the_language_and_round_half_up():
    assert percent(12.25, 1, language="fr") == f"12,3{NBSP}%"
    assert percent(12.25, 1, language="en") == "12.3%"
    assert number(0.745, 2, language="nl") == "0,75"
    assert number(2.5, language="en") == "3"  # not "2" (banker's rounding)
    assert number(-0.001, 2, language="de") == "0,00"  # never "-0,00"


def test_numbers_python_wrote_with_a_point_get_the_languages_decimal_mark():
    assert decimal_mark(".77**", "fr") == ",77**" and decimal_mark("<.001", "nl") == "<,001"
    assert decimal_mark("-3.45", "de") == "-3,45" and decimal_mark(".77**", "en") == ".77**"
    assert interval(".61", ".80", "en") == "[.61, .80]"
    assert interval(".61", ".80", "fr") == f"[,61{NBSP}; ,80]"
    assert interval(".61", ".80", "nl") == "[,61; ,80]"


def test_a_share_between_0_and_1_is_shown_as_a_percentage():
    assert share_percent(0.755, language="fr") == f"76{NBSP}%"
    with translation.override("de"):
        shown = Template("{% load typography %}{{ share|share_percent }}").render(Context({"share": 0.5}))
    assert shown == f"50{NBSP}%"
    assert Template("{% load typography %}{{ share|share_percent }}").render(Context({"share": None})) == ""


def test_french_puts_a_non_breaking_space_before_a_colon_and_other_languages_do_not():
    assert punctuation(":", "fr") == f"{NBSP}:" and punctuation("?", "fr") == f"{NBSP}?"
    assert punctuation(":", "en") == ":" and punctuation(";", "nl") == ";"
    assert labelled("Étape", "en cours", "fr") == f"Étape{NBSP}: en cours"
    with translation.override("fr"):
        shown = Template('{% load i18n typography %}{% translate "Step" %}{% colon %} 2').render(Context())
    assert shown == f"Étape{NBSP}: 2"


def test_no_template_writes_a_percent_sign_after_a_number_itself():
    """Every percentage goes through ``percent`` (or ``share_percent``): ``{{ rate }}%`` would give
    "79%" in French too, and could break the line before "%"."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "leerscan"
    written_by_hand = [
        f"{path.relative_to(package)}: {line.strip()[:80]}"
        for path in package.rglob("templates/**/*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(\}\}|%\})\s?%(?!\})", line)
    ]
    assert written_by_hand == []


def test_no_template_puts_a_colon_after_a_translated_label_itself():
    """``{% translate "Step" %}: …`` gives "Étape: …" in French; ``{% colon %}`` gives "Étape : …"."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "leerscan"
    written_by_hand = [
        f"{path.relative_to(package)}: {line.strip()[:80]}"
        for path in package.rglob("templates/**/*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(%\}|\}\})[:;]( |<|$)", line) and "@page" not in line
    ]
    assert written_by_hand == []


def test_a_french_page_has_a_non_breaking_space_before_each_colon(world, login):
    client = login(world.users["consultant_a"])
    french = client.get(f"/manage/rounds/{world.round_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"Questionnaire{NBSP}: long" in french and "Questionnaire: " not in french
    assert f"taille minimale du groupe{NBSP}: 5" in french
    organization = client.get(f"/manage/organizations/{world.org_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert f"Lot 1{NBSP}: " in organization.content.decode()
    english = client.get(f"/manage/rounds/{world.round_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Questionnaire: long" in english
