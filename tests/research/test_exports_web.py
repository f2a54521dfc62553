"""Exports from the workspace: pseudonymous by default, names only when asked, never under the threshold."""

import io

import pandas as pd
import pyreadstat
import pytest

from leerscan.analytics.exports import organization_code

pytestmark = pytest.mark.django_db

FORBIDDEN = {"secret", "resume_code", "token", "public_token", "linking_code", "id", "organization_id"}


def _csv(response) -> pd.DataFrame:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return pd.read_csv(io.BytesIO(response.content))


def test_the_export_page_offers_formats_levels_and_the_names_checkbox(evaluator):
    content = evaluator.get("/research/export/").content.decode()
    for text in ('value="csv"', 'value="sav"', 'value="parquet"', 'value="items"', 'value="scales"'):
        assert text in content
    assert 'name="with_names"' in content and 'type="checkbox"' in content


def test_csv_export_is_pseudonymous(programme, evaluator, settings):
    table = _csv(evaluator.get("/research/export/?download=1&format=csv&level=items"))
    assert len(table) == len(programme.answers)
    assert list(table.columns[:8]) == [
        "respondent", "organization", "lot", "sector", "size_class", "wave", "language", "source",
    ]  # fmt: skip
    assert not FORBIDDEN & set(table.columns) and "organization_name" not in table.columns
    assert table["respondent"].tolist() == list(range(1, len(table) + 1))
    seen = set(programme.answers["org"])  # Bakkerij Gamma's only round has 4 answers: left out
    codes = {
        organization_code(o.pk, settings.SECRET_KEY) for n, o in programme.organizations.items() if n in seen
    }
    assert set(table["organization"]) == codes
    text = evaluator.get("/research/export/?download=1&format=csv&level=items").content.decode()
    for organization in programme.organizations.values():
        assert organization.name not in text
    for response in programme.rounds[0].responses.all()[:20]:
        assert response.secret not in text and response.resume_code not in text
    cells = {str(value) for value in table.to_numpy().ravel()}
    for code in ("C1", "c2", "dup", "alone"):  # linking codes never leave the database
        assert code not in cells  # as a value (as a substring "C1" may be part of a pseudonym)
    assert programme.rounds[0].public_token not in text


def test_names_only_when_asked(programme, evaluator):
    table = _csv(evaluator.get("/research/export/?download=1&format=csv&level=scales&with_names=on"))
    assert table.columns[2] == "organization_name"
    assert set(table["organization_name"]) == set(programme.answers["org"])


def test_filters_apply_to_exports_and_small_selections_are_refused(programme, evaluator):
    table = _csv(evaluator.get("/research/export/?download=1&format=csv&level=scales&lot=2&wave=1"))
    assert len(table) == len(programme.select(lot=2, wave=1))
    assert set(table["lot"]) == {2} and set(table["wave"]) == {1}
    refused = evaluator.get(
        "/research/export/?download=1&format=csv&level=items&wave=2", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 200
    assert refused["Content-Type"].startswith("text/html")
    assert "Exports need at least 5 respondents" in refused.content.decode()


def test_spss_download_has_labels(programme, evaluator, tmp_path):
    response = evaluator.get("/research/export/?download=1&format=sav&level=items&lot=1")
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
    response = evaluator.get("/research/export/?download=1&format=parquet&level=scales")
    table = pd.read_parquet(io.BytesIO(response.content))
    assert len(table) == len(programme.answers)
    assert "learning_leadership" in table.columns and "ll_1" not in table.columns  # scale level


def test_codebook_downloads(evaluator):
    html = evaluator.get("/research/codebook.html").content.decode()
    assert "ll_1" in html and "Leerleiderschap" in html
    table = pd.read_csv(
        io.BytesIO(evaluator.get("/research/codebook.csv?language=en").content), encoding="utf-8-sig"
    )
    assert "Learning leadership" in set(table["label"])
