"""Matrices from Excel: every bad cell reported, nothing stored on any error; export and import
round trip; copy from another department; the level scale."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerscan.competences import services
from leerscan.competences.models import Competence, JobRole, Matrix, Requirement
from leerscan.competences.workbook import parse_levels_rows, read_matrix_file
from leerscan.instrument.answers import AnswerFileError


def workbook(rows, levels=None, level_sheet="Niveaus") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if levels is not None:
        extra = book.create_sheet(level_sheet)
        for row in levels:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="matrix.xlsx"):
    return SimpleUploadedFile(name, content)


def post_import(client, world, content, name="Logistics", filename="matrix.xlsx"):
    url = reverse("competences:matrix_new", args=[world.org_a.pk])
    return client.post(url, {"name": name, "start": "import", "file": upload(content, filename)})


GOOD = [
    ["competentie", "omschrijving", "soort", "horizon", "kritisch", "Magazijnier", "Chauffeur"],
    ["Heftruck rijden", "Veilig laden en lossen", "vakspecifiek", "nu", "ja", 3, 1],
    ["Scanner gebruiken", "", "transversaal", "digitalisering", "nee", 2, 2],
    ["Zuinig rijden", "", "vakspecifiek", "vergroening", "", None, 3],
]


def test_a_dutch_workbook_is_imported(login, world):
    client = login(world.users["consultant_a"])
    response = post_import(client, world, workbook(GOOD))
    assert response.status_code == 302
    matrix = Matrix.objects.get(organization=world.org_a, name="Logistics")
    assert [r.name for r in matrix.roles.all()] == ["Magazijnier", "Chauffeur"]
    forklift = matrix.competences.get(name="Heftruck rijden")
    assert forklift.critical and forklift.kind == "job" and forklift.description == "Veilig laden en lossen"
    assert matrix.competences.get(name="Scanner gebruiken").horizon == "digital"
    assert matrix.competences.get(name="Zuinig rijden").horizon == "green"
    required = {
        (r.role.name, r.competence.name): r.level for r in Requirement.objects.filter(role__matrix=matrix)
    }
    assert required[("Magazijnier", "Heftruck rijden")] == 3
    assert ("Magazijnier", "Zuinig rijden") not in required
    assert matrix.levels == []  # the standard scale


def test_every_bad_cell_is_reported_and_nothing_is_stored(login, world):
    client = login(world.users["contact_a"])
    rows = [
        ["competence", "kind", "critical", "Picker", "Picker ", ""],
        ["Forklift", "strange", "maybe", 5, "x", None],
        ["", "job", "yes", 1, 1, None],
        ["Forklift", "job", "no", 2.5, 1, None],
    ]
    response = post_import(client, world, workbook(rows))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-problems"' in html
    assert "rij 1, kolom &#x27;Picker&#x27;: deze rol staat er twee keer" in html  # in the user's language
    assert not Matrix.objects.filter(name="Logistics").exists()
    # with the duplicate role fixed, every cell problem is listed at once
    rows[0][4] = "Driver"
    with pytest.raises(AnswerFileError) as caught:
        read_matrix_file(_saved(workbook(rows)), "matrix.xlsx")
    found = [(p.row, p.column) for p in caught.value.problems]
    assert (
        (2, "kind") in found
        and (2, "critical") in found
        and (2, "Picker") in found
        and (2, "Driver") in found
    )
    assert (3, "competence") in found  # no name
    assert (4, "competence") in found and (4, "Picker") in found  # twice, and 2.5 is not a level
    response = post_import(client, world, workbook(rows))
    problems = response.content.decode().count("<li>")
    assert problems >= len(found)
    assert "rij 2" in response.content.decode() or "row 2" in response.content.decode()
    assert not Matrix.objects.filter(name="Logistics").exists() and not Competence.objects.exists()


def _saved(content: bytes, suffix=".xlsx"):
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.write(content)
    handle.close()
    return handle.name


def test_missing_columns_are_reported():
    with pytest.raises(AnswerFileError) as caught:
        read_matrix_file(_saved(workbook([["description", "kind"], ["y", "job"]])), "m.xlsx")
    messages = [p.template for p in caught.value.problems]
    assert any("no column" in m for m in messages) and any("no role columns" in m for m in messages)


def test_levels_sheet_sets_a_scale_and_bad_levels_are_reported():
    content = workbook(
        GOOD,
        levels=[
            ["niveau", "naam", "omschrijving"],
            [1, "Leert", "met hulp"],
            [2, "Kan", "alleen"],
            [3, "Expert", "leert anderen"],
        ],
    )
    spec = read_matrix_file(_saved(content), "m.xlsx")
    assert spec.levels == [("Leert", "met hulp"), ("Kan", "alleen"), ("Expert", "leert anderen")]
    with pytest.raises(AnswerFileError) as caught:
        parse_levels_rows([("level", "name"), (1, "A"), (3, ""), (4, "C")])
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "level"), (3, "name"), (4, "level")]
    # a level above the scale of the file is an error
    with pytest.raises(AnswerFileError) as caught:
        read_matrix_file(
            _saved(
                workbook([["competence", "Role"], ["A", 4]], levels=[["name"], ["One"], ["Two"], ["Three"]])
            ),
            "m.xlsx",
        )
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Role")]


def test_csv_is_accepted_too(login, world):
    client = login(world.users["contact_a"])
    content = b"competence;kind;Baker\nKnead;job;2\n"
    response = post_import(client, world, content, filename="matrix.csv")
    assert response.status_code == 302
    assert Requirement.objects.get(role__name="Baker").level == 2


def test_export_to_excel_and_import_again_gives_the_same_matrix(login, assessed, world):
    assessed.matrix.levels = [
        {"name": "Beginner", "description": "needs help"},
        {"name": "Pro", "description": "alone"},
        {"name": "Teacher", "description": "teaches"},
        {"name": "Master", "description": "improves"},
    ]
    assessed.matrix.save()
    client = login(world.users["contact_a"])
    for language in ("nl", "fr", "de", "en"):
        response = client.get(
            reverse("competences:matrix_export", args=[world.org_a.pk, assessed.matrix.pk, "xlsx"]),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 200
        again = post_import(client, world, response.content, name=f"Copy {language}")
        assert again.status_code == 302, again.content.decode()[:2000]
        copy = Matrix.objects.get(name=f"Copy {language}")
        assert services.spec_of(copy) == services.spec_of(assessed.matrix)


def test_the_standard_scale_stays_standard_after_a_round_trip(login, team, world):
    client = login(world.users["contact_a"])
    response = client.get(
        reverse("competences:matrix_export", args=[world.org_a.pk, team.matrix.pk, "xlsx"]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Matrice", "Niveaux"]
    assert [c.value for c in book["Matrice"][1]][:2] == ["compétence", "description"]
    post_import(client, world, response.content, name="Again")
    assert Matrix.objects.get(name="Again").levels == []


def test_pdf_export_lists_the_matrix(login, team, world):
    from pypdf import PdfReader

    client = login(world.users["consultant_a"])
    response = client.get(reverse("competences:matrix_export", args=[world.org_a.pk, team.matrix.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Make dough" in text and "Shift lead" in text and "Bakery" in text


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
