"""A round page offers only what can work in the round's state.

Closed: no links to invite people (nobody can answer); once its results are out also no reopening, no
paper entry and no import (no answer can be added), and the page says why. Paper forms typed into a
round that is not open are saved only after the user chose to.
"""

import pytest

from leerscan.surveys.models import Response, ScanRound
from tests.conftest import close_round
from tests.reports.test_report import add_responses


def round_page(client, scan_round):
    return client.get(f"/manage/rounds/{scan_round.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_closed_round_offers_no_invitations_and_can_be_reopened(world, login):
    client = login(world.users["consultant_a"])
    close_round(world.round_a)  # no answers yet: no figures were shown
    html = round_page(client, world.round_a)
    assert 'value="reopen"' in html
    assert "Reopen it to invite people." in html
    assert "round-link" not in html and "Poster with QR code" not in html and "personal links" not in html
    assert "Type in paper forms" in html  # late paper forms may still come in
    response = client.post(f"/manage/rounds/{world.round_a.pk}/invitations/", {"count": "5"})
    assert response.status_code == 302 and world.round_a.invitations.count() == 0


def test_a_round_whose_results_are_out_offers_no_reopening_entry_or_import(world, login):
    client = login(world.users["consultant_a"])
    add_responses(world.round_a, 6, seed=4)  # closes it
    html = round_page(client, world.round_a)  # shows the averages: the results are out
    assert 'value="reopen"' not in html
    assert "The results of this round are already out, so it takes no more answers" in html
    assert f'href="/manage/organizations/{world.org_a.pk}/rounds/new/"' in html
    for action in ("entry", "import"):
        assert f"/manage/rounds/{world.round_a.pk}/{action}/" not in html
        refused = client.get(f"/manage/rounds/{world.round_a.pk}/{action}/")
        assert refused.status_code == 302 and refused.url == f"/manage/rounds/{world.round_a.pk}/"


@pytest.mark.parametrize("status", [ScanRound.Status.DRAFT, ScanRound.Status.CLOSED])
def test_paper_forms_go_into_a_round_that_is_not_open_only_when_the_user_says_so(world, login, status):
    client = login(world.users["consultant_a"])
    ScanRound.objects.filter(pk=world.round_a.pk).update(status=status)
    url = f"/manage/rounds/{world.round_a.pk}/entry/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="entry-not-open"' in html and 'name="ll_1"' not in html
    said = "is closed" if status == ScanRound.Status.CLOSED else "has not opened yet"
    assert f"The round {said}. Paper forms you type in are added to its answers." in html
    client.post(url, {"ll_1": "4"})  # a form posted anyway is not saved
    assert Response.objects.filter(scan_round=world.round_a).count() == 0
    assert client.post(url, {"type_anyway": "1"}).status_code == 302
    assert 'name="ll_1"' in client.get(url).content.decode()
    client.post(url, {"ll_1": "4"})
    assert Response.objects.filter(scan_round=world.round_a, source=Response.Source.PAPER).count() == 1
