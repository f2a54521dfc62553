"""The demo organization loads idempotently; results are only shown behind a login."""

import re

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from leerscan.competences.models import Matrix
from leerscan.organizations.models import Organization
from leerscan.surveys.models import Answer, Response, ScanRound
from leerscan.surveys.results import summarize_round
from leerscan.trajectories.demo import DEMO_PROGRAMME_SIZE
from leerscan.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def run_demo(**options):
    from io import StringIO

    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_demo_is_idempotent_and_prints_link_and_logins():
    run_demo()
    output = run_demo()
    # the demo organization (with the scan rounds) and a synthetic programme of other organizations
    assert Organization.objects.count() == 1 + DEMO_PROGRAMME_SIZE
    assert Organization.objects.filter(rounds__isnull=False).distinct().get().name == "De Leerfabriek (demo)"
    assert Trajectory.objects.count() == 1 + DEMO_PROGRAMME_SIZE
    assert Trajectory.objects.get(organization__name="De Leerfabriek (demo)").status == "running"
    assert Matrix.objects.count() == 1
    baseline, scan_round, current = ScanRound.objects.order_by("wave")
    assert baseline.status == ScanRound.Status.CLOSED and baseline.wave == 1
    assert scan_round.status == ScanRound.Status.CLOSED and scan_round.wave == 2  # its report has figures
    assert Response.objects.filter(status="submitted", scan_round=baseline).count() == 24
    assert Response.objects.filter(status="submitted", scan_round=scan_round).count() == 27
    assert Answer.objects.filter(question_id="ll_1").count() > 20
    assert current.status == ScanRound.Status.OPEN and not current.responses.exists()
    assert f"http://127.0.0.1:8000/s/{current.public_token}/" in output  # the round that takes answers
    assert f"http://127.0.0.1:8000/manage/rounds/{scan_round.pk}/report/" in output
    password = re.search(r"demo-eigenaar\s+password: (\S+)", output).group(1)
    client = Client()
    assert client.login(request=HttpRequest(), username="demo-eigenaar", password=password)
    # The demo's programme user is exempt from two-factor login (the demo says so) and gets in.
    programme = Client()
    programme_password = re.search(r"demo-programma\s+password: (\S+)", output).group(1)
    answer = programme.post(
        "/accounts/login/", {"username": "demo-programma", "password": programme_password}
    )
    assert answer.status_code == 302
    assert programme.get("/manage/").status_code == 200
    assert "exempt from two-factor login" in output


def test_round_page_shows_scale_means_to_the_owner():
    output = run_demo()
    password = re.search(r"demo-eigenaar\s+password: (\S+)", output).group(1)
    scan_round = ScanRound.objects.get(wave=2)
    summary = summarize_round(scan_round)
    client = Client()
    client.login(request=HttpRequest(), username="demo-eigenaar", password=password)
    html = client.get(f"/manage/rounds/{scan_round.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Leerleiderschap" in html
    assert f"{summary.means['learning_leadership']:.2f}".replace(".", ",") in html  # Dutch decimals
    assert "intellectuele eigendom" in html  # attribution notice in the footer


def test_start_page_shows_no_results_to_visitors():
    run_demo()
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "De Leerfabriek" not in html and "Leerleiderschap" not in html
    assert "/accounts/login/" in html


def test_small_round_shows_no_scores():
    output = run_demo(respondents=4)
    password = re.search(r"demo-consulent\s+password: (\S+)", output).group(1)
    client = Client()
    client.login(request=HttpRequest(), username="demo-consulent", password=password)
    html = client.get(
        f"/manage/rounds/{ScanRound.objects.get(wave=2).pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Learning leadership" not in html and "Leerleiderschap" not in html
    assert "at least 5 people" in html


def test_pages_get_their_stylesheet():
    """Without the stylesheet the questionnaire is unusable on a phone: it must be served."""
    html = Client().get("/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    response = Client().get(href)
    assert response.status_code == 200
    assert b".option" in b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_demo_writes_its_own_texts_in_one_language(language):
    """What the demo organization and its consultant wrote is in the organization's language, never a mix
    of Dutch and English that reads as a gap in the translation; the programme's organizations too."""
    from leerscan.competences.demo import DEMO_TEXTS as MATRIX_TEXTS
    from leerscan.trajectories.demo import DEMO_TEXTS
    from leerscan.trajectories.models import PlanAction, SuccessStory, TimeEntry

    run_demo(language=language)
    organization = Organization.objects.get(name="De Leerfabriek (demo)")
    assert organization.language == language
    texts = DEMO_TEXTS[language]
    trajectory = Trajectory.objects.get(organization=organization)
    assert trajectory.needs == texts["needs"] and trajectory.de_minimis_signed_by == texts["signer"]
    assert set(PlanAction.objects.filter(trajectory=trajectory).values_list("title", flat=True)) == set(
        texts["actions"]
    )
    assert set(TimeEntry.objects.filter(trajectory=trajectory).values_list("activity", flat=True)) == set(
        texts["activities"]
    )
    assert SuccessStory.objects.get(trajectory=trajectory).title == texts["story"][0]
    department, roles, competences = MATRIX_TEXTS[language]
    matrix = Matrix.objects.get(organization=organization)
    assert matrix.name == department and set(matrix.roles.values_list("name", flat=True)) == set(roles)
    assert {c.name for c in matrix.competences.all()} == {name for name, _description in competences}
    english = ("Intake with", "Team leads", "Operators wrote", "Info evening", "Local government")
    dutch = ("Metaal", "Productie", "Ploegleider", "Lokaal bestuur", "Actie 1")
    foreign = english + ("Action 1",) if language == "nl" else english + dutch
    others = Trajectory.objects.exclude(organization=organization)
    written = [organization.sector, *others.values_list("needs", flat=True)]
    written += list(Organization.objects.values_list("sector", flat=True))
    written += list(PlanAction.objects.values_list("title", flat=True))
    assert not [text for text in written if any(word in text for word in foreign)]
    assert not [needs for needs in others.values_list("needs", flat=True) if "_" in needs]  # no codes
