"""A trajectory from registration to completion: the eligibility gate, re-approval after a changed
fact, the status history, role scoping, the fiche PDF."""

import io

import pytest
from pypdf import PdfReader

from leerscan.trajectories.models import EligibilityReview, StatusChange, Trajectory
from tests.trajectories.conftest import approve, give_facts, page, status_of, step

pytestmark = pytest.mark.django_db


def test_registration_asks_for_the_missing_facts_first(world, login):
    client = login(world.users["consultant_a"])
    text = page(client, world.org_a).content.decode()
    assert "Fill in the enterprise number first." in text and "Fill in the number of employees first." in text
    client.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    assert not Trajectory.objects.exists()
    give_facts(world.org_a, employees=300)
    text = client.post(
        f"/manage/organizations/{world.org_a.pk}/trajectory/register/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not eligible: the programme is for organizations with fewer than 250 employees." in text
    assert not Trajectory.objects.exists()
    give_facts(world.org_a)
    client.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    client.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")  # a double click
    trajectory = Trajectory.objects.get()
    assert trajectory.status == "registered" and trajectory.service_provider.name == "Fonds 1"
    assert list(trajectory.history.values_list("to_status", flat=True)) == ["registered"]


def test_the_coaching_cannot_start_before_the_programme_approves(world, login):
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    text = page(consultant, world.org_a).content.decode()
    assert (
        "Waiting for the programme&#x27;s approval" in text or "Waiting for the programme's approval" in text
    )
    assert 'data-testid="move-intake"' not in text
    step(consultant, world.org_a, "intake")
    assert status_of(world.org_a) == "registered"
    # Only the programme decides on eligibility.
    assert (
        consultant.post(f"/manage/programme/approvals/{trajectory.pk}/", {"decision": "approve"}).status_code
        == 403
    )
    programme = login(world.users["programme"])
    queue = programme.get("/manage/programme/approvals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bakkerij A" in queue and "New registration" in queue
    approve(programme, trajectory, note="KBO checked")
    review = EligibilityReview.objects.get()
    assert review.approved and review.decided_by == world.users["programme"]
    assert review.facts == {
        "enterprise_number": "0417497106",
        "employees": 23,
        "joint_committees": ["124"],
        "local_government_care": "",
        "lot": 1,
    }
    assert status_of(world.org_a) == "approved"
    # The programme may read the trajectory, not record it.
    assert step(programme, world.org_a, "intake").status_code == 403
    consultant = login(world.users["consultant_a"])
    step(consultant, world.org_a, "intake")
    assert status_of(world.org_a) == "intake"


def test_a_changed_fact_after_approval_asks_for_a_new_approval(world, login):
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    approve(login(world.users["programme"]), trajectory)
    consultant = login(world.users["consultant_a"])
    form = {
        "name": "Bakkerij A",
        "language": "nl",
        "enterprise_number": "0417.497.106",
        "joint_committees": "124",
        "employees": "61",
    }
    assert consultant.post(f"/manage/organizations/{world.org_a.pk}/edit/", form).status_code == 302
    text = page(consultant, world.org_a).content.decode()
    assert "The facts changed after the decision, so the programme must approve again" in text
    assert "employees: 23 → 61" in text
    step(consultant, world.org_a, "intake")
    assert status_of(world.org_a) == "approved"  # blocked until re-approved
    programme = login(world.users["programme"])
    queue = programme.get("/manage/programme/approvals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Facts changed" in queue and "employees 23 → 61" in queue
    approve(programme, trajectory)
    assert EligibilityReview.objects.count() == 2
    step(login(world.users["consultant_a"]), world.org_a, "intake")
    assert status_of(world.org_a) == "intake"


def test_from_intake_to_completion_with_the_history(world, login):
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    approve(login(world.users["programme"]), trajectory)
    consultant = login(world.users["consultant_a"])
    base = f"/manage/organizations/{world.org_a.pk}/trajectory/"
    step(consultant, world.org_a, "intake")
    text = step(consultant, world.org_a, "plan_agreed").content.decode()
    for message in (
        "Describe the needs first.",
        "Add at least one action to the plan of approach.",
        "Record the signed de minimis declaration first.",
    ):
        assert message in text
    assert status_of(world.org_a) == "intake"
    consultant.post(
        f"{base}needs/", {"needs": "Function profiles for the bakery", "themes": ["job_profiles"]}
    )
    bad = consultant.post(
        f"{base}actions/new/",
        {"title": "Workshop", "starts_on": "2026-03-01", "ends_on": "2026-02-01", "planned_hours": "-1"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "The end date must be after the start date." in bad
    consultant.post(
        f"{base}actions/new/",
        {
            "title": "Workshop job profiles",
            "starts_on": "2026-03-01",
            "planned_hours": "6",
            "cost_estimate": "570",
        },
    )
    consultant.post(
        f"{base}de-minimis/", {"de_minimis_signed_on": "2026-02-20", "de_minimis_signed_by": "An Peeters"}
    )
    step(consultant, world.org_a, "plan_agreed")
    step(consultant, world.org_a, "running")
    consultant.post(f"{base}time/new/", {"worked_on": "2026-03-01", "hours": "3.5", "activity": "Workshop 1"})
    text = step(consultant, world.org_a, "completed").content.decode()
    assert "Write the action plan first" in text
    consultant.post(
        f"{base}action-plan/",
        {
            "practices_anchored": "Function profiles in use",
            "how_to_continue": "Yearly talks",
            "transfer_signed_on": "",
        },
    )
    step(consultant, world.org_a, "completed")
    step(consultant, world.org_a, "completed")  # a second click changes nothing
    history = list(
        StatusChange.objects.filter(trajectory=trajectory).values_list("to_status", "changed_by__username")
    )
    assert history == [
        ("registered", "consultant_a"),
        ("approved", "programme"),
        ("intake", "consultant_a"),
        ("plan_agreed", "consultant_a"),
        ("running", "consultant_a"),
        ("completed", "consultant_a"),
    ]
    trajectory.refresh_from_db()
    assert float(trajectory.planned_hours) == 6 and float(trajectory.spent_hours) == 3.5
    fiche = consultant.get(f"{base}fiche/")
    assert fiche["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(fiche.content)).pages)
    for fact in (
        "Bakkerij A",
        "0417.497.106",
        "124",
        "Workshop job profiles",
        "Function profiles in use",
        "An Peeters",
    ):
        assert fact in text, fact
    assert len(PdfReader(io.BytesIO(fiche.content)).pages) == 1


def test_stop_with_a_reason_and_resume(world, login):
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    approve(login(world.users["programme"]), Trajectory.objects.get())
    consultant = login(world.users["consultant_a"])
    step(consultant, world.org_a, "intake")
    text = step(consultant, world.org_a, "stopped").content.decode()
    assert "Write down why." in text and status_of(world.org_a) == "intake"
    step(consultant, world.org_a, "stopped", note="The owner has no time this year.")
    assert status_of(world.org_a) == "stopped"
    assert StatusChange.objects.filter(to_status="stopped").get().note == "The owner has no time this year."
    step(consultant, world.org_a, "intake")
    assert status_of(world.org_a) == "intake"


@pytest.mark.parametrize(
    ("user", "read", "record"),
    [
        ("admin", 200, True),
        ("programme", 200, False),
        ("provider_a", 200, True),
        ("provider_b", 404, False),
        ("consultant_a", 200, True),
        ("consultant_b", 404, False),
        ("contact_a", 200, False),
        ("contact_b", 404, False),
        ("no_role", 403, False),
    ],
)
def test_who_sees_and_records_a_trajectory(world, login, user, read, record):
    give_facts(world.org_a)
    Trajectory.objects.create(organization=world.org_a)
    client = login(world.users[user])
    base = f"/manage/organizations/{world.org_a.pk}/trajectory/"
    assert client.get(base).status_code == read
    assert client.get(f"{base}fiche/?format=html").status_code == read
    response = client.post(f"{base}needs/", {"needs": "changed by " + user})
    assert (response.status_code == 302) is record
    assert (Trajectory.objects.get().needs == "changed by " + user) is record
    if not record:
        assert response.status_code in (403, 404)


def test_anonymous_users_are_sent_to_the_login(client, world):
    Trajectory.objects.create(organization=world.org_a)
    for url in (
        f"/manage/organizations/{world.org_a.pk}/trajectory/",
        "/manage/programme/",
        "/manage/programme/approvals/",
        "/manage/register/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_provider_assigns_only_consultants_of_its_lot(world, login):
    give_facts(world.org_a)
    Trajectory.objects.create(organization=world.org_a)
    provider = login(world.users["provider_a"])
    url = f"/manage/organizations/{world.org_a.pk}/trajectory/consultants/"
    provider.post(url, {"consultant": world.users["consultant_b"].pk, "action": "add"})
    assert world.users["consultant_b"] not in world.org_a.consultants.all()
    provider.post(url, {"consultant": world.users["consultant_a"].pk, "action": "remove"})
    assert world.users["consultant_a"] not in world.org_a.consultants.all()
    # the consultant no longer sees the organization
    assert (
        login(world.users["consultant_a"])
        .get(f"/manage/organizations/{world.org_a.pk}/trajectory/")
        .status_code
        == 404
    )
    login(world.users["provider_a"]).post(
        url, {"consultant": world.users["consultant_a"].pk, "action": "add"}
    )
    assert world.users["consultant_a"] in world.org_a.consultants.all()
    # consultants cannot assign
    assert (
        login(world.users["consultant_a"])
        .post(url, {"consultant": world.users["consultant_a"].pk})
        .status_code
        == 403
    )


def test_trajectory_pages_speak_the_users_language(world, login):
    give_facts(world.org_a)
    Trajectory.objects.create(organization=world.org_a)
    client = login(world.users["consultant_a"])
    expected = {"nl": "Ondernemingsnummer", "fr": "Numéro d'entreprise", "de": "Unternehmensnummer"}
    for language, word in expected.items():
        text = page(client, world.org_a, language).content.decode()
        assert word in text, language


def test_the_training_plan_progress_feeds_the_action_plan(world, login):
    from leerscan.competences.demo import create_demo
    from leerscan.competences.services import training_plan_progress

    give_facts(world.org_a)
    Trajectory.objects.create(organization=world.org_a, status="running")
    client = login(world.users["consultant_a"])
    assert 'data-testid="plan-progress"' not in page(client, world.org_a).content.decode()
    create_demo(world.org_a)
    progress = training_plan_progress(world.org_a)
    assert progress.total > 0
    text = page(client, world.org_a).content.decode()
    assert 'data-testid="plan-progress"' in text
    assert f'<dd data-testid="plan-total">{progress.total}</dd>' in text
    fiche = client.get(
        f"/manage/organizations/{world.org_a.pk}/trajectory/fiche/?format=html", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Training plan: {progress.total} actions, {progress.done} done" in fiche


def test_a_new_lot_moves_the_trajectory_to_that_lots_people(world, login):
    give_facts(world.org_a)
    login(world.users["consultant_a"]).post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    form = {"name": "Bakkerij A", "language": "nl", "enterprise_number": "0417497106", "employees": "23"}
    contact = login(world.users["contact_a"])
    response = contact.post(
        f"/manage/organizations/{world.org_a.pk}/edit/",
        {**form, "joint_committees": "111"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Consultants of other lots no longer coach it: consultant_a." in response.content.decode()
    world.org_a.refresh_from_db()
    trajectory = Trajectory.objects.get()
    assert world.org_a.lot.number == 2 and trajectory.service_provider.name == "Fonds 2"
    assert list(world.org_a.consultants.all()) == []
    assert page(login(world.users["provider_b"]), world.org_a).status_code == 200
    assert page(login(world.users["consultant_a"]), world.org_a).status_code == 404


def test_a_committee_outside_lots_1_to_4_is_noted_on_the_page(world, login):
    give_facts(world.org_a, joint_committees=["302"])
    Trajectory.objects.create(organization=world.org_a)
    text = page(login(world.users["consultant_a"]), world.org_a).content.decode()
    assert "Joint committee 302 is not named in lots 1 to 4, so it counts for lot 5 (other sectors)." in text


def test_a_municipal_childcare_registers_without_joint_committees(world, login):
    give_facts(world.org_a, joint_committees=[], local_government_care="childcare")
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    text = page(consultant, world.org_a).content.decode()
    assert "local government: childcare" in text
    assert "Fill in the joint committees first" not in text
    approve(login(world.users["programme"]), trajectory)
    assert EligibilityReview.objects.get().facts["local_government_care"] == "childcare"
    assert status_of(world.org_a) == "approved"
    # Saying it is home care after all is a changed fact: the programme approves again.
    give_facts(world.org_a, joint_committees=[], local_government_care="home_care")
    text = page(login(world.users["consultant_a"]), world.org_a).content.decode()
    assert "local government care service: childcare → home care" in text


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_step_name_is_in_the_users_language(world, login, language):
    """No step is named in English on a French or German page ("intake" was)."""
    from django.utils import translation

    from leerscan.trajectories.models import Status

    with translation.override("en"):
        english = {status: str(status.label) for status in Status}
    with translation.override(language):
        untranslated = [str(status.label) for status in Status if str(status.label) == english[status]]
    assert untranslated == []
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    approve(login(world.users["programme"]), Trajectory.objects.get())
    consultant = login(world.users["consultant_a"])
    step(consultant, world.org_a, "intake")
    text = page(consultant, world.org_a, language).content.decode()
    with translation.override(language):
        assert str(Status.INTAKE.label) in text and "intake" not in text.lower()
