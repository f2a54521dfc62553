"""The workspace's omega, agreement (ICC, rwg(j)) and pre/post tables, and the rounds it leaves out.

Expected numbers are computed with leerscan.analytics on the answers the fixture stored.
"""

import io

import numpy as np
import pandas as pd
import pytest

from leerscan.analytics import icc, independent_comparison, mcdonald_omega, paired_comparison, rwg_j
from leerscan.analytics.dataset import format_apa
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.scoring import score_responses
from leerscan.surveys.models import Response
from tests.research.conftest import analysis_tables, export_file, visit

pytestmark = pytest.mark.django_db


def scored(answers: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([answers, score_responses(answers, get_instrument())], axis=1)


def test_rounds_under_their_own_threshold_are_left_out_and_the_page_says_so(programme, evaluator):
    response = visit(evaluator)
    assert response.context["n"] == len(programme.answers) == 70 + 60 + 8
    left_out = response.context["left_out"]
    assert (left_out.responses, left_out.rounds) == (len(programme.left_out), 2) == (3 + 4, 2)
    html = response.content.decode()
    assert "7 respondents are left out because their scan rounds have fewer answers" in html
    assert "7 respondents are left out" in evaluator.get("/research/report.html").content.decode()

    small = visit(evaluator, "?sector=Voeding")  # Bakkerij Gamma: one round of 4
    assert small.context["n"] == 0 and small.context["left_out"].responses == 4
    assert "4 respondents are left out" in small.content.decode()

    export = export_file(evaluator, format="csv", level="items", lot="2")
    table = pd.read_csv(io.BytesIO(export.content), encoding="utf-8-sig")
    assert len(table) == 60 + 8 and set(table["wave"]) == {1, 3}  # not the 3 answers of wave 2

    # a round counts against its own threshold: raised above its 8 answers, it is left out too
    follow_up = programme.rounds[4]
    follow_up.anonymity_threshold = 9
    follow_up.save()
    response = visit(evaluator, "?lot=2")
    assert response.context["n"] == 60 and response.context["left_out"].responses == 3 + 8
    assert "Table 3" in response.content.decode()
    # unfinished questionnaires never count toward a round's size
    Response.objects.create(scan_round=follow_up, instrument_version="1.0.0")
    assert evaluator.get("/research/?lot=2").context["n"] == 60


def test_omega_is_shown_next_to_alpha_and_in_the_csv(programme, evaluator):
    response = visit(evaluator, "?lot=2")
    answers = programme.select(lot=2)
    leadership = mcdonald_omega(answers[["ll_1", "ll_2", "ll_3"]])
    html = response.content.decode()
    assert "McDonald&#x27;s omega" in html or "McDonald's omega" in html
    assert f"data-omega>{format_apa(leadership.omega)}<" in html
    table = pd.read_csv(
        io.BytesIO(evaluator.get("/research/tables/reliability.csv?lot=2").content), encoding="utf-8-sig"
    ).set_index("scale")
    assert table.loc["learning_leadership", "omega"] == pytest.approx(leadership.omega, abs=1e-10)
    assert np.isnan(table.loc["job_satisfaction", "omega"])


def test_agreement_per_climate_scale_by_organization(programme, evaluator):
    response = visit(evaluator)
    table = analysis_tables(evaluator)["agreement"].set_index("scale")
    data = scored(programme.answers)
    for key in ("learning_leadership", "knowledge_sharing"):
        expected = icc(data[["org", key]].dropna(), "org", key)
        assert table.loc[key, "organizations"] == 2  # Alfa and Beta; Gamma's 4 answers are left out
        assert table.loc[key, "icc1"] == pytest.approx(expected.icc1, abs=1e-10)
        assert table.loc[key, "icc2"] == pytest.approx(expected.icc2, abs=1e-10)
        items = list(get_instrument().scale(key).items)
        agreement = rwg_j(data[items], data["org"], n_options=5)  # 5-point items
        assert table.loc[key, "rwg_j_mean"] == pytest.approx(agreement["rwg_j"].mean(), abs=1e-10)
        assert table.loc[key, "rwg_j_median"] == pytest.approx(agreement["rwg_j"].median(), abs=1e-10)
        assert table.loc[key, "rwg_j_at_70"] == (agreement["rwg_j"] >= 0.7).sum()
    html = response.content.decode()
    at_70 = table.loc["knowledge_sharing", ["rwg_j_at_70", "rwg_j_organizations"]].astype(int)
    assert f'data-testid="rwg-at-70">{at_70.iloc[0]} of {at_70.iloc[1]}<' in html
    assert "listwise" in html
    assert 'data-testid="agreement"' in html
    assert format_apa(table.loc["knowledge_sharing", "icc2"]) in html
    shown = next(row for row in response.context["agreement"] if row["key"] == "knowledge_sharing")
    assert shown["icc1"] == format_apa(table.loc["knowledge_sharing", "icc1"])
    # one organization: no ICC, and the page says why
    lot1 = visit(evaluator, "?lot=1")
    assert np.isnan(
        analysis_tables(evaluator, "?lot=1")["agreement"].set_index("scale").loc["knowledge_sharing", "icc1"]
    )
    assert "ICC needs 2" in lot1.content.decode()


def test_pre_post_as_groups_and_as_linked_pairs(programme, evaluator):
    response = visit(evaluator)
    waves = response.context["waves"]
    assert (waves["result"]["organizations"], waves["post_waves"], waves["result"]["pairs"]) == (1, "3", 6)
    tables = analysis_tables(evaluator)
    data = scored(programme.answers)
    pre = data[(data["org"] == "Metaal Beta") & (data["wave"] == 1)]  # Alfa has no follow-up
    post = data[(data["org"] == "Metaal Beta") & (data["wave"] == 3)]
    expected = independent_comparison(post["knowledge_sharing"], pre["knowledge_sharing"])
    row = tables["waves"].set_index("scale").loc["knowledge_sharing"]
    assert row["mean_diff"] == pytest.approx(expected.mean_diff, abs=1e-10)
    assert row["p_t"] == pytest.approx(expected.p_t, rel=1e-8)
    assert row["hedges_g"] == pytest.approx(expected.hedges_g, abs=1e-10)
    assert (row["n_pre"], row["n_post"]) == (expected.n_b, expected.n_a)

    before = data.loc[[p for p, _ in programme.pairs], "knowledge_sharing"].to_numpy()
    after = data.loc[[q for _, q in programme.pairs], "knowledge_sharing"].to_numpy()
    paired = paired_comparison(before, after)
    row = tables["waves_paired"].set_index("scale").loc["knowledge_sharing"]
    assert row["n"] == paired.n == 6
    assert row["mean_diff"] == pytest.approx(paired.mean_diff, abs=1e-10)
    assert row["p_t"] == pytest.approx(paired.p_t, rel=1e-8)

    html = response.content.decode()
    assert 'data-testid="waves"' in html and 'data-testid="waves-paired"' in html
    assert "linked by their own code (6 pairs)" in html
    assert "Table 9." in evaluator.get("/research/report.html").content.decode()


def test_pairs_below_the_threshold_are_not_compared(programme, evaluator):
    follow_up = programme.rounds[4].responses.order_by("id")
    for response in follow_up[:2]:  # two of the six stop linking
        response.linking_code = ""
        response.save()
    response = visit(evaluator)
    waves = response.context["waves"]
    assert waves["result"]["pairs"] == 4 and waves["paired"] == []
    assert analysis_tables(evaluator)["waves_paired"].empty
    html = response.content.decode()
    assert 'data-testid="no-pairs"' in html and "4 respondents could be linked" in html
    assert 'data-testid="waves"' in html  # the two groups are still compared


def test_no_before_and_after_without_a_later_wave(programme, evaluator):
    response = visit(evaluator, "?wave=1")
    assert response.context["waves"]["result"]["organizations"] == 0
    assert 'data-testid="no-waves"' in response.content.decode()


def test_spss_tables_and_missing_data_rules_on_the_page_and_as_csv(programme, evaluator):
    response = visit(evaluator, "?lot=2")
    html = response.content.decode()
    tables = analysis_tables(evaluator, "?lot=2")
    assert 'data-testid="missing-statements"' in html and "66%" in html and "Feldt" in html
    assert "Occupational expertise: " in html and " respondents kept in the regression of the " in html
    items = tables["reliability_items"].set_index(["scale", "item"])
    answers = programme.select(lot=2)[["ll_1", "ll_2", "ll_3"]].dropna()
    rest = answers[["ll_2", "ll_3"]].sum(axis=1)  # the item-total statistics of ll_1, by hand
    assert items.loc[("learning_leadership", "ll_1"), "corrected_item_total"] == pytest.approx(
        answers["ll_1"].corr(rest), abs=1e-12
    )
    assert items.loc[("learning_leadership", "ll_1"), "scale_variance_if_deleted"] == pytest.approx(
        rest.var(), abs=1e-12
    )
    shown = format_apa(items.loc[("learning_leadership", "ll_1"), "corrected_item_total"])
    assert 'data-testid="item-total"' in html and f'<td class="num" data-corrected>{shown}</td>' in html
    coefficients = tables["regression_coefficients"]
    assert {"ci_low", "ci_high", "zero_order", "partial", "part", "tolerance", "VIF"} <= set(
        coefficients.columns
    )
    models = tables["regression_models"]
    assert {"r", "se_estimate", "durbin_watson"} <= set(models.columns) and "data-dw>" in html
    assert set(tables["regression_anova"]["source"]) == {"Regression", "Residual", "Total"}
    spss = tables["correlations_spss"]
    assert list(spss["statistic"][:3]) == ["r", "sig_2_tailed", "n"]
    assert tables["methods"]["statement"].str.contains("listwise").any()
