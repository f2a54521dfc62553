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
from tests.conftest import run_jobs
from tests.research.conftest import analysed_get, analysis_tables, visit

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
        response = visit(evaluator, query)
        assert response.status_code == 200
        assert response.context["n"] == n, query
        assert response.context["shown"] and response.context["reliability"]
        seen.add(n)
    assert len(seen) >= 6  # the filters really select different respondents


@pytest.mark.parametrize("query", ["?wave=2", "?sector=Voeding", "?size_class=2", "?lot=1&size_class=4"])
def test_a_selection_under_the_threshold_shows_no_statistics(programme, evaluator, query):
    response = evaluator.get("/research/" + query)
    assert response.status_code == 200
    assert response.context["n"] < 5
    assert not response.context["shown"]
    assert "reliability" not in response.context and "job" not in response.context  # nothing computed
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
    assert "reliability" not in response.context and "job" not in response.context


def _expected(answers: pd.DataFrame):
    instrument = get_instrument()
    scores = score_responses(answers, instrument)
    return instrument, scores


def test_the_numbers_equal_leerscan_analytics_on_the_same_data(programme, evaluator):
    response = visit(evaluator, "?lot=1")
    tables = analysis_tables(evaluator, "?lot=1")  # the raw numbers behind the page, from the same cache
    reliability = tables["reliability"].set_index("scale")
    answers = programme.select(lot=1).reset_index(drop=True)
    instrument, scores = _expected(answers)

    # alpha: plain items, and a scale with a reverse-keyed item mirrored by hand (1..5 -> 6 - x)
    leadership = cronbach_alpha(answers[["ll_1", "ll_2", "ll_3"]])
    assert reliability.loc["learning_leadership", "alpha"] == pytest.approx(leadership.alpha, abs=1e-12)
    assert reliability.loc["learning_leadership", "n"] == leadership.n
    leave = answers[["ret_1", "ret_2", "ret_3"]].assign(ret_2=6 - answers["ret_2"])
    assert reliability.loc["intention_to_leave", "alpha"] == pytest.approx(
        cronbach_alpha(leave).alpha, abs=1e-12
    )
    assert np.isnan(reliability.loc["job_satisfaction", "alpha"])

    # Spearman table of the 15 scales, with means, SDs and n
    table = spearman_table(scores[list(instrument.scale_keys)])
    pairs = tables["correlations_long"]
    for _, pair in pairs.iterrows():
        assert pair["r"] == pytest.approx(table.r.loc[pair["variable_1"], pair["variable_2"]], abs=1e-12)
        assert pair["n"] == table.n.loc[pair["variable_1"], pair["variable_2"]]
    assert len(pairs) == 15 * 14 // 2
    rows = response.context["correlations"]["rows"]
    assert [row["mean"] for row in rows] == [f"{table.mean[row['key']]:.2f}" for row in rows]

    # the three hierarchical regressions: age and gender (male 1, female 0), activities, climate
    data = scores.assign(age=answers["age"], gender_male=answers["gender"].map({1.0: 0.0, 2.0: 1.0}))
    activities = ["formal_learning", "informal_social", "informal_individual", "informal_reflection"]
    climate = [
        "learning_leadership", "room_and_time", "support_for_learning",
        "learning_opportunities", "knowledge_sharing", "responsibility_autonomy",
    ]  # fmt: skip
    models = tables["regression_models"]
    coefficients = tables["regression_coefficients"]
    for outcome in ("occupational_expertise", "anticipation_optimisation", "personal_flexibility"):
        expected = hierarchical_regression(data, outcome, [["age", "gender_male"], activities, climate])
        shown = models[models["outcome"] == outcome].sort_values("step")
        assert list(shown["n"]) == [s.n for s in expected]
        for (_, got), want in zip(shown.iterrows(), expected, strict=True):
            assert got["r2"] == pytest.approx(want.r2, abs=1e-12)
            assert got["f_change"] == pytest.approx(want.f_change, rel=1e-10)
            rows = coefficients[(coefficients["outcome"] == outcome) & (coefficients["step"] == want.step)]
            pd.testing.assert_frame_equal(
                rows.set_index("predictor")[["B", "SE", "Beta", "t", "p"]],
                want.coefficients[["B", "SE", "Beta", "t", "p"]],
                atol=1e-10,
                check_names=False,
            )

    # and the page prints them
    content = response.content.decode()
    assert format_apa(leadership.alpha) in content
    assert f"(n = {expected[0].n})" in content


def test_tables_download_as_csv_from_the_same_analysis(programme, evaluator):
    page = visit(evaluator, "?lot=2")
    response = evaluator.get("/research/tables/reliability.csv?lot=2")
    assert response["Content-Type"].startswith("text/csv")
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig").set_index("scale")
    shown = next(r for r in page.context["reliability"] if r.get("key") == "learning_leadership")
    assert format_apa(table.loc["learning_leadership", "alpha"]) == shown["alpha"]
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
            "reliability_items",
            "reliability_inter_item",
            "correlations_spss",
            "regression_anova",
            "methods",
        )
    )
    for name in ("reliability", "regression_coefficients"):
        single = evaluator.get(f"/research/tables/{name}.csv?lot=2")
        assert single.content == archive.read(f"{name}.csv")
    correlations = pd.read_csv(io.BytesIO(archive.read("correlations.csv")), encoding="utf-8-sig", dtype=str)
    assert list(correlations.columns[:5]) == ["key", "variable", "Mean", "SD", "n"]
    assert len(correlations) == 15


def test_the_report_never_names_an_organization(programme, evaluator):
    for url in ("/research/", "/research/report.html", "/research/tables/all.zip", "/research/?lot=1"):
        content = analysed_get(evaluator, url).content
        for name in NAMES:
            assert name.encode() not in content, (url, name)
    html = analysed_get(evaluator, "/research/report.html?wave=1").content.decode()
    assert "Table 2." in html and "Table 3." in html and "Table 6." in html
    assert "<!doctype html>" in html.lower()


def test_the_report_is_also_a_pdf_made_by_a_job(programme, evaluator):
    assert evaluator.get("/research/report.pdf?lot=2")["Location"] == "/research/?lot=2"  # an old link
    page = visit(evaluator, "?lot=2")
    assert 'action="/research/report.pdf"' in page.content.decode()
    started = evaluator.post("/research/report.pdf", {"lot": "2", "job_token": "abc"})
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    assert "back=%2Fresearch%2F%3Flot%3D2" in started["Location"]
    run_jobs()
    response = evaluator.get(started["Location"].split("?")[0] + "file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_french_page_writes_decimal_commas_and_its_csv_keeps_points(programme, evaluator):
    import re

    evaluator.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = visit(evaluator, "?lot=1")
    reliability = analysis_tables(evaluator, "?lot=1")["reliability"].set_index("scale")
    alpha = reliability.loc["learning_leadership", "alpha"]
    content = page.content.decode()
    row = re.search(r'<tr data-scale="learning_leadership">.*?</tr>', content).group(0)
    assert format_apa(alpha).replace(".", ",") in row  # ",81", as SPSS writes it in French
    assert re.search(r"\d?\.\d", row) is None and "[," in row and "\u00a0; ," in row  # "[,61 ; ,80]"
    correlations = re.search(r'<table class="stats corr">.*?</table>', content, re.S).group(0)
    assert re.search(r">\d?\.\d", correlations) is None
    assert "Un alpha de ,70 ou plus" in content
    evaluator.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = visit(evaluator, "?lot=1").content.decode()
    assert format_apa(alpha) in re.search(r'<tr data-scale="learning_leadership">.*?</tr>', english).group(0)
    download = evaluator.get("/research/tables/reliability.csv?lot=1", HTTP_ACCEPT_LANGUAGE="fr")
    table = pd.read_csv(io.BytesIO(download.content), encoding="utf-8-sig").set_index("scale")
    assert table.loc["learning_leadership", "alpha"] == pytest.approx(alpha, abs=1e-12)  # a point, for R
