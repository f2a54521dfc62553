"""The access matrix: every partnership URL for every role, in a confidential and an open round."""

import pytest

from leerscan.partnerships.models import PartnershipResponse, PartnershipRound
from tests.partnerships.conftest import answer_data, new_round

PROGRAMME = {"admin", "programme"}
ACTIVE_STAFF = {"coord_staff", "p2_staff", "p3_staff"}
ACTIVE_PEOPLE = ACTIVE_STAFF | {"coord_consultant", "p2_consultant", "p3_consultant"}
LOT_PEOPLE = ACTIVE_PEOPLE | {"inactive_consultant"}
OUTSIDERS = {"sub_consultant", "other_lot_staff", "contact"}  # the round does not exist for them
EVERYONE = PROGRAMME | LOT_PEOPLE | OUTSIDERS | {"no_role"}


def expected(allowed: set[str], who: str, ok: int = 200) -> int:
    if who in allowed:
        return ok
    if who in OUTSIDERS:
        return 404
    return 403


def pages(round_pk):
    base = f"/manage/partnerships/{round_pk}/"
    return {
        "round": base,
        "answer": f"{base}answer/",
        "circle": f"{base}circle/",
        "map": f"{base}map/",
        "profile": f"{base}profile/",
        "gaps": f"{base}gaps/",
        "change": f"{base}change/",
    }


def who_sees(page: str, mode: str) -> set[str]:
    if page == "round":
        return PROGRAMME | LOT_PEOPLE
    if page in ("answer", "circle"):
        return ACTIVE_PEOPLE
    return PROGRAMME | LOT_PEOPLE if mode == "open" else set()  # confidential: nobody sees tie-level data


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["confidential", "open"])
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_every_round_page_for_every_role(partnership, client, mode, who):
    round = new_round(partnership, mode)
    client.force_login(partnership.users[who])
    for page, url in pages(round.pk).items():
        response = client.get(url)
        assert response.status_code == expected(who_sees(page, mode), who), (page, who)
        assert b"Traceback" not in response.content
    report = client.post(f"/manage/partnerships/{round.pk}/feedback.pdf")
    assert report.status_code == expected(who_sees("map", mode), who, ok=302), who
    exported = client.post(f"/manage/partnerships/{round.pk}/export/")
    assert exported.status_code == (302 if who in PROGRAMME and mode == "open" else 403), who


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_list_pooled_and_state_changes_for_every_role(partnership, client, who):
    draft = new_round(partnership, "open", opened=False)
    client.force_login(partnership.users[who])
    lists = PROGRAMME | LOT_PEOPLE | {"other_lot_staff"}
    assert client.get("/manage/partnerships/").status_code == (200 if who in lists else 403), who
    assert client.get("/manage/partnerships/pooled/").status_code == (200 if who in PROGRAMME else 403), who
    agree = client.post(f"/manage/partnerships/{draft.pk}/agree/")
    assert agree.status_code == expected(ACTIVE_STAFF, who, ok=302), who
    opened = client.post(f"/manage/partnerships/{draft.pk}/open/")
    assert opened.status_code == expected(PROGRAMME | {"coord_staff"}, who, ok=302), who
    created = client.post("/manage/partnerships/new/", {"lot": partnership.lot.pk, "mode": "confidential"})
    assert created.status_code == (302 if who in PROGRAMME | {"coord_staff"} else 403), who
    assert PartnershipRound.objects.count() == (2 if who in PROGRAMME | {"coord_staff"} else 1)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(partnership, client):
    round = new_round(partnership, "open")
    for url in [*pages(round.pk).values(), "/manage/partnerships/", "/manage/partnerships/pooled/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert (
        client.post(f"/manage/partnerships/{round.pk}/answer/", answer_data(partnership, {})).status_code
        == 302
    )
    assert not PartnershipResponse.objects.exists()
