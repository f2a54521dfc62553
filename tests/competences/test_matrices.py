"""Building a matrix on the pages: a copy of another department, by hand, its own level scale, and
deleting a very large one."""

from django.urls import reverse

from leerscan.competences import services
from leerscan.competences.models import Competence, JobRole, Matrix, Requirement


def test_copy_from_another_department(login, team, world):
    client = login(world.users["contact_a"])
    url = reverse("competences:matrix_new", args=[world.org_a.pk])
    response = client.post(url, {"name": "Bakery 2", "start": "copy", "copy_from": team.matrix.pk})
    assert response.status_code == 302
    copy = Matrix.objects.get(name="Bakery 2")
    assert copy.copied_from == team.matrix and not copy.roles.filter(people__isnull=False).exists()
    assert services.spec_of(copy) == services.spec_of(team.matrix)
    # a matrix of another organization cannot be copied
    other = Matrix.objects.get(organization=world.org_b)
    response = client.post(url, {"name": "Stolen", "start": "copy", "copy_from": other.pk})
    assert response.status_code == 200 and not Matrix.objects.filter(name="Stolen").exists()
    # names are unique per organization
    response = client.post(url, {"name": "bakery", "start": "empty"})
    assert response.status_code == 200 and Matrix.objects.filter(organization=world.org_a).count() == 2


def test_build_a_matrix_by_hand(login, world):
    client = login(world.users["consultant_a"])
    pk = world.org_a.pk
    client.post(reverse("competences:matrix_new", args=[pk]), {"name": "Shop", "start": "empty"})
    matrix = Matrix.objects.get(name="Shop")
    client.post(reverse("competences:role_new", args=[pk, matrix.pk]), {"name": "Seller"})
    client.post(
        reverse("competences:competence_new", args=[pk, matrix.pk]),
        {"name": "Advise customers", "kind": "transversal", "horizon": "current", "critical": "on"},
    )
    role, competence = JobRole.objects.get(matrix=matrix), Competence.objects.get(matrix=matrix)
    duplicate = client.post(reverse("competences:role_new", args=[pk, matrix.pk]), {"name": "seller"})
    assert duplicate.status_code == 200 and JobRole.objects.filter(matrix=matrix).count() == 1
    field = f"r{role.pk}_c{competence.pk}"
    assert client.post(reverse("competences:matrix", args=[pk, matrix.pk]), {field: "3"}).status_code == 302
    assert Requirement.objects.get(role=role, competence=competence).level == 3
    assert client.post(reverse("competences:matrix", args=[pk, matrix.pk]), {field: "7"}).status_code == 200
    assert Requirement.objects.get(role=role, competence=competence).level == 3
    client.post(reverse("competences:matrix", args=[pk, matrix.pk]), {field: ""})
    assert not Requirement.objects.exists()


def test_own_level_scale_cannot_shrink_below_levels_in_use(login, assessed, world):
    client = login(world.users["contact_a"])
    url = reverse("competences:matrix_levels", args=[world.org_a.pk, assessed.matrix.pk])
    names = {f"name_{n}": f"Step {n}" for n in range(1, 7)}
    response = client.post(url, {"count": "3", **names})
    assert response.status_code == 200  # level 4 is in use
    assessed.matrix.refresh_from_db()
    assert assessed.matrix.levels == []
    response = client.post(url, {"count": "5", **names, "description_5": "Improves the work"})
    assert response.status_code == 302
    assessed.matrix.refresh_from_db()
    assert (
        len(assessed.matrix.levels) == 5 and assessed.matrix.levels[4]["description"] == "Improves the work"
    )
    page = client.get(reverse("competences:person_assess", args=[assessed.ahmed.token])).content.decode()
    assert "Improves the work" in page
    assert client.post(url, {"standard": "on", "count": "2"}).status_code == 302
    assessed.matrix.refresh_from_db()
    assert assessed.matrix.levels == []


def test_deleting_a_very_large_matrix_works_on_sqlite(login, world):
    """More competences than SQLite allows variables in one query (999 in many builds)."""
    from django.db import connection

    from leerscan.competences.models import Assessment, Employee, PlanAction

    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    matrix = Matrix.objects.create(organization=world.org_a, name="Huge")
    roles = JobRole.objects.bulk_create(JobRole(matrix=matrix, name=f"Role {n}") for n in range(50))
    competences = Competence.objects.bulk_create(
        Competence(matrix=matrix, name=f"Task {n}", position=n) for n in range(1200)
    )
    Requirement.objects.bulk_create(Requirement(role=roles[0], competence=c, level=2) for c in competences)
    person = Employee.objects.create(organization=world.org_a, name="Ann", role=roles[0])
    Assessment.objects.bulk_create(
        Assessment(employee=person, competence=c, source="agreed", level=1) for c in competences
    )
    PlanAction.objects.bulk_create(
        PlanAction(organization=world.org_a, title="Course", competence=c) for c in competences
    )
    client = login(world.users["contact_a"])
    response = client.post(reverse("competences:matrix_delete", args=[world.org_a.pk, matrix.pk]))
    assert response.status_code == 302
    assert not Matrix.objects.filter(pk=matrix.pk).exists() and not Competence.objects.exists()
    assert not Requirement.objects.exists() and not Assessment.objects.exists()
    person.refresh_from_db()
    assert person.role is None  # the person stays, without a role
    assert PlanAction.objects.filter(competence=None).count() == 1200
