"""The demo organization loads idempotently and the start page shows its scale means."""

import pytest
from django.core.management import call_command
from django.test import Client

from leerscan.surveys.models import Answer, Organization, Response, ScanRound
from leerscan.surveys.results import summarize_round

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    call_command("demo")
    call_command("demo")
    assert Organization.objects.count() == 1
    scan_round = ScanRound.objects.get()
    assert scan_round.status == ScanRound.Status.OPEN
    assert Response.objects.filter(status="submitted").count() == 27
    assert Answer.objects.filter(question_id="ll_1").count() > 20


def test_home_page_lists_the_demo_with_scale_means():
    call_command("demo")
    summary = summarize_round(ScanRound.objects.get())
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.content.decode()
    assert "De Leerfabriek (demo)" in html
    assert "Leerleiderschap" in html
    assert f"{summary.means['learning_leadership']:.2f}".replace(".", ",") in html  # Dutch decimals
    assert "intellectuele eigendom" in html  # attribution notice in the footer


def test_small_round_shows_no_scores():
    call_command("demo", respondents=4)
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Leerleiderschap" not in html and "Learning leadership" not in html
    assert "at least 5 people" in html or "minstens 5" in html


def test_pages_get_their_stylesheet():
    """Without the stylesheet the questionnaire is unusable on a phone: it must be served."""
    import re

    html = Client().get("/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    response = Client().get(href)
    assert response.status_code == 200
    assert b".option" in b"".join(response.streaming_content if response.streaming else [response.content])
