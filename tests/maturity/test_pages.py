"""Maturity pages: who may fill in and decide, saving, owner and consultant side by side, the report."""

import pytest

from leerscan.instrument.loader import get_instrument
from leerscan.maturity.models import Assessment, ProfileDecision
from leerscan.maturity.services import save_assessment
from leerscan.reports.build import build_report

pytestmark = pytest.mark.django_db

INSTRUMENT = get_instrument("maturity")
STANDARD = [q for s in INSTRUMENT.sections for q in s.questions_for("standard")]


def post_data(level=1, action="submit", **overrides):
    """Every standard question answered: statements ``level``, 25 employees, no training plan."""
    data = {"action": action, "variant": "standard"}
    for question in STANDARD:
        if question.type == "likert":
            data[question.id] = str(level)
    data.update({"employees": "25", "training_plan": "3"})
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def basis_answers(level):
    return {item: level for item in INSTRUMENT.scale("basis").items}


def url(world, view="", perspective=None):
    base = f"/manage/organizations/{world.org_a.pk}/maturity/"
    return base + (f"fill/{perspective}/" if perspective else view)


def test_owner_fills_in_and_sees_the_profile(world, login):
    client = login(world.users["contact_a"])
    page = client.get(url(world, perspective="owner"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Maturity scan" in page.content.decode()
    response = client.post(url(world, perspective="owner"), post_data(1, **basis_answers(4)))
    assert response.status_code == 302
    assessment = Assessment.objects.get(organization=world.org_a, perspective="owner")
    assert assessment.submitted_at is not None and assessment.answers["employees"] == 25
    world.org_a.refresh_from_db()
    assert world.org_a.maturity_profiles == ["basis"] and world.org_a.maturity_profiles_source == "owner"
    html = client.get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "With 20 or more employees, a training plan is required by law." in html
    # sending twice (a double click) keeps one scan with the same answers
    client.post(url(world, perspective="owner"), post_data(1, **basis_answers(4)))
    assert Assessment.objects.filter(organization=world.org_a).count() == 1


def test_a_missing_answer_is_shown_and_nothing_is_submitted(world, login):
    client = login(world.users["contact_a"])
    data = post_data(2)
    del data[INSTRUMENT.scale("growth").items[0]]
    response = client.post(url(world, perspective="owner"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Please answer this question." in response.content.decode()
    assert not Assessment.objects.filter(submitted_at__isnull=False).exists()


def test_save_for_later_keeps_partial_answers(world, login):
    client = login(world.users["contact_a"])
    client.post(url(world, perspective="owner"), {"action": "save", "variant": "standard", "basis_what": "3"})
    assessment = Assessment.objects.get()
    assert assessment.answers == {"basis_what": 3} and assessment.submitted_at is None
    page = client.get(url(world, perspective="owner")).content.decode()
    assert 'name="basis_what" value="3" id="id_basis_what_2" checked' in page


def test_roles_for_filling_in_and_deciding(world, login, client):
    owner_url, consultant_url = url(world, perspective="owner"), url(world, perspective="consultant")
    assert login(world.users["contact_a"]).get(consultant_url).status_code == 403
    assert login(world.users["consultant_a"]).get(consultant_url).status_code == 200
    assert login(world.users["consultant_a"]).get(owner_url).status_code == 200  # e.g. during a visit
    for name in ("consultant_b", "contact_b", "provider_b"):
        assert login(world.users[name]).get(owner_url).status_code == 404
        assert login(world.users[name]).get(url(world)).status_code == 404
    assert login(world.users["programme"]).get(url(world)).status_code == 200  # may look
    assert login(world.users["programme"]).get(owner_url).status_code == 403  # not change
    decision = url(world, "decision/")
    assert (
        login(world.users["contact_a"]).post(decision, {"profiles": ["basis"], "reason": "x"}).status_code
        == 403
    )
    assert (
        login(world.users["consultant_b"]).post(decision, {"profiles": ["basis"], "reason": "x"}).status_code
        == 404
    )
    assert not ProfileDecision.objects.exists()


def test_owner_and_consultant_side_by_side_and_the_final_decision(world, login):
    save_assessment(
        world.org_a, "owner", {**dict.fromkeys(post_data(1), None), **basis_answers(4)}, None, True
    )
    consultant = world.users["consultant_a"]
    answers = {q.id: 1 for q in STANDARD if q.type == "likert"}
    answers.update({item: 4 for item in INSTRUMENT.scale("growth").items})
    save_assessment(world.org_a, "consultant", answers, consultant, True)
    client = login(consultant)
    html = client.get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Owner and consultant side by side" in html
    assert "You see the profile differently." in html
    client.post(url(world, "decision/"), {"profiles": ["growth", "basis"], "reason": "Talks every week."})
    decision = ProfileDecision.objects.get()
    assert decision.profiles == ["basis", "growth"] and decision.decided_by == consultant
    world.org_a.refresh_from_db()
    assert world.org_a.maturity_profiles == ["basis", "growth"]
    assert world.org_a.maturity_profiles_source == "decision"
    html = client.get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Talks every week." in html


def test_the_report_has_a_maturity_section(world, login):
    items = {**basis_answers(4), "employees": 30, "training_plan": 3}
    save_assessment(world.org_a, "owner", items, None, True)
    report = build_report(world.round_a, "en")  # no employee answers yet: only the count, and maturity
    assert not report.shown and report.maturity is not None
    assert [p["key"] for p in report.maturity.profiles] == ["basis"]
    assert report.maturity.next_profile["key"] == "employee_journey"
    assert report.maturity.legal_notice
    html = (
        login(world.users["contact_a"])
        .get(f"/manage/rounds/{world.round_a.pk}/report/", {"language": "en"})
        .content.decode()
    )
    assert "How your organization organizes learning" in html
    assert report.maturity.next_profile["label"] in html
    assert report.maturity.legal_notice in html
