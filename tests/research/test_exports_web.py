"""Exports from the workspace, made by background jobs: pseudonymous by default, names only when
asked, never under the threshold, the same files as before they were jobs, and only for their owner."""

import io

import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest
from django.utils import translation

from leerscan.accounts.models import Role
from leerscan.analytics.exports import export_bytes, export_frame, organization_code
from leerscan.instrument.loader import get_instrument
from leerscan.jobs.models import Job, JobFile
from leerscan.jobs.services import error_text
from leerscan.research.data import Filters, load_frame, lot_labels
from leerscan.research.jobs import EXPORT
from tests.conftest import run_jobs
from tests.research.conftest import export_file

pytestmark = pytest.mark.django_db

FORBIDDEN = {"secret", "resume_code", "token", "public_token", "linking_code", "id", "organization_id"}


def _csv(response) -> pd.DataFrame:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return pd.read_csv(io.BytesIO(response.content))


def direct_export(filters: Filters, fmt: str, level: str, language="nl", with_names=False) -> bytes:
    """The file as the export page made it in the request, before exports became jobs."""
    instrument = get_instrument()
    frame = load_frame(filters, instrument, with_names=with_names)
    table = export_frame(frame, instrument, level, with_names=with_names)
    return export_bytes(table, fmt, instrument, language=language, lot_labels=lot_labels())


def test_the_export_page_offers_formats_levels_and_the_names_checkbox(evaluator):
    content = evaluator.get("/research/export/").content.decode()
    for text in ('value="csv"', 'value="sav"', 'value="parquet"', 'value="items"', 'value="scales"'):
        assert text in content
    assert 'name="with_names"' in content and 'type="checkbox"' in content
    assert 'method="post"' in content and 'name="job_token"' in content
    assert 'value="2" selected' in evaluator.get("/research/export/?lot=2").content.decode()  # from a link


def test_csv_export_is_pseudonymous(programme, evaluator, settings):
    response = export_file(evaluator, format="csv", level="items")
    assert response["Content-Disposition"] == 'attachment; filename="leerscan-items.csv"'
    table = _csv(response)
    assert len(table) == len(programme.answers)
    assert list(table.columns[:9]) == [
        "respondent", "organization", "lot", "sector", "size_class", "wave", "questionnaire", "language",
        "source",
    ]  # fmt: skip
    assert not FORBIDDEN & set(table.columns) and "organization_name" not in table.columns
    assert table["respondent"].tolist() == list(range(1, len(table) + 1))
    seen = set(programme.answers["org"])  # Bakkerij Gamma's only round has 4 answers: left out
    codes = {
        organization_code(o.pk, settings.SECRET_KEY) for n, o in programme.organizations.items() if n in seen
    }
    assert set(table["organization"]) == codes
    text = response.content.decode()
    for organization in programme.organizations.values():
        assert organization.name not in text
    for answered in programme.rounds[0].responses.all()[:20]:
        assert answered.secret not in text and answered.resume_code not in text
    cells = {str(value) for value in table.to_numpy().ravel()}
    for code in ("C1", "c2", "dup", "alone"):  # linking codes never leave the database
        assert code not in cells  # as a value (as a substring "C1" may be part of a pseudonym)
    assert programme.rounds[0].public_token not in text


def test_names_only_when_asked(programme, evaluator):
    table = _csv(export_file(evaluator, format="csv", level="scales", with_names="on"))
    assert table.columns[2] == "organization_name"
    assert set(table["organization_name"]) == set(programme.answers["org"])


@pytest.mark.parametrize("fmt", ["csv", "sav", "parquet"])
def test_the_job_makes_the_same_file_as_the_page_did(programme, evaluator, tmp_path, fmt):
    response = export_file(evaluator, format=fmt, level="items", lot="2", language="en")
    assert response.status_code == 200
    before = direct_export(Filters(lot=2), fmt, "items", language="en")
    if fmt == "sav":  # the file's header holds the time it was written: compare what SPSS reads
        (tmp_path / "job.sav").write_bytes(response.content)
        (tmp_path / "before.sav").write_bytes(before)
        data, meta = pyreadstat.read_sav(str(tmp_path / "job.sav"))
        expected, expected_meta = pyreadstat.read_sav(str(tmp_path / "before.sav"))
        pd.testing.assert_frame_equal(data, expected)
        assert meta.column_names_to_labels == expected_meta.column_names_to_labels
        assert meta.variable_value_labels == expected_meta.variable_value_labels
        assert len(response.content) == len(before)
    else:
        assert response.content == before


def test_filters_apply_to_exports_and_small_selections_are_refused(programme, evaluator):
    table = _csv(export_file(evaluator, format="csv", level="scales", lot="2", wave="1"))
    assert len(table) == len(programme.select(lot=2, wave=1))
    assert set(table["lot"]) == {2} and set(table["wave"]) == {1}
    refused = evaluator.post(
        "/research/export/", {"format": "csv", "level": "items", "wave": "2"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 200
    assert refused["Content-Type"].startswith("text/html")
    html = refused.content.decode()
    assert "Exports need at least 5 respondents" in html
    assert "3 respondents are left out because their scan rounds have fewer answers" in html
    assert not Job.objects.filter(kind=EXPORT.name, params__wave=2).exists()  # no job, so never a file


def test_a_selection_that_shrinks_before_the_job_runs_gets_no_file(programme, evaluator):
    started = evaluator.post(
        "/research/export/", {"format": "sav", "level": "items", "lot": "2", "wave": "3"}
    )
    follow_up = programme.rounds[4]  # its 8 answers are the selection; now it falls under its threshold
    follow_up.anonymity_threshold = 9
    follow_up.save()
    run_jobs()
    job = Job.objects.get(kind=EXPORT.name)
    assert job.status == Job.Status.FAILED and not JobFile.objects.filter(job=job).exists()
    with translation.override("en"):
        assert "Too few respondents match these filters (0; at least 5" in error_text(job)
    page = evaluator.get(started["Location"])
    assert "Too few respondents match these filters" in page.content.decode()
    assert evaluator.get(f"/jobs/{job.id}/file/").status_code == 404


def test_spss_download_has_labels(programme, evaluator, tmp_path):
    response = export_file(evaluator, format="sav", level="items", lot="1", language="nl")
    assert response.status_code == 200
    path = tmp_path / "x.sav"
    path.write_bytes(response.content)
    data, meta = pyreadstat.read_sav(str(path))
    assert len(data) == len(programme.select(lot=1))
    labels = meta.column_names_to_labels
    assert labels["ll_1"] == "Mijn leidinggevende ondersteunt me als ik vraag om te leren"
    assert labels["learning_leadership"] == "Leerleiderschap"
    assert meta.variable_value_labels["ll_1"][5.0] == "Helemaal akkoord"
    assert meta.variable_value_labels["lot"] == {1.0: "Bouw en hout", 2.0: "Metaal"}


def test_parquet_download_round_trips(programme, evaluator):
    response = export_file(evaluator, format="parquet", level="scales")
    table = pq.read_table(io.BytesIO(response.content)).to_pandas()
    assert len(table) == len(programme.answers)
    assert "learning_leadership" in table.columns and "ll_1" not in table.columns  # scale level


def test_a_double_click_starts_one_export(programme, evaluator):
    data = {"format": "parquet", "level": "items", "job_token": "t0k3n"}
    first, second = (evaluator.post("/research/export/", data) for _ in range(2))
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=EXPORT.name).count() == 1


def test_an_export_is_only_for_the_person_who_asked(programme, evaluator, client):
    started = evaluator.post("/research/export/", {"format": "csv", "level": "items", "with_names": "on"})
    run_jobs()
    page, file = started["Location"].split("?")[0], started["Location"].split("?")[0] + "file/"
    assert evaluator.get(file).status_code == 200
    for who in ("admin", "contact", "consultant"):  # another evaluator, an administrator: still not theirs
        client.force_login(programme.users[who])
        assert client.get(page).status_code == 404, who
        assert client.get(file).status_code == 404, who


def test_an_export_is_refused_when_its_owner_lost_the_role(programme, evaluator):
    evaluator.post("/research/export/", {"format": "csv", "level": "items"})
    profile = programme.users["programme"].profile
    profile.role = Role.CONSULTANT
    profile.save()
    run_jobs()
    job = Job.objects.get(kind=EXPORT.name)
    assert job.status == Job.Status.FAILED and not JobFile.objects.filter(job=job).exists()
    with translation.override("en"):
        assert error_text(job) == "You can no longer use the evaluator workspace."


def test_codebook_downloads(evaluator):
    html = evaluator.get("/research/codebook.html").content.decode()
    assert "ll_1" in html and "Leerleiderschap" in html
    table = pd.read_csv(
        io.BytesIO(evaluator.get("/research/codebook.csv?language=en").content), encoding="utf-8-sig"
    )
    assert "Learning leadership" in set(table["label"])
