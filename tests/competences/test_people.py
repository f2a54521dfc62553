"""People and their assessments: consent first, self-assessment, the manager's view and the agreed
level, the person's export and deletion, the retention purge, and pages in each person's language."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Assessment, Employee, PlanAction
from tests.competences.conftest import consent


def levels_of(person, source):
    return dict(
        Assessment.objects.filter(employee=person, source=source).values_list("competence__name", "level")
    )


def test_nothing_is_stored_before_consent(client, team):
    url = reverse("competences:person_home", args=[team.ahmed.token])
    page = client.get(url).content.decode()
    assert 'data-testid="consent-agree"' in page
    assert client.get(reverse("competences:person_assess", args=[team.ahmed.token])).status_code == 302
    client.post(reverse("competences:person_assess", args=[team.ahmed.token]), {f"c{team.dough.pk}": "2"})
    assert not Assessment.objects.exists()
    with pytest.raises(services.ConsentMissing):
        services.save_levels(team.ahmed, Assessment.Source.SELF, {team.dough.pk: 2})
    refused = client.post(url, {"consent": "refuse"})
    assert refused.status_code == 200
    team.ahmed.refresh_from_db()
    assert team.ahmed.consent_at is None and not Assessment.objects.exists()


def test_self_assessment_after_consent_is_saved_and_idempotent(client, team):
    home = reverse("competences:person_home", args=[team.ahmed.token])
    assert client.post(home, {"consent": "agree"}).status_code == 302
    team.ahmed.refresh_from_db()
    assert team.ahmed.consent_at is not None and team.ahmed.consent_source == "link"
    form = client.get(reverse("competences:person_assess", args=[team.ahmed.token])).content.decode()
    assert "I do this on my own in normal situations." not in form  # Ahmed reads Dutch
    assert "Ik doe dit alleen, in gewone situaties." in form
    data = {f"c{team.dough.pk}": "1", f"c{team.oven.pk}": "3"}
    for _ in range(2):  # a double click stores it once
        response = client.post(reverse("competences:person_assess", args=[team.ahmed.token]), data)
        assert response.status_code == 302 and "saved=self" in response["Location"]
    assert levels_of(team.ahmed, "self") == {"Make dough": 1, "Run the oven": 3}
    assert Assessment.objects.count() == 2
    # a level that is not on the scale is refused, nothing changes
    bad = client.post(
        reverse("competences:person_assess", args=[team.ahmed.token]), {f"c{team.dough.pk}": "9"}
    )
    assert bad.status_code == 200 and levels_of(team.ahmed, "self")["Make dough"] == 1
    page = client.get(
        reverse("competences:person_home", args=[team.ahmed.token]) + "?saved=self"
    ).content.decode()
    assert 'data-testid="saved"' in page and "Make dough" in page


def test_the_manager_gives_their_view_and_records_the_agreed_level(client, team):
    consent(team.manager, team.ahmed)
    url = reverse("competences:person_report", args=[team.manager.token, team.ahmed.pk])
    response = client.post(url, {"action": "manager", f"c{team.dough.pk}": "2", f"c{team.oven.pk}": "2"})
    assert response.status_code == 302
    assert levels_of(team.ahmed, "manager") == {"Make dough": 2, "Run the oven": 2}
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url,
        {
            "action": "agreed",
            "agreed_on": day.isoformat(),
            f"a{team.dough.pk}": "1",
            f"n{team.dough.pk}": "Practise with Sara",
            f"a{team.oven.pk}": "2",
        },
    )
    assert response.status_code == 302
    agreed = Assessment.objects.get(employee=team.ahmed, competence=team.dough, source="agreed")
    assert (agreed.level, agreed.agreed_on, agreed.note, agreed.recorded_by_employee) == (
        1,
        day,
        "Practise with Sara",
        team.manager,
    )
    future = client.post(
        url,
        {"action": "agreed", "agreed_on": (day + timedelta(days=5)).isoformat(), f"a{team.dough.pk}": "3"},
    )
    assert future.status_code == 200 and "toekomst" in future.content.decode()  # the manager reads Dutch
    assert Assessment.objects.get(pk=agreed.pk).level == 1


def test_manager_cannot_assess_someone_who_has_not_agreed(client, team):
    consent(team.manager)
    url = reverse("competences:person_report", args=[team.manager.token, team.tom.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="agreed-form"' not in page
    client.post(url, {"action": "manager", f"c{team.dough.pk}": "2"})
    assert not Assessment.objects.filter(employee=team.tom).exists()


def test_staff_record_paper_consent_and_the_agreed_levels(login, team, world):
    client = login(world.users["consultant_a"])
    person_url = reverse("competences:person", args=[world.org_a.pk, team.tom.pk])
    agreed = {"agreed_on": timezone.localdate().isoformat(), f"a{team.dough.pk}": "2"}
    client.post(person_url, agreed)
    assert not Assessment.objects.filter(employee=team.tom).exists()  # no consent yet
    client.post(
        reverse("competences:person_consent", args=[world.org_a.pk, team.tom.pk]), {}
    )  # box not ticked
    team.tom.refresh_from_db()
    assert team.tom.consent_at is None
    client.post(reverse("competences:person_consent", args=[world.org_a.pk, team.tom.pk]), {"confirm": "on"})
    team.tom.refresh_from_db()
    assert (
        team.tom.consent_source == "recorded" and team.tom.consent_recorded_by == world.users["consultant_a"]
    )
    assert client.post(person_url, agreed).status_code == 302
    saved = Assessment.objects.get(employee=team.tom, source="agreed")
    assert saved.level == 2 and saved.recorded_by == world.users["consultant_a"]


def test_a_person_downloads_their_own_data(client, assessed):
    services.save_levels(assessed.ahmed, "self", {assessed.dough.pk: 2})
    services.accept_suggestions(assessed.matrix.organization)
    url = reverse("competences:person_data", args=[assessed.ahmed.token])
    data = json.loads(client.get(url + "?format=json").content)
    assert data["name"] == "Ahmed" and data["team"] == "Bakery" and data["manager"] == "Mia"
    rows = {row["competence"]: row for row in data["assessments"]}
    assert rows["Make dough"] == {
        "competence": "Make dough",
        "required_level": 2,
        "self_assessment": 2,
        "manager_assessment": None,
        "agreed_level": 1,
        "agreed_on": timezone.localdate().isoformat(),
        "note": "",
    }
    assert any("Make dough" in (a["competence"] or "") for a in data["training_plan"])
    assert "Sara" not in json.dumps(data["assessments"])
    response = client.get(url + "?format=csv")
    assert response["Content-Disposition"].startswith("attachment")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["competence"]: row["agreed_level"] for row in table} == {
        "Make dough": "1",
        "Run the oven": "2",
        "Food hygiene": "3",
    }


def test_a_person_deletes_their_own_data(client, assessed):
    organization = assessed.matrix.organization
    services.accept_suggestions(organization)
    group = PlanAction.objects.create(organization=organization, title="Hygiene course")
    group.participants.set([assessed.ahmed, assessed.sara])
    own_actions = list(PlanAction.objects.filter(participants=assessed.ahmed).exclude(pk=group.pk))
    assert own_actions
    url = reverse("competences:person_delete_own", args=[assessed.ahmed.token])
    assert "confirm-delete" in client.get(url).content.decode()
    client.post(url, {})  # without the confirmation nothing happens
    assert Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    page = client.post(url, {"confirm": "delete"})
    assert page.status_code == 200 and 'lang="nl"' in page.content.decode()
    assert not Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    assert not Assessment.objects.filter(employee_id=assessed.ahmed.pk).exists()
    assert not PlanAction.objects.filter(pk__in=[a.pk for a in own_actions]).exists()
    assert list(PlanAction.objects.get(pk=group.pk).participants.all()) == [assessed.sara]
    assert client.get(reverse("competences:person_home", args=[assessed.ahmed.token])).status_code == 404


def test_staff_export_and_delete_a_person(login, assessed, world):
    client = login(world.users["contact_a"])
    export = client.get(reverse("competences:person_export", args=[world.org_a.pk, assessed.sara.pk]))
    assert json.loads(export.content)["name"] == "Sara"
    client.post(reverse("competences:person_delete", args=[world.org_a.pk, assessed.sara.pk]))
    assert not Employee.objects.filter(pk=assessed.sara.pk).exists()
    assert Employee.objects.filter(pk=assessed.ahmed.pk).exists()


def test_purge_deletes_people_who_left_longer_ago_than_the_retention(assessed, capsys):
    today = timezone.localdate()
    Employee.objects.filter(pk=assessed.ahmed.pk).update(left_on=today - timedelta(days=400))
    Employee.objects.filter(pk=assessed.sara.pk).update(left_on=today - timedelta(days=300))
    call_command("competences", "purge", "--dry-run")
    assert "Would delete 1 people" in capsys.readouterr().out
    assert Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    call_command("competences", "purge")
    out = capsys.readouterr().out
    assert "Deleted 1 people" in out and "Bakkerij A: 1" in out and "Ahmed" not in out
    assert not Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    assert not Assessment.objects.filter(employee_id=assessed.ahmed.pk).exists()
    assert (
        Employee.objects.filter(pk__in=[assessed.sara.pk, assessed.tom.pk, assessed.manager.pk]).count() == 3
    )
    call_command("competences", "purge", "--months", "6")
    assert not Employee.objects.filter(pk=assessed.sara.pk).exists()
    assert Employee.objects.filter(pk=assessed.tom.pk).exists()  # still working there


def test_retention_months_from_the_settings(settings, assessed):
    settings.LEERSCAN_COMPETENCE_RETENTION_MONTHS = 1
    Employee.objects.filter(pk=assessed.ahmed.pk).update(left_on=timezone.localdate() - timedelta(days=40))
    assert services.purge_departed() == {"Bakkerij A": 1}


def test_months_before_handles_month_ends():
    assert services._months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert services._months_before(date(2025, 1, 15), 12) == date(2024, 1, 15)
    assert services._months_before(date(2024, 3, 31), 25) == date(2022, 2, 28)


def test_people_who_left_are_no_longer_counted_or_mentors(assessed):
    Employee.objects.filter(pk=assessed.sara.pk).update(left_on=timezone.localdate() - timedelta(days=1))
    data = services.organization_data(assessed.matrix.organization)
    assert assessed.sara.pk not in data.people
    suggestions = services.plan_suggestions(assessed.matrix.organization, data)
    assert all(s.mentor_id != assessed.sara.pk for s in suggestions)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Ik ga akkoord"),
        ("en", "I agree, let's start"),
        ("fr", "J'accepte"),
        ("de", "Ich bin einverstanden"),
    ],
)
def test_personal_page_in_the_persons_language(client, team, language, text):
    Employee.objects.filter(pk=team.ahmed.pk).update(language=language)
    html = client.get(reverse("competences:person_home", args=[team.ahmed.token])).content.decode()
    assert f'lang="{language}"' in html and text in html


def test_the_person_switches_language_and_it_is_kept(client, team):
    url = reverse("competences:person_home", args=[team.ahmed.token])
    assert client.post(url, {"switch_language": "de"}).status_code == 302
    team.ahmed.refresh_from_db()
    assert team.ahmed.language == "de"
    assert 'lang="de"' in client.get(url).content.decode()
    client.post(url, {"switch_language": "xx"})
    team.ahmed.refresh_from_db()
    assert team.ahmed.language == "de"


def test_names_are_escaped(client, team):
    Employee.objects.filter(pk=team.ahmed.pk).update(name="<script>alert(1)</script>")
    html = client.get(reverse("competences:person_home", args=[team.ahmed.token])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_level_names_follow_the_person_not_the_browser(client, assessed):
    url = reverse("competences:person_home", args=[assessed.ahmed.token])  # Ahmed reads Dutch
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 · Leert het" in html and "Learning" not in html
