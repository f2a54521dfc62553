"""A round from start to results: agreements before open reflection, answering twice, the circle, the map."""

import pytest

from leerscan.partnerships import services
from leerscan.partnerships.models import PartnershipResponse, TieReport
from tests.partnerships.conftest import answer_data, new_round


def answer(client, partnership, who, round, forms, **kwargs):
    client.force_login(partnership.users[who])
    return client.post(f"/manage/partnerships/{round.pk}/answer/", answer_data(partnership, forms, **kwargs))


@pytest.mark.django_db
def test_open_reflection_opens_only_after_every_active_partner_agreed(partnership, client):
    round = new_round(partnership, "open", opened=False)
    round.agreements.all().delete()
    client.force_login(partnership.users["coord_staff"])
    client.post(f"/manage/partnerships/{round.pk}/agree/")
    page = client.post(f"/manage/partnerships/{round.pk}/open/", follow=True)
    round.refresh_from_db()
    assert round.status == "draft"
    assert "Diverscity" in page.content.decode() and "Fonds 318" in page.content.decode()
    for who in ("p2_staff", "p3_staff"):
        client.force_login(partnership.users[who])
        client.post(f"/manage/partnerships/{round.pk}/agree/")
        client.post(f"/manage/partnerships/{round.pk}/agree/")  # a second click records nothing new
    assert round.agreements.count() == 3  # the inactive Fonds 320 is not asked
    client.force_login(partnership.users["coord_staff"])
    client.post(f"/manage/partnerships/{round.pk}/open/")
    round.refresh_from_db()
    assert round.status == "open" and round.opened_at is not None


@pytest.mark.django_db
def test_saving_the_same_answers_twice_keeps_one_response_and_one_report_per_partner(partnership, client):
    round = new_round(partnership)
    for _ in range(2):
        response = answer(client, partnership, "p2_consultant", round, {"coord": ["f1", "f2"], "p3": ["f3"]})
        assert response.status_code == 302
    [saved] = PartnershipResponse.objects.filter(round=round)
    assert saved.submitted_at is not None and saved.answers["sv3"] == 4 and saved.answers["e4"] == [1, 3]
    ties = {t.alter.name: t for t in TieReport.objects.filter(response=saved)}
    assert set(ties) == {"Vivo", "Fonds 318", "Fonds 320"}  # the roster is every other node
    assert ties["Vivo"].forms == ["f1", "f2"] and ties["Vivo"].f2_direction == "give"
    assert ties["Fonds 320"].forms == [] and ties["Fonds 320"].contribution is None


@pytest.mark.django_db
def test_a_wrong_answer_code_saves_nothing_and_says_so(partnership, client):
    round = new_round(partnership)
    client.force_login(partnership.users["p2_consultant"])
    data = answer_data(partnership, {"coord": ["f1"]})
    data["ps1"] = "9"
    data["e4"] = ["1", "2", "3", "4"]
    response = client.post(f"/manage/partnerships/{round.pk}/answer/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Choose one of the answers shown." in response.content.decode()
    assert "Choose at most 3." in response.content.decode()
    assert not PartnershipResponse.objects.exists()


@pytest.mark.django_db
def test_the_answer_page_shows_the_roster_in_the_respondent_s_language(partnership, client):
    round = new_round(partnership)
    client.force_login(partnership.users["coord_consultant"])
    page = client.get(f"/manage/partnerships/{round.pk}/answer/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Diverscity" in page and "Fonds 320" in page and 'data-testid="roster-Vivo"' not in page
    assert "Partager des informations" in page and "Pas du tout d&#x27;accord" in page
    assert "pèse trop lourd" in page  # cd4 is asked of the coordinator's people only
    client.force_login(partnership.users["p2_consultant"])
    assert (
        "pèse trop lourd"
        not in client.get(
            f"/manage/partnerships/{round.pk}/answer/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    )


@pytest.mark.django_db
def test_confidential_a_respondent_sees_only_their_own_circle(partnership, client):
    round = new_round(partnership)
    answer(client, partnership, "p2_consultant", round, {"coord": ["f2"]})
    answer(client, partnership, "p3_consultant", round, {"p2": ["f3"]})
    circle = client.get(f"/manage/partnerships/{round.pk}/circle/").content.decode()  # p3's
    assert 'data-partner="Diverscity" data-form="f3" data-contribution="3"' in circle
    assert 'data-partner="Vivo"' not in circle  # p2's tie to Vivo is not p3's to see
    assert client.get(f"/manage/partnerships/{round.pk}/map/").status_code == 403


@pytest.mark.django_db
def test_open_reflection_shows_the_lot_its_map_profile_and_gaps(partnership, client):
    round = new_round(partnership, "open")
    answer(client, partnership, "p2_consultant", round, {"coord": ["f1", "f2"], "p3": ["f1"]})
    answer(client, partnership, "p3_consultant", round, {"coord": ["f2"]}, likert=2)
    answer(client, partnership, "coord_consultant", round, {"p2": ["f1", "f2"]})
    client.force_login(partnership.users["p3_staff"])
    lot_map = client.get(f"/manage/partnerships/{round.pk}/map/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert lot_map.count("data-edge=") == 4
    assert 'data-role="coordinator"' in lot_map and 'data-role="inactive"' in lot_map
    assert "67%" in lot_map  # the coordinator gets 2 of the 3 help ties
    assert "Fonds 320" in lot_map.split('id="map-table"')[1]  # the table beside the drawing
    profile = client.get(
        f"/manage/partnerships/{round.pk}/profile/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    # layer 1 per person: (4 + (4 + 4 + 2) / 3 + 4) / 3 twice (sv3 reversed) and (2 + 8 / 3 + 2) / 3
    assert "Basic conditions" in profile and "3.26" in profile  # (34 + 20 + 34) / 27
    gaps = client.get(f"/manage/partnerships/{round.pk}/gaps/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Help given is not seen as received" in gaps
    assert "Samen leren werkt." not in profile + gaps + lot_map  # open answers are never shown with a name


@pytest.mark.django_db
def test_the_inactive_partner_and_a_subcontractor_s_consultant_do_not_answer(partnership, client):
    round = new_round(partnership)
    for who in ("inactive_consultant", "sub_consultant"):
        assert answer(client, partnership, who, round, {"coord": ["f1"]}).status_code in (403, 404)
    assert not PartnershipResponse.objects.exists()
    services.close_round(round)
    assert answer(client, partnership, "p2_consultant", round, {"coord": ["f1"]}).status_code == 404


@pytest.mark.django_db
def test_the_programme_sees_no_pooled_profile_of_a_single_lot(partnership, client):
    round = new_round(partnership)
    for who in ("p2_consultant", "p3_consultant", "coord_consultant", "p2_staff", "p3_staff", "coord_staff"):
        answer(client, partnership, who, round, {"coord": ["f1"]})
    client.force_login(partnership.users["programme"])
    page = client.get("/manage/partnerships/pooled/").content.decode()
    assert 'data-testid="not-enough"' in page and 'data-testid="profile"' not in page


@pytest.mark.django_db
def test_change_across_rounds_marks_new_ties_and_a_partner_that_became_inactive(partnership, client):
    first = new_round(partnership, "open")
    answer(client, partnership, "p2_consultant", first, {"coord": ["f1"]})
    answer(client, partnership, "p3_consultant", first, {"coord": ["f1"]})
    services.close_round(first)
    inactive = [partnership.providers["p3"], partnership.providers["inactive"]]
    second = services.create_round(partnership.lot, "open", inactive=inactive)
    for key, who in [("coord", "coord_staff"), ("p2", "p2_staff")]:
        services.record_agreement(second, partnership.users[who], partnership.providers[key])
    services.open_round(second)
    answer(client, partnership, "p2_consultant", second, {"coord": ["f1"], "p3": ["f2"]})
    answer(client, partnership, "coord_consultant", second, {"p2": ["f3"]})
    client.force_login(partnership.users["p2_staff"])
    page = client.get(f"/manage/partnerships/{second.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = page.split('data-testid="change"')[1].split("<tr>")[2:]
    assert len(rows) == 2
    # round 2: p2 -> p3 and Vivo -> p2 are new, p3 -> Vivo is gone; Fonds 318 became inactive
    assert '<td class="num">2</td><td class="num">1</td>' in rows[1]
    assert "Became inactive: Fonds 318" in rows[1]


@pytest.mark.django_db
def test_low_figures_show_the_seed_s_advice_cards(partnership, client):
    round = new_round(partnership, "open")
    for who in ("p2_consultant", "p3_consultant"):
        answer(client, partnership, who, round, {"coord": ["f2"]}, likert=2)
    client.force_login(partnership.users["coord_staff"])
    page = client.get(f"/manage/partnerships/{round.pk}/profile/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'data-testid="advice-foundation_first"' in page and "phase de démarrage" in page
    assert 'data-testid="advice-coordination"' in page  # every help tie points at the coordinator
    high = new_round(partnership, "open")
    answer(client, partnership, "p2_consultant", high, {"coord": ["f1"], "p3": ["f1"]}, likert=4)
    client.force_login(partnership.users["coord_staff"])
    assert (
        'data-testid="advice-' not in client.get(f"/manage/partnerships/{high.pk}/profile/").content.decode()
    )
