"""The programme's eligibility reviews: a refusal needs a reason and takes a trajectory back, the lot
chosen at approval, changed facts, and the approvals queue."""

import pytest

from leerscan.trajectories.models import EligibilityReview, Trajectory
from tests.trajectories.conftest import approve, give_facts, page, status_of, step

pytestmark = pytest.mark.django_db


def test_refusing_needs_a_reason(world, login):
    give_facts(world.org_a)
    login(world.users["consultant_a"]).post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    programme = login(world.users["programme"])
    text = programme.post(
        f"/manage/programme/approvals/{trajectory.pk}/",
        {"decision": "refuse", "note": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Say why eligibility is refused." in text and not EligibilityReview.objects.exists()
    programme.post(
        f"/manage/programme/approvals/{trajectory.pk}/",
        {"decision": "refuse", "note": "Part of a group of 400"},
    )
    assert EligibilityReview.objects.get().approved is False and status_of(world.org_a) == "registered"


def test_an_organization_in_several_lots_gets_its_lot_at_approval(world, login):
    give_facts(world.org_a, joint_committees=["124", "118"], lot=None, lot_needs_decision=True)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    programme = login(world.users["programme"])
    text = programme.post(
        f"/manage/programme/approvals/{trajectory.pk}/", {"decision": "approve"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Choose the lot." in text and status_of(world.org_a) == "registered"
    approve(programme, trajectory, lot="2")
    world.org_a.refresh_from_db()
    assert world.org_a.lot.number == 2 and not world.org_a.lot_needs_decision
    trajectory.refresh_from_db()
    assert trajectory.service_provider.name == "Fonds 2" and trajectory.status == "approved"


def test_editing_other_facts_keeps_the_lot_the_programme_chose(world, login):
    give_facts(world.org_a, joint_committees=["124", "118"], lot_needs_decision=True)  # created by lot 1
    login(world.users["provider_a"]).post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    approve(login(world.users["programme"]), trajectory, lot="1")
    form = {
        "name": "Bakkerij A",
        "language": "nl",
        "enterprise_number": "0417497106",
        "joint_committees": "118, PC 124",
        "employees": "23",
        "municipality": "Mechelen",
    }
    assert (
        login(world.users["provider_a"])
        .post(f"/manage/organizations/{world.org_a.pk}/edit/", form)
        .status_code
        == 302
    )
    world.org_a.refresh_from_db()
    assert world.org_a.municipality == "Mechelen" and world.org_a.lot.number == 1
    assert "must approve again" not in page(login(world.users["provider_a"]), world.org_a).content.decode()


def test_a_refusal_before_the_start_takes_the_trajectory_back(world, login):
    give_facts(world.org_a)
    login(world.users["consultant_a"]).post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    programme = login(world.users["programme"])
    approve(programme, trajectory)
    programme.post(
        f"/manage/programme/approvals/{trajectory.pk}/", {"decision": "refuse", "note": "Part of a group"}
    )
    assert status_of(world.org_a) == "registered"
    assert list(trajectory.history.values_list("to_status", flat=True)) == [
        "registered",
        "approved",
        "registered",
    ]
    export = programme.get("/manage/programme/export/?table=lots&format=csv", HTTP_ACCEPT_LANGUAGE="en")
    lot1 = next(line for line in export.content.decode("utf-8-sig").splitlines() if line.startswith("Lot 1,"))
    assert lot1.split(",")[2:5] == ["1", "0", "0"]  # registered, not approved, not started


def test_the_lot_decision_is_cleared_also_when_the_lot_stays(world, login):
    give_facts(world.org_a, joint_committees=["124", "111"], lot_needs_decision=True)  # lot 1 and 2
    login(world.users["consultant_a"]).post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    trajectory = Trajectory.objects.get()
    approve(login(world.users["programme"]), trajectory, lot="1")
    world.org_a.refresh_from_db()
    assert world.org_a.lot.number == 1 and not world.org_a.lot_needs_decision


def test_the_approvals_queue_leaves_out_finished_trajectories(world, login):
    give_facts(world.org_a)
    give_facts(world.org_b, enterprise_number="0403227515", joint_committees=["111"])
    Trajectory.objects.create(organization=world.org_a, status="stopped")
    Trajectory.objects.create(organization=world.org_b)
    queue = login(world.users["programme"]).get("/manage/programme/approvals/").content.decode()
    waiting = queue.split('data-testid="waiting"')[1].split("</table>")[0]
    assert "Garage B" in waiting and "Bakkerij A" not in waiting


def test_an_approval_stored_before_the_care_service_existed_still_holds(world, login):
    give_facts(world.org_a)
    consultant = login(world.users["consultant_a"])
    consultant.post(f"/manage/organizations/{world.org_a.pk}/trajectory/register/")
    approve(login(world.users["programme"]), Trajectory.objects.get())
    review = EligibilityReview.objects.get()
    del review.facts["local_government_care"]  # as approvals were stored before
    review.save()
    text = page(login(world.users["consultant_a"]), world.org_a).content.decode()
    assert "programme must approve again" not in text
    step(login(world.users["consultant_a"]), world.org_a, "intake")
    assert status_of(world.org_a) == "intake"
