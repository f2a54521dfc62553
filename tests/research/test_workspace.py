"""The workspace: filters, the anonymity threshold, and numbers equal to leerscan.analytics."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import cronbach_alpha, hierarchical_regression, spearman_table
from leerscan.analytics.dataset import format_apa
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses

pytestmark = pytest.mark.django_db

NAMES = ["Bouwbedrijf Alfa", "Metaal Beta", "Bakkerij Gamma"]


def test_filters_change_the_number_of_respondents(programme, evaluator):
    answers = programme.answers
    expectations = [
        ("", len(answers)),
        ("?lot=1", len(programme.select(lot=1))),
        ("?lot=2", len(programme.select(lot=2))),
        ("?sector=Metaal", len(programme.select(sector_org="Metaal"))),
        ("?size_class=4", len(programme.select(size_class_org=4))),
        ("?wave=1", len(programme.select(wave=1))),
        ("?role=1", int((answers["role"] == 1).sum())),
        (
            "?lot=2&wave=1&role=1",
            int(((answers["lot"] == 2) & (answers["wave"] == 1) & (answers["role"] == 1)).sum()),
        ),
    ]
    seen = set()
    for query, n in expectations:
        response = evaluator.get("/research/" + query)
        assert response.status_code == 200
        assert response.context["n"] == n, query
        assert response.context["result"].n == n
        seen.add(n)
    assert len(seen) >= 6  # the filters really select different respondents


@pytest.mark.parametrize("query", ["?wave=2", "?sector=Voeding", "?size_class=2", "?lot=1&size_class=4"])
def test_a_selection_under_the_threshold_shows_no_statistics(programme, evaluator, query):
    response = evaluator.get("/research/" + query)
    assert response.status_code == 200
    assert response.context["n"] < 5
    assert not response.context["shown"]
    assert "result" not in response.context
    content = response.content.decode()
    assert "Results are only shown for at least 5 respondents" in content
    assert "Cronbach" not in content and "Table 3" not in content
    for url in ("/research/tables/reliability.csv", "/research/report.html", "/research/tables/all.zip"):
        download = evaluator.get(url + query)
        assert download.status_code == 302  # back to the workspace, which explains why
        assert download["Location"].startswith("/research/?")


def test_an_unknown_filter_value_is_a_form_error_without_statistics(evaluator):
    response = evaluator.get("/research/?lot=99")
    assert response.status_code == 200
    assert response.context["form"].errors["lot"]
    assert "result" not in response.context


def _expected(answers: pd.DataFrame):
    instrument = get_instrument()
    scores = score_responses(answers, instrument)
    return instrument, scores


def test_the_numbers_equal_leerscan_analytics_on_the_same_data(programme, evaluator):
    response = evaluator.get("/research/?lot=1")
    result = response.context["result"]
    answers = programme.select(lot=1).reset_index(drop=True)
    instrument, scores = _expected(answers)

    # alpha: plain items, and a scale with a reverse-keyed item mirrored by hand (1..5 -> 6 - x)
    leadership = cronbach_alpha(answers[["ll_1", "ll_2", "ll_3"]])
    assert result.reliability.loc["learning_leadership", "alpha"] == pytest.approx(
        leadership.alpha, abs=1e-12
    )
    assert result.reliability.loc["learning_leadership", "n"] == leadership.n
    leave = answers[["ret_1", "ret_2", "ret_3"]].assign(ret_2=6 - answers["ret_2"])
    assert result.reliability.loc["intention_to_leave", "alpha"] == pytest.approx(
        cronbach_alpha(leave).alpha, abs=1e-12
    )
    assert np.isnan(result.reliability.loc["job_satisfaction", "alpha"])

    # Spearman table of the 15 scales, with means, SDs and n
    table = spearman_table(scores[list(instrument.scale_keys)])
    np.testing.assert_allclose(result.spearman.r.to_numpy(), table.r.to_numpy(), atol=1e-12)
    np.testing.assert_array_equal(result.spearman.n.to_numpy(), table.n.to_numpy())
    np.testing.assert_allclose(result.spearman.mean.to_numpy(), table.mean.to_numpy(), atol=1e-12)

    # the three hierarchical regressions: age and gender (male 1, female 0), activities, climate
    data = scores.assign(age=answers["age"], gender_male=answers["gender"].map({1.0: 0.0, 2.0: 1.0}))
    activities = ["formal_learning", "informal_social", "informal_individual", "informal_reflection"]
    climate = [
        "learning_leadership", "room_and_time", "support_for_learning",
        "learning_opportunities", "knowledge_sharing", "responsibility_autonomy",
    ]  # fmt: skip
    for outcome in ("occupational_expertise", "anticipation_optimisation", "personal_flexibility"):
        expected = hierarchical_regression(data, outcome, [["age", "gender_male"], activities, climate])
        shown = result.regressions[outcome]
        assert [s.n for s in shown] == [s.n for s in expected]
        for got, want in zip(shown, expected, strict=True):
            assert got.r2 == pytest.approx(want.r2, abs=1e-12)
            assert got.f_change == pytest.approx(want.f_change, rel=1e-10)
            pd.testing.assert_frame_equal(got.coefficients, want.coefficients, atol=1e-10)

    # and the page prints them
    content = response.content.decode()
    assert format_apa(leadership.alpha) in content
    assert f"(n = {result.regressions['occupational_expertise'][0].n})" in content


def test_tables_download_as_csv_with_the_same_numbers(programme, evaluator):
    page = evaluator.get("/research/?lot=2")
    result = page.context["result"]
    response = evaluator.get("/research/tables/reliability.csv?lot=2")
    assert response["Content-Type"].startswith("text/csv")
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig").set_index("scale")
    assert table.loc["learning_leadership", "alpha"] == pytest.approx(
        result.reliability.loc["learning_leadership", "alpha"], abs=1e-12
    )
    coefficients = pd.read_csv(
        io.BytesIO(evaluator.get("/research/tables/regression_coefficients.csv?lot=2").content)
    )
    row = coefficients[
        (coefficients["outcome"] == "personal_flexibility")
        & (coefficients["step"] == 3)
        & (coefficients["predictor"] == "knowledge_sharing")
    ].iloc[0]
    want = result.regressions["personal_flexibility"][2].coefficients.loc["knowledge_sharing"]
    assert row["B"] == pytest.approx(want["B"], rel=1e-9)
    assert row["p"] == pytest.approx(want["p"], rel=1e-6)
    archive = zipfile.ZipFile(io.BytesIO(evaluator.get("/research/tables/all.zip?lot=2").content))
    assert sorted(archive.namelist()) == sorted(
        f"{n}.csv"
        for n in (
            "reliability",
            "correlations",
            "correlations_long",
            "regression_models",
            "regression_coefficients",
            "agreement",
            "waves",
            "waves_paired",
        )
    )
    correlations = pd.read_csv(io.BytesIO(archive.read("correlations.csv")), encoding="utf-8-sig", dtype=str)
    assert list(correlations.columns[:5]) == ["key", "variable", "Mean", "SD", "n"]
    assert len(correlations) == 15


def test_the_report_never_names_an_organization(programme, evaluator):
    for url in ("/research/", "/research/report.html", "/research/tables/all.zip", "/research/?lot=1"):
        content = evaluator.get(url).content
        for name in NAMES:
            assert name.encode() not in content, (url, name)
    html = evaluator.get("/research/report.html?wave=1").content.decode()
    assert "Table 2." in html and "Table 3." in html and "Table 6." in html
    assert "<!doctype html>" in html.lower()


def test_the_report_is_also_a_pdf(programme, evaluator):
    response = evaluator.get("/research/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_french_page_writes_decimal_commas_and_its_csv_keeps_points(programme, evaluator):
    import re

    page = evaluator.get("/research/?lot=1", HTTP_ACCEPT_LANGUAGE="fr")
    alpha = page.context["result"].reliability.loc["learning_leadership", "alpha"]
    content = page.content.decode()
    row = re.search(r'<tr data-scale="learning_leadership">.*?</tr>', content).group(0)
    assert format_apa(alpha).replace(".", ",") in row  # ",81", as SPSS writes it in French
    assert re.search(r"\d?\.\d", row) is None and "[," in row and "\u00a0; ," in row  # "[,61 ; ,80]"
    correlations = re.search(r'<table class="stats corr">.*?</table>', content, re.S).group(0)
    assert re.search(r">\d?\.\d", correlations) is None
    assert "Un alpha de ,70 ou plus" in content
    english = evaluator.get("/research/?lot=1").content.decode()
    assert format_apa(alpha) in re.search(r'<tr data-scale="learning_leadership">.*?</tr>', english).group(0)
    download = evaluator.get("/research/tables/reliability.csv?lot=1", HTTP_ACCEPT_LANGUAGE="fr")
    table = pd.read_csv(io.BytesIO(download.content), encoding="utf-8-sig").set_index("scale")
    assert table.loc["learning_leadership", "alpha"] == pytest.approx(alpha, abs=1e-12)  # a point, for R
