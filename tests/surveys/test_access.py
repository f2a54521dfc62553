"""Every management page checks the role and the organization, also for direct URLs."""

import pytest
from django.urls import reverse

ORG_PAGES = ["manage:organization"]
ROUND_READ_PAGES = ["manage:round", "manage:round_progress", "manage:round_poster"]
ROUND_MANAGE_PAGES = ["manage:round_edit", "manage:round_entry", "manage:round_import"]


def urls_for(world, which):
    org = world.org_a if which == "a" else world.org_b
    scan_round = world.round_a if which == "a" else world.round_b
    return (
        [reverse(name, args=[org.pk]) for name in ORG_PAGES + ["manage:round_create"]],
        [reverse(name, args=[scan_round.pk]) for name in ROUND_READ_PAGES],
        [reverse(name, args=[scan_round.pk]) for name in ROUND_MANAGE_PAGES],
    )


def test_anonymous_users_are_sent_to_login(client, world):
    org_urls, read_urls, manage_urls = urls_for(world, "a")
    for url in [reverse("manage:dashboard"), *org_urls, *read_urls, *manage_urls]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("username", ["contact_a", "consultant_a", "provider_a"])
def test_own_organization_yes_other_organization_no(login, world, username):
    client = login(world.users[username])
    org_urls, read_urls, manage_urls = urls_for(world, "a")
    for url in org_urls + read_urls + manage_urls:
        assert client.get(url).status_code == 200, url
    org_urls, read_urls, manage_urls = urls_for(world, "b")
    for url in org_urls + read_urls + manage_urls:
        assert client.get(url).status_code == 404, url  # not even its existence is revealed
    post = client.post(reverse("manage:round_status", args=[world.round_b.pk]), {"action": "close"})
    assert post.status_code == 404
    world.round_b.refresh_from_db()
    assert world.round_b.status == "open"
    dashboard = client.get(reverse("manage:dashboard")).content.decode()
    assert "Bakkerij A" in dashboard and "Garage B" not in dashboard


def test_programme_sees_everything_but_changes_nothing(login, world):
    client = login(world.users["programme"])
    for which in "ab":
        org_urls, read_urls, manage_urls = urls_for(world, which)
        assert client.get(org_urls[0]).status_code == 200
        for url in read_urls:
            assert client.get(url).status_code == 200, url
        for url in manage_urls + org_urls[1:]:
            assert client.get(url).status_code == 403, url
    response = client.post(reverse("manage:round_status", args=[world.round_a.pk]), {"action": "close"})
    assert response.status_code == 403


def test_admin_sees_and_manages_everything(login, world):
    client = login(world.users["admin"])
    for which in "ab":
        org_urls, read_urls, manage_urls = urls_for(world, which)
        for url in org_urls + read_urls + manage_urls:
            assert client.get(url).status_code == 200, url


def test_user_without_a_role_gets_nothing(login, world):
    client = login(world.users["no_role"])
    assert client.get(reverse("manage:dashboard")).status_code == 403
    assert client.get(reverse("manage:organization", args=[world.org_a.pk])).status_code == 403


def test_personal_data_free_progress_view(login, world):
    client = login(world.users["contact_a"])
    html = client.get(reverse("manage:round", args=[world.round_a.pk])).content.decode()
    assert "resume" not in html.lower() or "resume_code" not in html  # no per-person data at all
    assert 'data-testid="submitted"' in html


def test_round_open_close_reopen_keeps_answers(login, world):
    from leerscan.surveys.models import Response

    Response.objects.create(scan_round=world.round_a, instrument_version="1.0.0", status="submitted")
    client = login(world.users["consultant_a"])
    url = reverse("manage:round_status", args=[world.round_a.pk])
    for action, status in [("close", "closed"), ("reopen", "open"), ("close", "closed")]:
        client.post(url, {"action": action})
        world.round_a.refresh_from_db()
        assert world.round_a.status == status
    assert Response.objects.filter(scan_round=world.round_a).count() == 1


def test_create_organization_and_round_as_consultant(login, world):
    client = login(world.users["consultant_a"])
    response = client.post(
        reverse("manage:organization_create"),
        {"name": "Schrijnwerkerij C", "sector": "Hout", "size_class": 3, "language": "nl"},
    )
    assert response.status_code == 302
    from leerscan.organizations.models import Organization

    org = Organization.objects.get(name="Schrijnwerkerij C")
    assert org.lot == world.org_a.lot and world.users["consultant_a"] in org.consultants.all()
    bad = client.post(
        reverse("manage:round_create", args=[org.pk]),
        {"wave": 1, "variant": "long", "languages": ["nl"], "anonymity_threshold": 2},
    )
    assert bad.status_code == 200 and org.rounds.count() == 0
    assert "Vul een geheel getal in van 3 tot 1000." in bad.content.decode()
    ok = client.post(
        reverse("manage:round_create", args=[org.pk]),
        {
            "wave": 1,
            "variant": "short",
            "languages": ["nl", "fr"],
            "anonymity_threshold": 5,
            "expected_respondents": 12,
        },
    )
    assert ok.status_code == 302
    scan_round = org.rounds.get()
    assert scan_round.variant == "short" and scan_round.status == "draft"
    assert len(scan_round.public_token) >= 22  # at least 128 bits of randomness


def test_personal_links_and_paper_questionnaire_follow_the_roles(login, world):
    from leerscan.surveys.models import Invitation

    def links(client, scan_round):
        url = reverse("manage:round_invitations", args=[scan_round.pk])
        return client.post(url, {"count": 3})

    def paper(client, scan_round):
        return client.get(reverse("manage:round_paper", args=[scan_round.pk]) + "?format=html")

    client = login(world.users["consultant_a"])
    made = links(client, world.round_a)
    assert made.status_code == 200 and made.content.decode().count("/p/") == 3
    assert paper(client, world.round_a).status_code == 200
    assert links(client, world.round_b).status_code == 404
    assert paper(client, world.round_b).status_code == 404
    client = login(world.users["programme"])  # may read everything, create nothing
    assert links(client, world.round_a).status_code == 403
    assert paper(client, world.round_b).status_code == 200
    client = login(world.users["contact_b"])
    assert links(client, world.round_a).status_code == 404
    assert paper(client, world.round_a).status_code == 404
    assert Invitation.objects.filter(scan_round=world.round_a).count() == 3
    assert not Invitation.objects.filter(scan_round=world.round_b).exists()
    client.logout()
    anonymous = paper(client, world.round_a)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_consultant_of_the_same_lot_not_assigned_to_the_organization_sees_nothing(login, world):
    from leerscan.accounts.models import Role
    from leerscan.surveys.models import Invitation
    from tests.conftest import make_user

    same_lot = world.users["consultant_a"].profile.service_provider
    colleague = make_user("consultant_a2", Role.CONSULTANT, service_provider=same_lot)
    client = login(colleague)
    org_urls, read_urls, manage_urls = urls_for(world, "a")
    extra = [
        reverse("manage:round_paper", args=[world.round_a.pk]) + "?format=html",
        reverse("manage:round_invitations", args=[world.round_a.pk]),
    ]
    for url in org_urls + read_urls + manage_urls + extra:
        assert client.get(url).status_code == 404, url
    assert client.post(extra[1], {"count": 2}).status_code == 404
    post = client.post(reverse("manage:round_status", args=[world.round_a.pk]), {"action": "close"})
    assert post.status_code == 404
    world.round_a.refresh_from_db()
    assert world.round_a.status == "open" and not Invitation.objects.exists()
    assert "Bakkerij A" not in client.get(reverse("manage:dashboard")).content.decode()
