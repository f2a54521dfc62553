"""Matrices from Excel: every bad cell reported, nothing stored on any error; export and import
round trip."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leerscan.competences import services
from leerscan.competences.models import Competence, JobRole, Matrix, Requirement
from leerscan.competences.workbook_import import parse_levels_rows, read_matrix_file
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


def test_an_unknown_export_format_is_404(login, team, world):
    client = login(world.users["consultant_a"])
    for fmt in ("docx", "pdfx", "json"):
        url = reverse("competences:matrix_export", args=[world.org_a.pk, team.matrix.pk, fmt])
        assert client.get(url).status_code == 404, fmt


# Review fixes: limits, formulas, merged cells, both sheets at once, files that are no workbook ------


def _problems(content: bytes, name="matrix.xlsx"):
    with pytest.raises(AnswerFileError) as caught:
        read_matrix_file(_saved(content, suffix="." + name.rsplit(".", 1)[-1]), name)
    return caught.value.problems


def test_a_matrix_over_the_size_limit_is_refused_with_a_clear_message(login, world):
    from leerscan.competences.workbook import MAX_COMPETENCES, MAX_ROLES

    too_long = [["competence", "Picker"]] + [[f"Task {n}", 1] for n in range(MAX_COMPETENCES + 1)]
    problems = _problems(workbook(too_long))
    assert [p.params for p in problems] == [(("limit", MAX_COMPETENCES),)]
    assert "at most 500 competences" in problems[0].message
    too_wide = [
        ["competence"] + [f"Role {n}" for n in range(MAX_ROLES + 1)],
        ["Task"] + [1] * (MAX_ROLES + 1),
    ]
    assert "at most 50 roles" in _problems(workbook(too_wide))[0].message
    csv_rows = "competence;Picker\n" + "".join(f"Task {n};1\n" for n in range(MAX_COMPETENCES + 1))
    assert "at most 500 competences" in _problems(csv_rows.encode(), "matrix.csv")[0].message
    # the largest allowed matrix is fine
    widest = [["competence"] + [f"Role {n}" for n in range(MAX_ROLES)]] + [
        [f"Task {n}"] + [2] * MAX_ROLES for n in range(MAX_COMPETENCES)
    ]
    spec = read_matrix_file(_saved(workbook(widest)), "matrix.xlsx")
    assert len(spec.competences) == MAX_COMPETENCES and len(spec.roles) == MAX_ROLES
    client = login(world.users["contact_a"])
    response = post_import(client, world, workbook(too_long))
    assert response.status_code == 200 and "maximaal 500 competenties" in response.content.decode()
    assert not Matrix.objects.filter(name="Logistics").exists()


def test_problems_of_the_levels_sheet_and_the_matrix_sheet_are_reported_together():
    content = workbook(
        [["competence", "Role"], ["", 1], ["B", 7]],
        levels=[["niveau", "naam"], [1, "Leert"], [3, ""], [4, "Kan"]],
    )
    found = [(p.row, p.column) for p in _problems(content)]
    assert (2, "competence") in found and (3, "Role") in found  # the matrix sheet
    assert (3, "Niveaus: level") in found and (3, "Niveaus: name") in found  # the levels sheet, named
    assert (4, "Niveaus: level") in found


def test_formulas_without_a_saved_result_and_merged_cells_are_errors():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["competence", "Picker", "Driver"],
        ["Forklift", "=1+1", 2],
        ["Scanner", 1, 1],
        ["Route", 2, 2],
    ]:
        sheet.append(row)
    sheet.merge_cells("B3:C3")  # Scanner: the value of Driver would be read as empty
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl saves formulas without a result, like a file never opened in Excel
    problems = _problems(buffer.getvalue())
    assert [(p.row, p.column) for p in problems] == [(3, "Picker"), (2, "Picker")]
    assert "B3:C3" in problems[0].message and "merged" in problems[0].message
    assert "formula" in problems[1].message


def _with_saved_results(content: bytes, result: str) -> bytes:
    """The workbook as Excel saves it: each formula with its last result."""
    import zipfile

    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                value = f"<v>{result}</v>".encode()  # openpyxl writes <v /> or, with lxml, <v></v>
                data = data.replace(b"<v />", value).replace(b"<v></v>", value)
            out.writestr(item, data)
    return target.getvalue()


def test_a_formula_with_a_saved_result_is_read_as_its_value():
    content = _with_saved_results(workbook([["competence", "Picker"], ["Forklift", "=1+1"]]), "2")
    spec = read_matrix_file(_saved(content), "matrix.xlsx")
    assert spec.required == {("Picker", "Forklift"): 2}


@pytest.mark.parametrize(
    "content",
    [
        b"competence;Picker\nForklift;2\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        b"PK\x03\x04junk",
    ],
    ids=["csv text", "old xls", "broken zip"],
)
def test_a_file_that_is_not_a_workbook_but_named_xlsx_gets_a_clear_message(login, world, content):
    problems = _problems(content)
    assert len(problems) == 1 and "not an Excel workbook" in problems[0].message
    client = login(world.users["contact_a"])
    response = post_import(client, world, content)
    assert response.status_code == 200 and "geen Excel-werkmap" in response.content.decode()
    assert not Matrix.objects.filter(name="Logistics").exists()


def test_text_starting_with_equals_stays_text_in_the_export_and_comes_back(login, world):
    client = login(world.users["contact_a"])
    matrix = Matrix.objects.create(organization=world.org_a, name="Tricky")
    role = JobRole.objects.create(matrix=matrix, name="=Picker")
    competence = Competence.objects.create(
        matrix=matrix, name='=HYPERLINK("http://x","y")', description="=1+1"
    )
    Requirement.objects.create(role=role, competence=competence, level=2)
    response = client.get(reverse("competences:matrix_export", args=[world.org_a.pk, matrix.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [(c.value, c.data_type) for c in (sheet["A2"], sheet["B2"], sheet["F1"])] == [
        ('=HYPERLINK("http://x","y")', "s"),
        ("=1+1", "s"),
        ("=Picker", "s"),
    ]
    assert post_import(client, world, response.content, name="Tricky again").status_code == 302
    assert services.spec_of(Matrix.objects.get(name="Tricky again")) == services.spec_of(matrix)


def test_level_names_have_the_same_limit_in_the_form_and_in_an_import(login, team, world):
    from leerscan.competences.matrix import LEVEL_NAME_LENGTH

    ok, too_long = "N" * LEVEL_NAME_LENGTH, "N" * (LEVEL_NAME_LENGTH + 1)
    rows = [["competence", "Role"], ["A", 1]]
    spec = read_matrix_file(_saved(workbook(rows, levels=[["name"], [ok], ["Two"]])), "m.xlsx")
    assert spec.levels[0][0] == ok
    problems = _problems(workbook(rows, levels=[["name"], [too_long], ["Two"]]))
    assert [(p.row, p.column) for p in problems] == [(2, "Niveaus: name")]  # reported, not cut short
    client = login(world.users["contact_a"])
    url = reverse("competences:matrix_levels", args=[world.org_a.pk, team.matrix.pk])
    names = {"count": "4", "name_2": "Two", "name_3": "Three", "name_4": "Four"}
    assert client.post(url, {**names, "name_1": too_long}).status_code == 200
    assert client.post(url, {**names, "name_1": ok}).status_code == 302
    team.matrix.refresh_from_db()
    assert team.matrix.levels[0]["name"] == ok
