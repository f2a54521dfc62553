"""The response rate a user reads on the round page, the organization page and in the report: a whole
percentage written as the language writes it, 100 % only when everyone expected answered, and more
answers than expected said in words, never as a rate over 100 %."""

import pytest

from leerscan.surveys.results import response_rate
from tests.reports.test_report import add_responses

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "answered, expected, rate",
    [(7, 10, 70), (199, 200, 99), (200, 200, 100), (201, 200, 100), (1, 300, 1), (0, 30, 0), (5, 0, None)],
)
def test_rounding_never_says_everyone_or_nobody_answered_when_that_is_not_so(answered, expected, rate):
    assert response_rate(answered, expected) == rate


def test_the_round_and_organization_pages_write_the_rate_as_french_does(world, login):
    add_responses(world.round_a, 7, seed=2)  # 7 of the 10 expected
    client = login(world.users["consultant_a"])
    round_page = client.get(f"/manage/rounds/{world.round_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'data-testid="response-rate">70{NBSP}%<' in round_page
    organization_page = client.get(
        f"/manage/organizations/{world.org_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert f"70{NBSP}%" in organization_page
    english = client.get(f"/manage/rounds/{world.round_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="response-rate">70%<' in english
