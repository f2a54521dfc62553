"""People and their personal pages: adding people, who counts once they left, and pages in each
person's language."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leerscan.competences import services
from leerscan.competences.models import Employee, PlanAction
from tests.competences.conftest import consent


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
