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
    services.save_levels(assessed.ahmed, "self", {assessed.dough.pk: 2}, by_employee=assessed.ahmed)
    services.accept_suggestions(assessed.matrix.organization)
    url = reverse("competences:person_data", args=[assessed.ahmed.token])
    data = json.loads(client.get(url + "?format=json").content)
    assert data["name"] == "Ahmed" and data["team"] == "Bakery" and data["manager"] == "Mia"
    rows = {row["competence"]: row for row in data["assessments"]}
    dough = rows["Make dough"]
    assert (dough["required_level"], dough["self_assessment"], dough["self_recorded_by"]) == (2, 2, "Ahmed")
    assert (dough["manager_assessment"], dough["agreed_level"], dough["note"]) == (None, 1, "")
    assert dough["agreed_on"] == timezone.localdate().isoformat()
    assert dough["agreed_recorded_at"].startswith(timezone.localdate().isoformat())
    assert any("Make dough" in (a["competence"] or "") for a in data["training_plan"])
    assert "Sara" not in json.dumps(data["assessments"])
    response = client.get(url + "?format=csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith("\ufeff".encode())  # Excel opens the accents correctly
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Competentie"]: row["Afgesproken niveau"] for row in table} == {  # Ahmed reads Dutch
        "Make dough": "1",
        "Run the oven": "2",
        "Food hygiene": "3",
    }


def test_the_export_holds_consent_recorders_plan_details_and_the_people_one_manages(
    login, client, team, world
):
    staff = login(world.users["consultant_a"])
    for person in (team.manager, team.ahmed, team.sara):
        staff.post(reverse("competences:person_consent", args=[world.org_a.pk, person.pk]), {"confirm": "on"})
    client.post(
        reverse("competences:person_report", args=[team.manager.token, team.ahmed.pk]),
        {"action": "manager", f"c{team.dough.pk}": "2"},
    )
    staff.post(
        reverse("competences:person", args=[world.org_a.pk, team.ahmed.pk]),
        {"agreed_on": timezone.localdate().isoformat(), f"a{team.dough.pk}": "1", f"n{team.dough.pk}": "ok"},
    )
    course = PlanAction.objects.create(
        organization=world.org_a,
        title="Hygiene course",
        provider="Bakery school",
        hours=16,
        note="Bring your apron",
        competence=team.hygiene,
    )
    course.participants.set([team.ahmed, team.sara])
    mentoring = PlanAction.objects.create(
        organization=world.org_a, kind="mentoring", competence=team.dough, mentor=team.sara
    )
    mentoring.participants.set([team.ahmed])

    ahmed = services.person_export(Employee.objects.get(pk=team.ahmed.pk))
    assert ahmed["consent"]["how"] == "recorded" and ahmed["consent"]["recorded_by"] == "consultant_a"
    assert ahmed["consent"]["how_described"] == "op papier of mondeling (genoteerd door een medewerker)"
    dough = next(row for row in ahmed["assessments"] if row["competence"] == "Make dough")
    assert (dough["manager_assessment"], dough["manager_recorded_by"]) == (2, "Mia")
    assert (dough["agreed_level"], dough["agreed_recorded_by"], dough["note"]) == (1, "consultant_a", "ok")
    assert dough["manager_recorded_at"] and dough["agreed_recorded_at"]
    plan = {item["action"]: item for item in ahmed["training_plan"]}
    assert plan["Hygiene course"] | {} == plan["Hygiene course"]
    assert (plan["Hygiene course"]["provider"], plan["Hygiene course"]["hours"]) == ("Bakery school", 16)
    assert plan["Hygiene course"]["note"] == "Bring your apron"
    assert plan["“Make dough” leren van Sara"]["mentor"] == "Sara"

    sara = services.person_export(Employee.objects.get(pk=team.sara.pk))  # Sara reads French
    assert sara["mentor_of"] == [
        {
            "action": "Apprendre « Make dough » avec Sara",
            "kind": "mentoring",
            "competence": "Make dough",
            "provider": "",
            "starts_on": None,
            "due_on": None,
            "hours": None,
            "status": "planned",
            "note": "",
            "learners": 1,  # counted, not named
        }
    ]
    assert "Ahmed" not in json.dumps(sara["mentor_of"])
    mia = services.person_export(Employee.objects.get(pk=team.manager.pk))
    assert mia["manages_people"] == 3
    assert not {"Ahmed", "Sara", "Tom"} & set(json.dumps(mia).replace('"', " ").split())
    headers = services.person_csv(Employee.objects.get(pk=team.sara.pk)).decode("utf-8-sig").splitlines()[0]
    assert headers.startswith("Compétence,") and "Niveau convenu" in headers


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
    again = client.get(reverse("competences:person_home", args=[assessed.ahmed.token]))
    assert again.status_code == 410 and "Je gegevens zijn verwijderd" in again.content.decode()


def test_a_double_tap_on_delete_shows_the_deleted_page_again(client, assessed):
    url = reverse("competences:person_delete_own", args=[assessed.ahmed.token])
    first = client.post(url, {"confirm": "delete"})
    second = client.post(url, {"confirm": "delete"})
    assert first.status_code == second.status_code == 200
    assert "Je gegevens zijn verwijderd" in second.content.decode() and 'lang="nl"' in second.content.decode()
    assert not Employee.objects.filter(pk=assessed.ahmed.pk).exists()
    # nothing about Ahmed is kept to show that page: only a hash of the link
    from leerscan.competences.models import ClosedLink

    closed = ClosedLink.objects.get()
    assert assessed.ahmed.token not in closed.token_hash and closed.language == "nl"
    assert client.get(reverse("competences:person_home", args=["never-a-link"])).status_code == 404


def test_deleting_a_person_leaves_their_name_nowhere_in_the_database(client, assessed):
    from django.apps import apps
    from django.db import connection, models

    organization = assessed.matrix.organization
    services.accept_suggestions(organization)  # Sara mentors Ahmed in making dough
    assert PlanAction.objects.filter(mentor=assessed.sara).exists()
    services.save_levels(
        assessed.ahmed, "agreed", {assessed.oven.pk: 1}, notes={assessed.oven.pk: "Practise with Sara first"}
    )
    by_hand = PlanAction.objects.create(
        organization=organization, title="Oven tour with Sara", note="Sara shows the oven", kind="on_the_job"
    )
    by_hand.participants.set([assessed.tom])
    Employee.objects.filter(pk=assessed.tom.pk).update(learning_wish="Bake bread like Sara")
    Employee.objects.filter(pk=assessed.sara.pk).update(learning_wish="Lead a team")
    assert (
        client.post(
            reverse("competences:person_delete_own", args=[assessed.sara.token]), {"confirm": "delete"}
        ).status_code
        == 200
    )

    found = []
    with connection.cursor() as cursor:
        for model in apps.get_app_config("competences").get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                    table, column = map(connection.ops.quote_name, (model._meta.db_table, field.column))
                    # case-sensitive (SQLite's LIKE is not: a random token may hold "sArA")
                    match, pattern = (
                        ("GLOB", "*Sara*") if connection.vendor == "sqlite" else ("LIKE", "%Sara%")
                    )
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) {match} %s", [pattern]
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{model.__name__}.{field.name}")
    assert found == []
    mentoring = PlanAction.objects.get(kind="mentoring", competence=assessed.dough)
    assert mentoring.mentor is None and list(mentoring.participants.all()) == [assessed.ahmed]
    from django.utils import translation

    with translation.override("en"):
        assert mentoring.label == "Learn “Make dough” from a colleague"  # still readable
    assert PlanAction.objects.get(pk=by_hand.pk).title == "Oven tour with een oud-collega"


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


def test_adding_the_same_people_twice_adds_nobody_twice(login, team, world):
    client = login(world.users["contact_a"])
    url = reverse("competences:people", args=[world.org_a.pk])
    data = {"names": "Lotte\nYusuf\nlotte ", "role": team.baker.pk, "manager": team.manager.pk}
    client.post(url, data)
    response = client.post(url, {**data, "names": "Lotte\nYusuf\n AHMED\nNoor"}, follow=True)  # sent again
    names = list(Employee.objects.filter(organization=world.org_a).values_list("name", flat=True))
    assert sorted(names) == ["Ahmed", "Lotte", "Mia", "Noor", "Sara", "Tom", "Yusuf"]
    html = response.content.decode()
    assert "1 persoon toegevoegd" in html
    assert "Staan al in de lijst, dus niet opnieuw toegevoegd: Lotte, Yusuf, AHMED." in html


def test_the_personal_pages_send_a_form_once(client, team):
    html = client.get(reverse("competences:person_home", args=[team.ahmed.token])).content.decode()
    assert "leerscan/once.js" in html


def test_the_staff_agreed_form_starts_from_the_agreed_levels_only(login, team, world):
    consent(team.ahmed)
    services.save_levels(team.ahmed, "self", {team.dough.pk: 2, team.oven.pk: 3})
    services.save_levels(team.ahmed, "manager", {team.dough.pk: 1, team.oven.pk: 2})
    long_ago = timezone.localdate() - timedelta(days=30)
    services.save_levels(team.ahmed, "agreed", {team.hygiene.pk: 3}, agreed_on=long_ago)
    client = login(world.users["contact_a"])
    url = reverse("competences:person", args=[world.org_a.pk, team.ahmed.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    oven = page.split(f'name="a{team.oven.pk}"')[1].split("</select>")[0]
    assert "selected" not in oven.split('value=""')[1].split("</option>")[0] or 'value="" selected' in oven
    assert 'value="3" selected' not in oven and 'value="2" selected' not in oven
    hygiene = page.split(f'name="a{team.hygiene.pk}"')[1].split("</select>")[0]
    assert 'value="3" selected' in hygiene
    assert "Self: 3 · Experienced" in page  # the proposals are shown as text
    # the form as the page sends it after discussing only the dough
    form = {
        "agreed_on": timezone.localdate().isoformat(),
        f"a{team.dough.pk}": "2",
        f"a{team.hygiene.pk}": "3",
    }
    form.update(
        {f"a{team.oven.pk}": "", f"n{team.oven.pk}": "", f"n{team.dough.pk}": "", f"n{team.hygiene.pk}": ""}
    )
    assert client.post(url, form).status_code == 302
    agreed = {a.competence_id: a for a in Assessment.objects.filter(employee=team.ahmed, source="agreed")}
    assert set(agreed) == {team.dough.pk, team.hygiene.pk}  # the oven was not agreed
    assert agreed[team.dough.pk].level == 2
    assert agreed[team.hygiene.pk].agreed_on == long_ago  # unchanged: keeps the date of its conversation
    # a note without a level is not lost silently
    response = client.post(url, {**form, f"n{team.oven.pk}": "Try again in June"})
    assert response.status_code == 200 and not Assessment.objects.filter(
        competence=team.oven, source="agreed"
    )


def test_what_i_want_to_learn_is_kept_shown_exported_and_deleted(login, client, team, world):
    consent(team.manager, team.ahmed)
    url = reverse("competences:person_assess", args=[team.ahmed.token])
    assert "Wat wil je leren? (niet verplicht)" in client.get(url).content.decode()
    client.post(url, {f"c{team.dough.pk}": "1", "wish": "Ik wil de oven leren bedienen."})
    team.ahmed.refresh_from_db()
    assert team.ahmed.learning_wish == "Ik wil de oven leren bedienen."
    assert levels_of(team.ahmed, "self") == {"Make dough": 1}
    report = client.get(reverse("competences:person_report", args=[team.manager.token, team.ahmed.pk]))
    assert "Ik wil de oven leren bedienen." in report.content.decode()  # the manager sees it
    staff = login(world.users["consultant_a"])
    page = staff.get(reverse("competences:person", args=[world.org_a.pk, team.ahmed.pk])).content.decode()
    assert "Ik wil de oven leren bedienen." in page  # the consultant too
    assert services.person_export(team.ahmed)["what_i_want_to_learn"] == "Ik wil de oven leren bedienen."
    too_long = client.post(url, {"wish": "x" * 501})
    assert too_long.status_code == 200
    team.ahmed.refresh_from_db()
    assert team.ahmed.learning_wish == "Ik wil de oven leren bedienen."
    services.delete_person(team.ahmed)
    assert not Employee.objects.filter(learning_wish__contains="oven").exists()


@pytest.mark.parametrize(
    ("language", "about_someone", "first_person"),
    [
        ("nl", "Doet dit met hulp van een collega.", "Ik doe dit met hulp van een collega."),
        ("en", "Does this with help from a colleague.", "I do this with help from a colleague."),
        (
            "fr",
            "Le fait avec l&#x27;aide d&#x27;un collègue.",
            "Je le fais avec l&#x27;aide d&#x27;un collègue.",
        ),
        ("de", "Macht das mit Hilfe von Kollegen.", "Ich mache das mit Hilfe von Kollegen."),
    ],
)
def test_the_managers_form_describes_the_levels_of_someone_else(
    client, team, language, about_someone, first_person
):
    consent(team.manager, team.ahmed)
    Employee.objects.filter(pk=team.manager.pk).update(language=language)
    Employee.objects.filter(pk=team.ahmed.pk).update(language=language)
    report = client.get(reverse("competences:person_report", args=[team.manager.token, team.ahmed.pk]))
    assert about_someone in report.content.decode() and first_person not in report.content.decode()
    own = client.get(reverse("competences:person_assess", args=[team.ahmed.token])).content.decode()
    assert first_person in own  # the person's own page stays in the first person


def test_who_sees_my_data_names_the_platform_administrator(client, team):
    for url in (
        reverse("competences:person_home", args=[team.ahmed.token]),  # the consent page
    ):
        html = client.get(url).content.decode()
        assert "De beheerder van het leerscan-platform" in html and "Verder ziet niemand ze." in html


def test_a_note_says_the_tasks_are_in_the_organizations_language(client, assessed):
    sara = client.get(reverse("competences:person_assess", args=[assessed.sara.token])).content.decode()
    assert "Les tâches sont rédigées en néerlandais par votre organisation." in sara  # Sara reads French
    ahmed = client.get(reverse("competences:person_assess", args=[assessed.ahmed.token])).content.decode()
    assert 'data-testid="language-note"' not in ahmed  # Ahmed reads Dutch, like the organization
    home = client.get(reverse("competences:person_home", args=[assessed.tom.token])).content.decode()
    assert "Ihre Organisation hat die Aufgaben auf Niederländisch geschrieben." in home


def test_unknown_export_formats_are_404(login, client, assessed, world):
    own = reverse("competences:person_data", args=[assessed.ahmed.token])
    assert client.get(own + "?format=xml").status_code == 404
    staff = login(world.users["contact_a"])
    url = reverse("competences:person_export", args=[world.org_a.pk, assessed.ahmed.pk])
    assert staff.get(url + "?format=pdf").status_code == 404
    assert staff.get(url + "?format=csv").status_code == 200


def test_date_fields_show_their_value_to_the_date_picker_in_every_language(login, team, world):
    Employee.objects.filter(pk=team.tom.pk).update(left_on=date(2031, 3, 1))
    client = login(world.users["contact_a"])
    html = client.get(
        reverse("competences:person_edit", args=[world.org_a.pk, team.tom.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert 'type="date" name="left_on" value="2031-03-01"' in html
    consent(team.tom)
    page = client.get(
        reverse("competences:person", args=[world.org_a.pk, team.tom.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert f'type="date" name="agreed_on" value="{timezone.localdate().isoformat()}"' in page
    action = PlanAction.objects.create(organization=world.org_a, title="Course", due_on=date(2030, 6, 30))
    edit = client.get(reverse("competences:action_edit", args=[world.org_a.pk, action.pk])).content.decode()
    assert 'type="date" name="due_on" value="2030-06-30"' in edit


def test_csv_downloads_open_safely_in_excel(login, client, assessed, world):
    Employee.objects.filter(pk=assessed.tom.pk).update(name='=HYPERLINK("http://evil","Tom")')
    staff = login(world.users["contact_a"])
    links = staff.get(reverse("competences:links_csv", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert (
        links["Content-Disposition"] == f'attachment; filename="leerscan-personal-links-{world.org_a.pk}.csv"'
    )
    assert links.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(links.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "team", "role", "link"]
    assert '\'=HYPERLINK("http://evil","Tom")' in [row[0] for row in rows]  # text, not a formula
    assessed.dough.name = "=1+1"
    assessed.dough.save()
    own = client.get(reverse("competences:person_data", args=[assessed.ahmed.token]) + "?format=csv")
    assert "'=1+1" in own.content.decode("utf-8-sig")
