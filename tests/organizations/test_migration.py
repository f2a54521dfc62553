"""Moving the organization and the lot into the organizations app keeps every row: a database at the
schema before the move, filled with data, migrates forward and every row is found again through
the new models (and the move can be undone)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [
    ("accounts", "0004_one_coordinator_per_lot"),
    ("surveys", "0005_scanround_results_shown_at"),
    ("trajectories", "0001_initial"),
    ("maturity", "0001_initial"),
    ("competences", "0002_personal_wish_titles_closed_links"),
    ("organizations", None),
]


def migrate(targets):
    """Migrate the test database to ``targets``; the historical models at that point."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def fill_before_the_move(apps) -> dict:
    """Rows in every table that points to an organization or a lot, at the old schema."""
    User = apps.get_model("auth", "User")
    Lot = apps.get_model("accounts", "Lot")
    Organization = apps.get_model("surveys", "Organization")
    consultant = User.objects.create(username="consulent-voor")
    owner = User.objects.create(username="eigenaar-voor")
    lot = Lot.objects.create(number=2, name="Voeding, chemie", target_organizations=130)
    provider = apps.get_model("accounts", "ServiceProvider").objects.create(name="Fonds V", lot=lot)
    organization = Organization.objects.create(
        name="Bakkerij Voor",
        sector="Voeding",
        size_class=3,
        language="fr",
        lot=lot,
        enterprise_number="0123456749",
        municipality="Gent",
        employees=12,
        joint_committees=["118"],
        maturity_profiles=["basis"],
    )
    organization.consultants.add(consultant)
    apps.get_model("accounts", "Profile").objects.create(
        user=owner, role="organization", organization=organization
    )
    scan_round = apps.get_model("surveys", "ScanRound").objects.create(
        organization=organization, wave=1, instrument_version="1.0.0"
    )
    response = apps.get_model("surveys", "Response").objects.create(
        scan_round=scan_round, instrument_version="1.0.0", status="submitted"
    )
    apps.get_model("surveys", "Answer").objects.create(response=response, question_id="ll_1", number=4)
    apps.get_model("trajectories", "Trajectory").objects.create(
        organization=organization, service_provider=provider, needs="Een competentiematrix"
    )
    apps.get_model("maturity", "Assessment").objects.create(
        organization=organization, perspective="owner", instrument_version="1.1.0", answers={"employees": 12}
    )
    apps.get_model("competences", "Matrix").objects.create(organization=organization, name="Productie")
    return {"organization": organization.pk, "lot": lot.pk, "round": scan_round.pk, "response": response.pk}


@pytest.mark.django_db(transaction=True)
def test_moving_the_organization_keeps_every_row():
    keys = fill_before_the_move(migrate(BEFORE_THE_MOVE))
    try:
        apps = migrate(None)
    finally:
        migrate(None)  # leave the test database at today's schema, whatever happened

    Organization = apps.get_model("organizations", "Organization")
    organization = Organization.objects.get(pk=keys["organization"])
    assert (organization.name, organization.sector, organization.language) == (
        "Bakkerij Voor",
        "Voeding",
        "fr",
    )
    assert (organization.enterprise_number, organization.employees) == ("0123456749", 12)
    assert (organization.joint_committees, organization.maturity_profiles) == (["118"], ["basis"])
    assert organization.lot.pk == keys["lot"] and organization.lot.name == "Voeding, chemie"
    assert [user.username for user in organization.consultants.all()] == ["consulent-voor"]
    assert [profile.user.username for profile in organization.contacts.all()] == ["eigenaar-voor"]
    assert [provider.name for provider in organization.lot.service_providers.all()] == ["Fonds V"]
    scan_round = organization.rounds.get()
    assert scan_round.pk == keys["round"]
    assert list(scan_round.responses.get().answers.values_list("question_id", "number")) == [("ll_1", 4.0)]
    assert organization.trajectory.needs == "Een competentiematrix"
    assert organization.maturity_assessments.get().answers == {"employees": 12}
    assert [matrix.name for matrix in organization.competence_matrices.all()] == ["Productie"]

    tables = connection.introspection.table_names()
    assert {
        "organizations_organization",
        "organizations_lot",
        "organizations_organization_consultants",
    } <= set(tables)
    assert not {"surveys_organization", "accounts_lot"} & set(tables)


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_without_losing_rows():
    keys = fill_before_the_move(migrate(BEFORE_THE_MOVE))
    try:
        migrate(None)
        apps = migrate(BEFORE_THE_MOVE)
        organization = apps.get_model("surveys", "Organization").objects.get(pk=keys["organization"])
        assert organization.name == "Bakkerij Voor"
        assert organization.lot.number == 2
        assert organization.rounds.get().pk == keys["round"]
        assert "surveys_organization" in connection.introspection.table_names()
    finally:
        migrate(None)
