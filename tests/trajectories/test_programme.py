"""The programme view on a generated programme of a few hundred organizations: reach per lot against
the targets, small organizations, hours, profiles, communication, exports; and who may see it."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from leerscan.accounts.models import ServiceProvider
from leerscan.organizations.register import LOT_TARGETS
from leerscan.trajectories.models import CommunicationAction, SuccessStory, Trajectory
from leerscan.trajectories.services import load_synthetic_programme
from leerscan.trajectories.synthetic import generate_programme
from leerscan.trajectories.workflow import ORDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    specs = generate_programme(300, seed=11)
    load_synthetic_programme(specs)
    return specs


def expected_row(specs, lot):
    mine = [s for s in specs if s.lot == lot]
    started = [s for s in mine if ORDER.index(s.furthest) >= ORDER.index("intake")]
    return {
        "registered": len(mine),
        "approved": sum(ORDER.index(s.furthest) >= ORDER.index("approved") for s in mine),
        "started": len(started),
        "completed": sum(s.status == "completed" for s in mine),
        "stopped": sum(s.status == "stopped" for s in mine),
        "small": sum(s.employees < 50 for s in started),
        "planned": sum(hours for s in mine for _t, hours, _c in s.actions),
        "spent": sum(s.spent_hours for s in mine),
    }


def excel_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_reach_per_lot_equals_a_count_of_the_generated_programme(programme, world, login):
    client = login(world.users["programme"])
    response = client.get("/manage/programme/export/?table=lots&format=xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = excel_rows(response.content)
    assert header[:5] == ["Lot", "Target", "Registered", "Approved", "Started"]
    by_label = {row[0]: row for row in rows}
    for lot, target in LOT_TARGETS.items():
        row = by_label[f"Lot {lot}"]
        want = expected_row(programme, lot)
        assert row[1] == target
        assert row[2:5] == [want["registered"], want["approved"], want["started"]]
        assert row[5] == round(100 * want["started"] / target, 1)
        assert row[6:8] == [want["completed"], want["stopped"]]
        assert row[8] == round(100 * want["small"] / want["started"], 1)
        assert row[9] == pytest.approx(want["planned"]) and row[10] == pytest.approx(want["spent"])
    total = by_label["Total"]
    assert total[1] == 500 and total[2] == 300
    page = client.get("/manage/programme/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    started = sum(expected_row(programme, lot)["started"] for lot in LOT_TARGETS)
    assert f"{started} organizations started a trajectory; the target is 500." in page
    assert "data:image/svg+xml;base64," in page  # the reach chart


def test_the_organization_export_lists_every_trajectory(programme, world, login):
    client = login(world.users["programme"])
    response = client.get(
        "/manage/programme/export/?table=organizations&format=csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 300
    first = next(s for s in programme if s.name == rows[0]["Organization"])
    assert rows[0]["Enterprise number"].replace(".", "") == first.enterprise_number
    assert rows[0]["Lot"] == str(first.lot) and int(rows[0]["Employees"]) == first.employees


def test_a_service_provider_sees_only_its_own_lot(programme, world, login):
    client = login(world.users["provider_a"])  # lot 1
    header, *rows = excel_rows(client.get("/manage/programme/export/?table=lots&format=xlsx").content)
    assert [row[0] for row in rows] == ["Perceel 1", "Totaal"]
    assert rows[0][2] == expected_row(programme, 1)["registered"]
    # asking for another lot shows nothing of it
    _, *other = excel_rows(client.get("/manage/programme/export/?table=lots&format=xlsx&lot=2").content)
    assert other == [["Totaal", None, 0, 0, 0, None, 0, 0, None, 0, 0]]
    organizations = client.get("/manage/programme/export/?table=organizations&format=csv").content.decode(
        "utf-8-sig"
    )
    assert len(list(csv.reader(io.StringIO(organizations)))) - 1 == expected_row(programme, 1)["registered"]


@pytest.mark.parametrize("user", ["consultant_a", "contact_a", "no_role"])
def test_consultants_and_organizations_do_not_see_the_programme_view(world, login, user):
    client = login(world.users[user])
    for url in (
        "/manage/programme/",
        "/manage/programme/export/?table=lots&format=csv",
        "/manage/programme/approvals/",
    ):
        assert client.get(url).status_code in (403, 404), url


def test_communication_actions_and_their_reach(world, login):
    provider = login(world.users["provider_a"])
    bad = {
        "held_on": "2026-05-01",
        "title": "Info evening",
        "channel": "event",
        "reached": "10",
        "reached_small": "12",
    }
    text = provider.post("/manage/programme/communication/", bad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This cannot be more than the number of organizations reached." in text
    assert not CommunicationAction.objects.exists()
    provider.post("/manage/programme/communication/", {**bad, "reached_small": "7"})
    action = CommunicationAction.objects.get()
    assert action.service_provider.name == "Fonds 1" and action.created_by == world.users["provider_a"]
    programme = login(world.users["programme"])
    assert programme.post("/manage/programme/communication/", bad).status_code == 403
    page = programme.get("/manage/programme/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Communication actions and their reach" in page and "7 (70%)" in page
    export = programme.get(
        "/manage/programme/export/?table=communication&format=xlsx", HTTP_ACCEPT_LANGUAGE="en"
    )
    _, *rows = excel_rows(export.content)
    assert rows == [["2026-05-01", 1, "Fonds 1", "Info evening", "event or info session", None, 10, 7]]
    # the other lot's provider does not see it
    other = login(world.users["provider_b"]).get("/manage/programme/communication/").content.decode()
    assert "Info evening" not in other


def test_success_stories_are_collected_as_pdf(world, login):
    trajectory = Trajectory.objects.create(organization=world.org_a, status="completed")
    SuccessStory.objects.create(
        trajectory=trajectory, title="Talks that work", story="Every baker has a yearly talk."
    )
    client = login(world.users["programme"])
    response = client.get("/manage/programme/export/?table=stories&format=pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Talks that work" in text and "Bakkerij A" in text


def test_targets_follow_the_lot_when_it_has_its_own(world, login):
    lot1 = ServiceProvider.objects.get(name="Fonds 1").lot
    lot1.target_organizations = 140
    lot1.save()
    client = login(world.users["programme"])
    _, *rows = excel_rows(
        client.get("/manage/programme/export/?table=lots&format=xlsx", HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert rows[0][:2] == ["Lot 1", 140] and rows[-1][1] == 510


def test_subcontractors_and_their_billable_hours(world, login):
    from decimal import Decimal

    from leerscan.accounts.models import Subcontractor
    from leerscan.trajectories.models import TimeEntry

    fund = ServiceProvider.objects.get(name="Fonds 1")
    fund.is_coordinator = True
    fund.save()
    firm = Subcontractor(name="Coaching BV", enterprise_number="0403 227 515", service_provider=fund)
    firm.full_clean()  # checks and normalizes the enterprise number
    firm.save()
    profile = world.users["consultant_a"].profile
    profile.subcontractor = firm
    profile.save()
    trajectory = Trajectory.objects.create(organization=world.org_a)
    TimeEntry.objects.create(
        trajectory=trajectory,
        consultant=world.users["consultant_a"],
        worked_on="2026-04-01",
        hours=Decimal("2.5"),
        activity="Intake",
    )
    client = login(world.users["programme"])
    export = client.get("/manage/programme/export/?table=providers&format=xlsx", HTTP_ACCEPT_LANGUAGE="en")
    _, *rows = excel_rows(export.content)
    assert [1, "Fonds 1", "yes", "Coaching BV", "0403.227.515", 1, 2.5] in rows
    assert [2, "Fonds 2", "no", None, None, 1, 0] in rows
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("nl"):
        with pytest.raises(ValidationError) as error:
            typo = Subcontractor(name="Typo BV", enterprise_number="0403.227.516", service_provider=fund)
            typo.full_clean()
        assert "de laatste twee cijfers kloppen niet" in str(error.value.message_dict["enterprise_number"])


def test_exports_keep_typed_text_as_text_and_refuse_odd_lots(world, login):
    world.org_a.name = '=HYPERLINK("http://evil.example","Klik")'
    world.org_a.enterprise_number = "0417497106"
    world.org_a.save()
    trajectory = Trajectory.objects.create(organization=world.org_a, status="running")
    SuccessStory.objects.create(trajectory=trajectory, title="=1+2", story="-2+3")
    client = login(world.users["programme"])
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/manage/programme/export/?table=organizations&format=xlsx").content)
    )
    cell = workbook.active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    stories = client.get("/manage/programme/export/?table=stories&format=csv").content.decode("utf-8-sig")
    assert "'=1+2" in stories and "'-2+3" in stories
    assert client.get("/manage/programme/export/?table=lots&format=csv&lot=1%0d%0aX").status_code == 404
    assert client.get('/manage/programme/?lot=1"').status_code == 404


def test_a_lot_has_one_coordinator_at_most(world):
    from django.db import IntegrityError, transaction

    fund = ServiceProvider.objects.get(name="Fonds 1")
    fund.is_coordinator = True
    fund.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceProvider.objects.create(name="Fonds 1b", lot=fund.lot, is_coordinator=True)
    ServiceProvider.objects.create(name="Fonds 1c", lot=fund.lot)  # another provider of the lot is fine
