"""The participation cockpit: each role sees the open rounds in its scope and no other, counts and a
forecast with an interval, rounds at risk flagged, and one-click actions that check the role."""

import math
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leerscan.surveys import forecast
from leerscan.surveys.models import Invitation, Response, ScanRound


def test_forecast_by_hand():
    """Five earlier rounds with 60 % of their completions in by halfway; 12 of 40 in now, 3 of them
    in the last quarter: each curve says 12 / 0.6 = 20, the round's own pace 12 + 0.5 x 24 x 0.5 = 18;
    the median is 20 (50 %), the interval the 10th-90th percentile (19, 20) widened by 1.28 sqrt(8)."""
    curve = forecast.Curve((0.1, 0.2, 0.3, 0.6, 0.8), 0.5)
    result = forecast.forecast(12, 40, 0.5, 3, [curve] * 5)
    assert result.rate == pytest.approx(0.5)
    assert result.low == pytest.approx((20 - 1.28 * math.sqrt(8)) / 40)
    assert result.high == pytest.approx((20 + 1.28 * math.sqrt(8)) / 40)
    assert forecast.forecast(3, 0, 0.5, 1, [curve] * 5) is None  # nobody expected: no rate
    done = forecast.forecast(30, 40, 1.0, 0, [curve] * 5)
    assert (done.rate, done.low, done.high) == (0.75, 0.75, 0.75)  # at closing it is what it is


def submit(scan_round, count, days_ago):
    moment = timezone.now() - timedelta(days=days_ago)
    for _ in range(count):
        Response.objects.create(
            scan_round=scan_round, instrument_version="1.0.0", status="submitted", submitted_at=moment
        )


@pytest.fixture
def open_rounds(world):
    today = timezone.localdate()
    for scan_round, done in ((world.round_a, 2), (world.round_b, 9)):
        ScanRound.objects.filter(pk=scan_round.pk).update(
            opens_on=today - timedelta(days=14), closes_on=today + timedelta(days=6), expected_respondents=10
        )
        submit(scan_round, done, days_ago=10)
    return world


def rows_of(page):
    html = page.content.decode()
    return html, {int(pk) for pk in re.findall(r'data-testid="cockpit-row" data-round="(\d+)"', html)}


@pytest.mark.parametrize(
    "who, sees",
    [("consultant_a", {"a"}), ("provider_b", {"b"}), ("programme", {"a", "b"}), ("admin", {"a", "b"})],
)
def test_each_role_sees_its_scope(open_rounds, login, who, sees):
    world = open_rounds
    page = login(world.users[who]).get(reverse("manage:cockpit"))
    assert page.status_code == 200
    _html, shown = rows_of(page)
    assert shown == {{"a": world.round_a.pk, "b": world.round_b.pk}[x] for x in sees}


@pytest.mark.parametrize("who", ["contact_a", "no_role"])
def test_contacts_and_people_without_a_role_get_no_cockpit(open_rounds, login, who):
    assert login(open_rounds.users[who]).get(reverse("manage:cockpit")).status_code == 403


def test_forecast_and_rounds_at_risk(open_rounds, login):
    html, _shown = rows_of(login(open_rounds.users["programme"]).get(reverse("manage:cockpit")))
    assert html.count('class="at-risk"') == 1  # 2 of 10 at 70 % of the time; the other has 9 of 10
    assert '<polyline points="' in html and "<script" not in html.split("<main", 1)[1]
    assert 'data-testid="forecast">' in html and "–" in html
    assert re.search(r'data-testid="at-risk-count">1 ', html)


def test_move_the_closing_date(open_rounds, login):
    world = open_rounds
    later = timezone.localdate() + timedelta(days=20)
    url = reverse("manage:round_move_closing", args=[world.round_a.pk])
    assert login(world.users["consultant_b"]).post(url, {"closes_on": later.isoformat()}).status_code == 404
    assert login(world.users["programme"]).post(url, {"closes_on": later.isoformat()}).status_code == 403
    login(world.users["consultant_a"]).post(url, {"closes_on": "2001-01-01"})
    world.round_a.refresh_from_db()
    assert world.round_a.closes_on != later
    answer = login(world.users["consultant_a"]).post(url, {"closes_on": later.isoformat()})
    assert answer.status_code == 302 and answer["Location"] == reverse("manage:cockpit")
    world.round_a.refresh_from_db()
    assert world.round_a.closes_on == later


def test_remind_from_the_cockpit_comes_back_to_it(open_rounds, login, mailbox):
    world = open_rounds
    client = login(world.users["consultant_a"])
    client.post(reverse("manage:round_mail", args=[world.round_a.pk]), {"addresses": "anna@example.org"})
    assert Invitation.objects.filter(scan_round=world.round_a).count() == 1
    page = client.get(reverse("manage:cockpit")).content.decode()
    assert reverse("manage:round_remind", args=[world.round_a.pk]) in page
    back = client.post(
        reverse("manage:round_remind", args=[world.round_a.pk]), {"next": reverse("manage:cockpit")}
    )
    assert back["Location"] == reverse("manage:cockpit")
    evil = client.post(
        reverse("manage:round_remind", args=[world.round_a.pk]), {"next": "https://evil.example/"}
    )
    assert evil["Location"] == reverse("manage:round_mail", args=[world.round_a.pk])
