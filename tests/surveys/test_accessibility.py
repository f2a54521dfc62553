"""Respondent pages with a screen reader and a keyboard (WCAG 2.1 AA): errors tied to their
inputs, the required marker explained, a focus indicator with enough contrast."""

import re
from pathlib import Path

from django.urls import reverse

from tests.surveys.test_respond import page_data, page_url, start

CSS = Path(__file__).resolve().parents[2] / "leerscan" / "static" / "leerscan" / "leerscan.css"


def _element_with_id(html, element_id):
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f'no element with id="{element_id}"'
    return match.group(2)


def test_every_error_message_is_announced_with_its_question(client, world):
    start(client, world.round_a, lang="en")
    data = page_data(world.round_a, 1)
    data.pop("fl_2")  # a required choice left open
    data["mandatory_pct"] = "150"  # a number out of range
    html = client.post(page_url(world.round_a, 1), data).content.decode()
    text_input = re.search(r'<input[^>]*name="mandatory_pct"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in text_input
    described_by = re.search(r'aria-describedby="([^"]+)"', text_input).group(1)
    assert "Please enter a number from 0 to 100" in _element_with_id(html, described_by)
    fieldset = re.search(r'<fieldset[^>]*id="q-fl_2"[^>]*>', html).group(0)
    described_by = re.search(r'aria-describedby="([^"]+)"', fieldset).group(1)
    assert "Please answer this question" in _element_with_id(html, described_by)
    # every aria-describedby on the page points at an element that exists
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        for element_id in ids.split():
            assert f'id="{element_id}"' in html, element_id


def test_the_required_marker_is_explained_on_the_page(client, world):
    start(client, world.round_a, lang="en")
    html = client.get(page_url(world.round_a, 1)).content.decode()
    assert 'class="req" aria-hidden="true">*</span>' in html  # shown, not read out twice
    assert "Questions marked with * need an answer." in html
    assert re.search(r'<input type="radio" name="fl_1"[^>]* required', html)  # what a screen reader hears
    review = client.get(reverse("respond:review", args=[world.round_a.public_token])).content.decode()
    assert "Questions marked with *" not in review  # only where the marker is used


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    """WCAG 2.1 contrast ratio of two colours (#rrggbb)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_published_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the well-known AA grey


def test_focus_indicator_has_enough_contrast_on_white():
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", css).group(1)
    outline = re.search(r"outline:\s*\d+px\s+solid\s+(#[0-9a-fA-F]{6})", rule).group(1)
    assert contrast(outline, "#ffffff") >= 3  # WCAG 1.4.11 non-text contrast
    assert contrast(outline, "#0b5cad") >= 3 or "box-shadow" in rule  # also around a blue button
