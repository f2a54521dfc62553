"""The register's facts: enterprise numbers, joint committees and lots, eligibility, ``leerscan org``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from leerscan.organizations.models import Organization, SizeClass
from leerscan.organizations.register import (
    LOCAL_GOVERNMENT_CARE,
    LOT_COMMITTEES,
    LOT_NAMES,
    LOT_TARGETS,
    RegisterError,
    eligibility,
    format_enterprise_number,
    lot_for,
    parse_enterprise_number,
    parse_joint_committee,
)

# Enterprise numbers of well-known Belgian companies as published in the KBO (Crossroads Bank for
# Enterprises): Proximus, Colruyt, KBC Group, AB InBev.
PUBLISHED = ["0202.239.951", "0400.378.485", "0403.227.515", "0417.497.106"]


@pytest.mark.parametrize("number", PUBLISHED)
def test_published_enterprise_numbers_are_valid(number):
    assert format_enterprise_number(parse_enterprise_number(number)) == number


@pytest.mark.parametrize(
    "written",
    ["0202239951", "0202 239 951", "BE0202.239.951", "be 0202 239 951", "202.239.951", " 0202-239-951 "],
)
def test_ways_of_writing_the_same_number(written):
    assert parse_enterprise_number(written) == "0202239951"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0202.239.952", "the last two digits do not match"),  # one digit off
        ("0202.293.951", "the last two digits do not match"),  # two digits swapped
        ("0202.239.95", "has 9 digits"),
        ("202.239.95", "has 8 digits"),
        ("2202.239.951", "starts with 0 or 1"),
        ("abc", "is not an enterprise number"),
        ("", "is not an enterprise number"),
    ],
)
def test_wrong_enterprise_numbers_get_a_clear_message(written, message):
    with pytest.raises(RegisterError, match=message):
        parse_enterprise_number(written)


@given(st.integers(0, 19_999_999))
def test_every_number_with_its_check_digits_is_valid_and_one_typo_is_caught(base):
    check = 97 - base % 97
    number = f"{base:08d}{check:02d}"
    assert parse_enterprise_number(number) == number
    wrong = f"{base:08d}{(check % 97) + 1:02d}" if check != 97 else f"{base:08d}01"
    with pytest.raises(RegisterError):
        parse_enterprise_number(wrong)


@pytest.mark.parametrize(("lot", "committee"), [(lot, c) for lot, cs in LOT_COMMITTEES.items() for c in cs])
def test_every_listed_committee_maps_to_its_lot(lot, committee):
    assert lot_for([committee]).lot == lot
    assert lot_for([f"PC {committee}"]).lot == lot


def test_322_and_322_01_are_different_lots():
    assert lot_for(["322"]).lot == 2
    assert lot_for(["322.01"]).lot == 4
    assert lot_for(["322,01"]).lot == 4


def test_unlisted_committees_go_to_lot_5_with_a_note():
    assignment = lot_for(["201", "302"])
    assert assignment.lot == 5 and assignment.unlisted == ("201", "302")
    assert lot_for(["149"]).lot == 5  # 149 itself is not listed, only 149.01, 149.02, 149.04


def test_committees_in_several_lots_need_a_decision():
    assignment = lot_for(["124", "322.01"])
    assert assignment.needs_decision and assignment.lots == (1, 4)
    assert lot_for(["124", "149.01"]).lot == 1  # two committees of the same lot


@pytest.mark.parametrize("bad", ["12", "PC", "124.001", "abc", ""])
def test_bad_committee_numbers(bad):
    with pytest.raises(RegisterError):
        parse_joint_committee(bad)


def test_targets_add_up_to_500():
    assert sum(LOT_TARGETS.values()) == 500


@pytest.mark.parametrize(
    ("employees", "status"),
    [(0, "focus"), (49, "focus"), (50, "eligible"), (249, "eligible"), (250, "too_large")],
)
def test_eligibility(employees, status):
    assert eligibility(employees) == status


def run(*args):
    out = StringIO()
    call_command("org", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_org_add_prints_lot_and_eligibility_and_org_list_shows_it():
    output = run(
        "add",
        "--name",
        "Bakkerij Janssens",
        "--enterprise-number",
        "BE 0202 239 951",
        "--joint-committee",
        "118",
        "--employees",
        "23",
    )
    assert "Lot: 2" in output and "Eligibility: eligible (fewer than 50 employees" in output
    organization = Organization.objects.get(name="Bakkerij Janssens")
    assert organization.enterprise_number == "0202239951" and organization.lot.number == 2
    assert organization.lot.target_organizations == 130
    assert organization.size_class == SizeClass.FROM_20 and organization.joint_committees == ["118"]
    listing = run("list")
    assert "0202.239.951" in listing and "Bakkerij Janssens" in listing


@pytest.mark.django_db
def test_org_add_refuses_bad_input_and_duplicates():
    with pytest.raises(CommandError, match="the last two digits do not match"):
        run(
            "add",
            "--name",
            "X",
            "--enterprise-number",
            "0202.239.952",
            "--joint-committee",
            "118",
            "--employees",
            "5",
        )
    with pytest.raises(CommandError, match="not a joint committee number"):
        run(
            "add",
            "--name",
            "X",
            "--enterprise-number",
            "0202.239.951",
            "--joint-committee",
            "1",
            "--employees",
            "5",
        )
    run(
        "add",
        "--name",
        "X",
        "--enterprise-number",
        "0202.239.951",
        "--joint-committee",
        "118",
        "--employees",
        "5",
    )
    with pytest.raises(CommandError, match="0202.239.951 is already registered"):
        run(
            "add",
            "--name",
            "Y",
            "--enterprise-number",
            "0202239951",
            "--joint-committee",
            "118",
            "--employees",
            "5",
        )
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_org_add_flags_organizations_spanning_lots():
    output = run(
        "add",
        "--name",
        "Zorg en Bouw",
        "--enterprise-number",
        "0400.378.485",
        "--joint-committee",
        "124",
        "--joint-committee",
        "PC 322.01",
        "--employees",
        "300",
    )
    assert "Lot: to be decided - the joint committees belong to lots 1, 4." in output
    assert "not eligible" in output
    organization = Organization.objects.get()
    assert organization.lot is None and organization.lot_needs_decision


@pytest.mark.django_db
def test_the_organization_form_checks_the_register_facts(world, login):
    client = login(world.users["contact_a"])
    world.users["contact_a"].profile.organization = None
    world.users["contact_a"].profile.save()
    data = {
        "name": "Garage Peeters",
        "language": "nl",
        "enterprise_number": "0202.239.952",
        "joint_committees": "112",
        "employees": "18",
    }
    page = client.post("/manage/organizations/new/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This enterprise number does not exist: the last two digits do not match." in page
    dutch = client.post("/manage/organizations/new/", data, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Dit ondernemingsnummer bestaat niet: de laatste twee cijfers kloppen niet." in dutch
    data["joint_committees"] = "112, 14"
    page = client.post("/manage/organizations/new/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Use joint committee numbers like 124, 149.01 or 322.01" in page
    assert not Organization.objects.filter(name="Garage Peeters").exists()
    data.update(enterprise_number="0417 497 106", joint_committees="PC 112")
    assert client.post("/manage/organizations/new/", data).status_code == 302
    organization = Organization.objects.get(name="Garage Peeters")
    assert organization.enterprise_number == "0417497106" and organization.lot.number == 1
    assert organization.joint_committees == ["112"] and organization.size_class == SizeClass.FROM_5


@pytest.mark.django_db
def test_a_consultant_cannot_register_an_organization_of_another_lot(world, login):
    client = login(world.users["consultant_a"])  # lot 1 ("Bouw")
    data = {"name": "Zorghuis", "language": "nl", "joint_committees": "330", "employees": "30"}
    page = client.post("/manage/organizations/new/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "These joint committees belong to lot 4, not to your lot 1." in page
    assert not Organization.objects.filter(name="Zorghuis").exists()


@pytest.mark.parametrize(
    ("written", "official"),
    [("303.1", "303.01"), ("PSC 303.01", "303.01"), ("SCP 149,1", "149.01"), ("cp 200", "200")],
)
def test_committee_numbers_are_stored_in_their_official_form(written, official):
    assert parse_joint_committee(written) == official


def test_the_specifications_303_1_is_lot_3():
    assert lot_for(["303.1"]).lot == 3 and lot_for(["303.01"]).lot == 3


def test_a_local_governments_care_service_is_lot_4_without_a_joint_committee():
    for service in LOCAL_GOVERNMENT_CARE:
        assignment = lot_for([], service)
        assert assignment.lot == 4 and assignment.unlisted == ()
    assert lot_for(["330"], "elderly_care").lot == 4  # staff under a committee of lot 4 as well
    mixed = lot_for(["124"], "childcare")
    assert mixed.needs_decision and mixed.lots == (1, 4)
    with pytest.raises(RegisterError, match="or the local government's care service") as error:
        lot_for([], "")
    assert error.value.code == "no_committee"
    with pytest.raises(RegisterError) as error:
        lot_for([], "schools")
    assert error.value.code == "care_service"


@pytest.mark.django_db
def test_org_add_registers_a_municipal_childcare_in_lot_4():
    output = run(
        "add",
        "--name",
        "Kinderopvang Gemeente Lint",
        "--enterprise-number",
        "0207.517.840",
        "--local-government-care",
        "childcare",
        "--employees",
        "35",
    )
    assert "Lot: 4 (Social profit" in output and "Trajectory: registered." in output
    organization = Organization.objects.get()
    assert organization.lot.number == 4 and organization.joint_committees == []
    assert organization.local_government_care == "childcare"
    assert "local government: childcare" in run("list")
    with pytest.raises(CommandError, match="Give at least one joint committee"):
        run("add", "--name", "X", "--enterprise-number", "0202.239.951", "--employees", "5")


@pytest.mark.django_db
def test_the_organization_form_takes_a_local_governments_care_service(world, login):
    consultant = login(world.users["consultant_a"])  # lot 1
    data = {"name": "OCMW Zorg", "language": "nl", "local_government_care": "home_care", "employees": "40"}
    page = consultant.post("/manage/organizations/new/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A local government&#x27;s care service belongs to lot 4, not to your lot 1." in page
    assert not Organization.objects.filter(name="OCMW Zorg").exists()
    contact = login(world.users["contact_a"])
    world.users["contact_a"].profile.organization = None
    world.users["contact_a"].profile.save()
    form = contact.get("/manage/organizations/new/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "thuiszorg" in form and "Alleen voor een gemeente of OCMW" in form
    assert contact.post("/manage/organizations/new/", data).status_code == 302
    organization = Organization.objects.get(name="OCMW Zorg")
    assert organization.lot.number == 4 and not organization.lot_needs_decision
    # Adding a joint committee of another lot leaves the lot to the programme.
    data.update(joint_committees="124", enterprise_number="0207.517.840")
    contact.post(f"/manage/organizations/{organization.pk}/edit/", data)
    organization.refresh_from_db()
    assert organization.lot_needs_decision and organization.joint_committees == ["124"]
    # Taking both facts away leaves the lot open again (it no longer follows from anything).
    data.update(joint_committees="", local_government_care="")
    contact.post(f"/manage/organizations/{organization.pk}/edit/", data)
    organization.refresh_from_db()
    assert organization.lot is None and not organization.lot_needs_decision


@pytest.mark.django_db
def test_lot_names_are_shown_in_the_users_language_unless_the_programme_renamed_the_lot(world, login):
    from django.utils import translation

    from leerscan.organizations.lots import lot_object

    lot = lot_object(4)
    with translation.override("nl"):
        assert str(lot) == "Perceel 4: " + LOT_NAMES[4]
    with translation.override("fr"):
        assert "accueil de la petite enfance" in str(lot)
    with translation.override("de"):
        assert "Kinderbetreuung" in str(lot)
    world.org_a.lot = lot
    world.org_a.save()
    page = login(world.users["consultant_a"]).get(
        f"/manage/organizations/{world.org_a.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Lot 4: Social profit, childcare, home care and elderly care" in page.content.decode()
    lot.name = "Zorg en welzijn"
    lot.save()
    with translation.override("fr"):
        assert str(lot).endswith(" 4\u00a0: Zorg en welzijn")  # French: a non-breaking space before ":"
