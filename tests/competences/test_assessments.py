"""Assessments: consent first, the self-assessment with what the person wants to learn, the manager's
view and the agreed level after the conversation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Assessment, Employee
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
