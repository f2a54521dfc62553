"""Imports that do not fit their round ask first; a whole-column problem is said once; the README's
``synth`` -> ``import --create`` path works and says "created" only after the import committed."""

import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from leerscan.organizations.models import Organization
from leerscan.surveys.models import PendingImport, Response, ScanRound


def csv_bytes(rows):
    return ("\n".join(",".join(map(str, r)) for r in rows) + "\n").encode()


def upload(client, scan_round, rows):
    url = reverse("manage:round_import", args=[scan_round.pk])
    return client.post(
        url, {"file": SimpleUploadedFile("answers.csv", csv_bytes(rows))}, HTTP_ACCEPT_LANGUAGE="en"
    )


def answers(n):
    return [["ll_1", "ll_2"]] + [[3, 4]] * n


def test_more_answers_than_expected_asks_first_and_shows_the_numbers(login, world):
    client = login(world.users["consultant_a"])  # round_a expects 10 respondents
    response = upload(client, world.round_a, answers(30))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-confirm"' in html
    assert "30 questionnaires" in html and "more than the 10 respondents it expects" in html
    assert Response.objects.count() == 0  # nothing yet
    token = html.split('name="pending" value="')[1].split('"')[0]
    url = reverse("manage:round_import", args=[world.round_a.pk])
    client.post(url, {"pending": token, "confirm": "1"})
    assert Response.objects.filter(scan_round=world.round_a).count() == 30
    assert not PendingImport.objects.exists()  # the kept file is gone once imported
    # the round page says why the rate is over 100%, never "300%"
    page = client.get(reverse("manage:round", args=[world.round_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "300%" not in text and "more than expected: 30 questionnaires, 10 expected" in text
    org_page = client.get(reverse("manage:organization", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "300%" not in org_page.content.decode() and "more than the 10 expected" in org_page.content.decode()
    )


def test_cancel_imports_nothing_and_employees_count_too(login, world):
    Organization.objects.filter(pk=world.org_b.pk).update(employees=4)
    client = login(world.users["admin"])  # round_b has no expected number; the organization has 4 employees
    html = upload(client, world.round_b, answers(6)).content.decode()
    assert "more than the organization&#x27;s 4 employees" in html
    token = html.split('name="pending" value="')[1].split('"')[0]
    url = reverse("manage:round_import", args=[world.round_b.pk])
    client.post(url, {"pending": token, "cancel": "1"})
    client.post(url, {"pending": token, "confirm": "1"})  # a cancelled file cannot be confirmed later
    assert Response.objects.count() == 0
    assert upload(client, world.round_b, answers(4)).status_code == 302  # fits: no question asked


def test_a_round_not_open_yet_asks_first(login, world):
    ScanRound.objects.filter(pk=world.round_a.pk).update(status=ScanRound.Status.DRAFT)
    client = login(world.users["consultant_a"])
    html = upload(client, world.round_a, answers(2)).content.decode()
    assert "The round has not opened yet." in html and Response.objects.count() == 0


def test_an_organization_column_wrong_in_every_row_is_said_once(login, world):
    client = login(world.users["consultant_a"])
    rows = [["organization", "ll_1"]] + [["ORG-001", 3]] * 3000
    html = upload(client, world.round_a, rows).content.decode()
    assert html.count("ORG-001") == 1
    assert (
        "column &#x27;organization&#x27;: every row says &#x27;ORG-001&#x27;, but this round belongs to"
        in html
    )
    assert "row 2," not in html
    assert Response.objects.count() == 0


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err, **options)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def test_cli_refuses_more_than_expected_or_a_round_not_open_unless_allowed(world, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(csv_bytes(answers(12)))
    ok, out, err = run(path, organization="Bakkerij A", round=1)
    assert not ok and "more than the 10 expected respondents" in err and "--allow-more" in err
    assert Response.objects.count() == 0
    assert run(path, organization="Bakkerij A", round=1, allow_more=True)[0]
    ScanRound.objects.filter(pk=world.round_b.pk).update(status=ScanRound.Status.DRAFT)
    ok, out, err = run(path, organization="Garage B", round=1)
    assert not ok and "has not opened yet" in err and "--allow-not-open" in err
    assert run(path, organization="Garage B", round=1, allow_not_open=True)[0]
    assert Response.objects.count() == 24


@pytest.mark.django_db
def test_synth_then_import_create_as_the_readme_shows(tmp_path):
    path = tmp_path / "answers.csv"
    call_command("synth", respondents=40, organizations=1, seed=1, out=str(path), stdout=io.StringIO())
    ok, out, err = run(path, organization="Brouwerij Z", round=1, create=True)
    assert ok, err
    assert "Created organization 'Brouwerij Z'" in out and "Imported 40 questionnaires" in out
    scan_round = ScanRound.objects.get(organization__name="Brouwerij Z", wave=1)
    assert scan_round.responses.filter(status="submitted").count() == 40
    organization = scan_round.organization
    sectors = pd.read_csv(path)["sector"]
    assert organization.sector == sectors.mode()[0] and organization.size_class is not None
    # the same file again: one problem, said once, and nothing changes
    ok, out, err = run(path, organization="Brouwerij Z", round=1, create=True)
    assert not ok and err.count("already imported") == 1 and "this file was imported before" in err
    # a follow-up: another synthetic file of the same organization goes into round 2
    later = tmp_path / "later.csv"
    call_command("synth", respondents=30, organizations=1, seed=2, out=str(later), stdout=io.StringIO())
    ok, out, err = run(later, organization="Brouwerij Z", round=2, create=True)
    assert ok, err
    assert "Created organization" not in out and "Created round 2" in out
    assert ScanRound.objects.get(organization=organization, wave=2).responses.count() == 30


@pytest.mark.django_db
def test_a_refused_create_says_nothing_was_created(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(csv_bytes([["ll_1", "ll_2"], [3, 4], [9, 4]]))
    ok, out, err = run(path, organization="Brouwerij Z", round=1, create=True)
    assert not ok and "Created" not in out
    assert "row 3, column 'll_1'" in err and "nothing was imported, created or changed" in err
    assert not Organization.objects.filter(name="Brouwerij Z").exists()


def test_a_question_column_wrong_in_every_row_is_said_once(login, world):
    client = login(world.users["consultant_a"])
    rows = [["ll_1", "ll_2"]] + [["Akkoord", 3]] * 2999 + [["Akkoord", 9]]
    html = upload(client, world.round_a, rows).content.decode()
    assert html.count("Akkoord") == 1
    assert (
        "column &#x27;ll_1&#x27;: every row has this problem (3000 rows), e.g. row 2: &#x27;Akkoord&#x27;"
        in html
    )
    assert "row 3001, column &#x27;ll_2&#x27;: 9 is not a valid answer" in html  # a row's own problem
    assert Response.objects.count() == 0
