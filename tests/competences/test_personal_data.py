"""A person's data: their export (JSON and CSV) and its deletion, by themselves or by staff."""

import csv
import io
import json

from django.urls import reverse
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Assessment, Employee, PlanAction


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
            "action": "Apprendre «\u00a0Make dough\u00a0» avec Sara",  # French quotes hold the name tight
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


def test_unknown_export_formats_are_404(login, client, assessed, world):
    own = reverse("competences:person_data", args=[assessed.ahmed.token])
    assert client.get(own + "?format=xml").status_code == 404
    staff = login(world.users["contact_a"])
    url = reverse("competences:person_export", args=[world.org_a.pk, assessed.ahmed.pk])
    assert staff.get(url + "?format=pdf").status_code == 404
    assert staff.get(url + "?format=csv").status_code == 200


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
