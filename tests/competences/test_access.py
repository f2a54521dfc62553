"""Personal data: only the organization contact, the assigned consultant, the platform admin, the
person's manager (their link) and the person (their link) see an individual's assessments. The
programme and service providers see totals only; other organizations get 404, also by direct URL."""

import pytest
from django.urls import reverse

from leerscan.accounts.models import Role
from leerscan.competences import services
from leerscan.competences.models import Assessment, PlanAction
from tests.conftest import make_user


def staff_urls(team, org):
    """Every staff page that shows or changes individuals' data or the matrix, for organization ``org``."""
    pk = org.pk
    m, p = team.matrix.pk, team.ahmed.pk
    action = PlanAction.objects.create(organization=team.matrix.organization, title="Training")
    return [
        reverse("competences:matrix_new", args=[pk]),
        reverse("competences:matrix", args=[pk, m]),
        reverse("competences:matrix_edit", args=[pk, m]),
        reverse("competences:matrix_levels", args=[pk, m]),
        reverse("competences:matrix_delete", args=[pk, m]),
        reverse("competences:matrix_export", args=[pk, m, "xlsx"]),
        reverse("competences:matrix_export", args=[pk, m, "pdf"]),
        reverse("competences:role_new", args=[pk, m]),
        reverse("competences:role_edit", args=[pk, m, team.baker.pk]),
        reverse("competences:competence_new", args=[pk, m]),
        reverse("competences:competence_edit", args=[pk, m, team.dough.pk]),
        reverse("competences:insight", args=[pk]),
        reverse("competences:people", args=[pk]),
        reverse("competences:person_new", args=[pk]),
        reverse("competences:links_csv", args=[pk]),
        reverse("competences:person", args=[pk, p]),
        reverse("competences:person_edit", args=[pk, p]),
        reverse("competences:person_export", args=[pk, p]) + "?format=json",
        reverse("competences:person_export", args=[pk, p]) + "?format=csv",
        reverse("competences:person_delete", args=[pk, p]),
        reverse("competences:plan", args=[pk]),
        reverse("competences:plan_pdf", args=[pk]),
        reverse("competences:action_new", args=[pk]),
        reverse("competences:action_edit", args=[pk, action.pk]),
        reverse("competences:action_delete", args=[pk, action.pk]),
    ]


def post_urls(team, org):
    pk, p = org.pk, team.ahmed.pk
    return [
        reverse("competences:person_consent", args=[pk, p]),
        reverse("competences:person_link", args=[pk, p]),
        reverse("competences:plan_accept", args=[pk]),
    ]


def test_anonymous_users_are_sent_to_login(client, assessed, world):
    for url in [reverse("competences:overview", args=[world.org_a.pk]), *staff_urls(assessed, world.org_a)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("username", ["contact_a", "consultant_a", "admin"])
def test_allowed_roles_see_the_people(login, assessed, world, username):
    client = login(world.users[username])
    for url in [reverse("competences:overview", args=[world.org_a.pk]), *staff_urls(assessed, world.org_a)]:
        assert client.get(url).status_code == 200, url
    html = client.get(
        reverse("competences:person", args=[world.org_a.pk, assessed.ahmed.pk])
    ).content.decode()
    assert "Ahmed" in html and "Make dough" in html


@pytest.mark.parametrize("username", ["contact_b", "consultant_b", "provider_b"])
def test_other_organizations_get_404_even_with_direct_urls(login, assessed, world, username):
    client = login(world.users[username])
    for url in [reverse("competences:overview", args=[world.org_a.pk]), *staff_urls(assessed, world.org_a)]:
        assert client.get(url).status_code == 404, url
    for url in post_urls(assessed, world.org_a):
        assert client.post(url, {"action": "off", "confirm": "on", "all": "1"}).status_code == 404, url
    assessed.ahmed.refresh_from_db()
    assert assessed.ahmed.token  # the link was not turned off
    assert PlanAction.objects.filter(participants=assessed.ahmed).count() == 0


def test_a_consultant_of_the_same_provider_who_is_not_assigned_gets_404(login, assessed, world):
    colleague = make_user(
        "colleague", Role.CONSULTANT, service_provider=world.users["consultant_a"].profile.service_provider
    )
    client = login(colleague)
    for url in [reverse("competences:overview", args=[world.org_a.pk]), *staff_urls(assessed, world.org_a)]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("username", ["programme", "provider_a"])
def test_programme_and_service_provider_see_totals_never_individuals(login, assessed, world, username):
    services.accept_suggestions(world.org_a)
    client = login(world.users[username])
    overview = client.get(reverse("competences:overview", args=[world.org_a.pk]))
    html = overview.content.decode()
    assert overview.status_code == 200
    assert 'data-testid="plan-total"' in html and "Bakery" in html
    for name in ("Ahmed", "Sara", "Mia", "Tom"):
        assert name not in html, name
    for url in staff_urls(assessed, world.org_a):
        assert client.get(url).status_code == 403, url
    for url in post_urls(assessed, world.org_a):
        assert client.post(url, {"action": "off", "confirm": "on", "all": "1"}).status_code == 403, url
    assessed.ahmed.refresh_from_db()
    assert assessed.ahmed.token


def test_people_of_another_organization_are_404_under_your_own(login, assessed, world):
    client = login(world.users["contact_a"])
    pk = world.org_a.pk
    other = assessed.other
    garage_matrix = other.role.matrix
    for url in [
        reverse("competences:person", args=[pk, other.pk]),
        reverse("competences:person_export", args=[pk, other.pk]),
        reverse("competences:person_delete", args=[pk, other.pk]),
        reverse("competences:matrix", args=[pk, garage_matrix.pk]),
        reverse("competences:role_edit", args=[pk, assessed.matrix.pk, other.role.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("competences:person_delete", args=[pk, other.pk])).status_code == 404
    assert other.__class__.objects.filter(pk=other.pk).exists()


def test_user_without_a_role_gets_nothing(login, assessed, world):
    client = login(world.users["no_role"])
    assert client.get(reverse("competences:overview", args=[world.org_a.pk])).status_code == 403
    assert (
        client.get(reverse("competences:person", args=[world.org_a.pk, assessed.ahmed.pk])).status_code == 403
    )


def test_a_person_sees_their_own_page_only(client, assessed):
    own = client.get(reverse("competences:person_home", args=[assessed.ahmed.token]))
    html = own.content.decode()
    assert own.status_code == 200 and "Ahmed" in html
    assert "Sara" not in html and "Tom" not in html  # no colleagues' levels
    assert own["Cache-Control"] == "no-store" and own["Referrer-Policy"] == "same-origin"
    # a person who is not a manager has no team, and cannot open a colleague
    team_page = client.get(reverse("competences:person_team", args=[assessed.ahmed.token])).content.decode()
    assert "Sara" not in team_page
    url = reverse("competences:person_report", args=[assessed.ahmed.token, assessed.sara.pk])
    assert client.get(url).status_code == 404


def test_a_manager_sees_their_direct_reports_only(client, assessed, world):
    team_page = client.get(reverse("competences:person_team", args=[assessed.manager.token])).content.decode()
    assert "Ahmed" in team_page and "Sara" in team_page and "Olivier" not in team_page
    ok = client.get(reverse("competences:person_report", args=[assessed.manager.token, assessed.ahmed.pk]))
    assert ok.status_code == 200
    for stranger in (assessed.other, assessed.manager):
        url = reverse("competences:person_report", args=[assessed.manager.token, stranger.pk])
        assert client.get(url).status_code == 404


def test_unknown_revoked_and_replaced_links_are_404(client, assessed, login, world):
    assert client.get(reverse("competences:person_home", args=["not-a-real-token"])).status_code == 404
    old = assessed.ahmed.token
    staff = login(world.users["contact_a"])
    staff.post(
        reverse("competences:person_link", args=[world.org_a.pk, assessed.ahmed.pk]), {"action": "new"}
    )
    assessed.ahmed.refresh_from_db()
    assert assessed.ahmed.token != old and len(assessed.ahmed.token) >= 32
    assert client.get(reverse("competences:person_home", args=[old])).status_code == 404
    assert client.get(reverse("competences:person_home", args=[assessed.ahmed.token])).status_code == 200
    staff.post(
        reverse("competences:person_link", args=[world.org_a.pk, assessed.ahmed.pk]), {"action": "off"}
    )
    assessed.ahmed.refresh_from_db()
    assert assessed.ahmed.token is None
    assert client.get(reverse("competences:person_data", args=[old])).status_code == 404


def test_tokens_are_unguessable():
    from leerscan.competences.models import Employee

    field = Employee._meta.get_field("token")
    tokens = {field.default() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) * 6 >= 128 for t in tokens)  # url-safe base64: 6 bits a character


def test_public_links_are_rate_limited(client, assessed, settings):
    settings.LEERSCAN_RATE_LIMITS = {**settings.LEERSCAN_RATE_LIMITS, "save": "3/m"}
    url = reverse("competences:person_home", args=[assessed.ahmed.token])
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429
    guesses = [
        client.get(reverse("competences:person_home", args=[f"guess{i}"])).status_code for i in range(3)
    ]
    assert guesses == [429, 429, 429]


def test_the_manager_link_cannot_change_someone_elses_levels(client, assessed):
    url = reverse("competences:person_report", args=[assessed.manager.token, assessed.other.pk])
    response = client.post(url, {"action": "agreed", "agreed_on": "2024-01-01"})
    assert response.status_code == 404
    assert not Assessment.objects.filter(employee=assessed.other).exists()


def _left(person, days_ago=0):
    from datetime import timedelta

    from django.utils import timezone

    person.__class__.objects.filter(pk=person.pk).update(
        left_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_a_manager_who_left_can_no_longer_open_or_change_the_team(client, assessed):
    token = assessed.manager.token
    report = reverse("competences:person_report", args=[token, assessed.ahmed.pk])
    before = list(
        Assessment.objects.filter(employee=assessed.ahmed).values_list("source", "competence", "level")
    )
    _left(assessed.manager)  # their last day is today
    home = client.get(reverse("competences:person_home", args=[token]))
    assert home.status_code == 403 and 'data-testid="left"' in home.content.decode()
    assert "Ahmed" not in home.content.decode()
    team = client.get(reverse("competences:person_team", args=[token]))
    assert team.status_code == 403 and "Ahmed" not in team.content.decode()
    assert client.get(report).status_code == 403
    day = "2024-01-01"
    for data in (
        {"action": "agreed", "agreed_on": day, f"a{assessed.dough.pk}": "4"},
        {"action": "manager", f"c{assessed.dough.pk}": "4"},
    ):
        assert client.post(report, data).status_code == 403
    after = list(
        Assessment.objects.filter(employee=assessed.ahmed).values_list("source", "competence", "level")
    )
    assert after == before
    # their own data stay theirs to download (and delete) until the retention purge
    own = client.get(reverse("competences:person_data", args=[token]) + "?format=json")
    assert own.status_code == 200 and '"name": "Mia"' in own.content.decode()


def test_a_leaving_date_in_the_future_changes_nothing_yet(client, assessed):
    from datetime import timedelta

    from django.utils import timezone

    assessed.manager.__class__.objects.filter(pk=assessed.manager.pk).update(
        left_on=timezone.localdate() + timedelta(days=1)
    )
    url = reverse("competences:person_report", args=[assessed.manager.token, assessed.ahmed.pk])
    assert client.get(url).status_code == 200


def test_a_report_who_left_is_not_reachable_by_direct_url(client, assessed):
    _left(assessed.ahmed, days_ago=1)
    url = reverse("competences:person_report", args=[assessed.manager.token, assessed.ahmed.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "manager", f"c{assessed.dough.pk}": "4"})
    assert response.status_code == 404
    assert not Assessment.objects.filter(employee=assessed.ahmed, source="manager").exists()
    team = client.get(reverse("competences:person_team", args=[assessed.manager.token])).content.decode()
    assert "Ahmed" not in team and "Sara" in team


def test_a_person_who_left_cannot_self_assess(client, assessed):
    _left(assessed.sara, days_ago=3)
    url = reverse("competences:person_assess", args=[assessed.sara.token])
    assert client.get(url).status_code == 403
    assert client.post(url, {f"c{assessed.dough.pk}": "1"}).status_code == 403
    assert not Assessment.objects.filter(employee=assessed.sara, source="self").exists()
    page = client.get(reverse("competences:person_home", args=[assessed.sara.token])).content.decode()
    assert "Vous ne travaillez plus chez Bakkerij A" in page  # Sara reads French
    delete = reverse("competences:person_delete_own", args=[assessed.sara.token])
    assert client.post(delete, {"confirm": "delete"}).status_code == 200  # deleting stays possible
    assert not assessed.sara.__class__.objects.filter(pk=assessed.sara.pk).exists()
