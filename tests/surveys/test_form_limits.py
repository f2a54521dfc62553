"""The organization and scan-round forms accept sensible numbers and say so in plain words."""

from django.urls import reverse

from leerscan.organizations.models import Organization
from leerscan.surveys.models import ScanRound


def round_data(**overrides):
    data = {"wave": 2, "variant": "long", "languages": ["nl"], "anonymity_threshold": 5}
    data.update(overrides)
    return data


def post_round(client, world, **overrides):
    url = reverse("manage:round_create", args=[world.org_a.pk])
    return client.post(url, round_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")


def test_a_minimum_group_size_above_the_expected_respondents_is_refused(login, world):
    client = login(world.users["consultant_a"])
    response = post_round(client, world, anonymity_threshold=1000, expected_respondents=30)
    html = response.content.decode()
    assert response.status_code == 200 and not ScanRound.objects.filter(wave=2).exists()
    assert "larger than the 30 respondents you expect, so the results could never be shown" in html
    assert post_round(client, world, anonymity_threshold=30, expected_respondents=30).status_code == 302


def test_huge_zero_negative_and_fractional_numbers_get_a_plain_range(login, world):
    client = login(world.users["consultant_a"])
    for value in ("99999999999999999999", "2", "-5", "4.5", "abc"):
        html = post_round(client, world, anonymity_threshold=value).content.decode()
        assert "Enter a whole number from 3 to 1000." in html, value
        assert "9223372036854775807" not in html
    for value in ("0", "-1", "100001", "99999999999999999999"):
        html = post_round(client, world, expected_respondents=value).content.decode()
        assert "Enter a whole number from 1 to 100000." in html, value
    assert not ScanRound.objects.filter(wave=2).exists()
    page = client.get(reverse("manage:round_edit", args=[world.round_a.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200


def test_an_organization_has_at_least_one_employee(login, world):
    client = login(world.users["consultant_a"])
    url = reverse("manage:organization_create")
    data = {"name": "Schrijnwerkerij C", "sector": "Hout", "language": "nl"}
    for value in ("0", "-3", "1000000", "9999999999999999999999"):
        html = client.post(url, {**data, "employees": value}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Enter a whole number from 1 to 100000." in html, value
        assert "9223372036854775807" not in html
    assert not Organization.objects.filter(name="Schrijnwerkerij C").exists()
    assert client.post(url, {**data, "employees": "34"}).status_code == 302
    assert Organization.objects.get(name="Schrijnwerkerij C").employees == 34


def test_reminder_days_are_set_per_round(login, world):
    client = login(world.users["consultant_a"])
    assert "3, 7" in client.get(reverse("manage:round_create", args=[world.org_a.pk])).content.decode()
    html = post_round(client, world, reminder_days="1, 2, 3, 4").content.decode()
    assert "At most three reminders, each 1 to 90 days after opening." in html
    assert post_round(client, world, reminder_days="5; 2").status_code == 302
    assert ScanRound.objects.get(wave=2).reminder_days == [2, 5]
