"""The codebook lists every question and scale of the instrument with its labels."""

import pytest

from leerscan.analytics.codebook import CODEBOOK_COLUMNS, codebook_frame, codebook_html
from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


@pytest.fixture(scope="module")
def codebook(instrument):
    return codebook_frame(instrument, "nl").set_index("variable")


def test_every_question_and_scale_is_listed_with_its_label(codebook, instrument):
    assert list(codebook.reset_index().columns) == CODEBOOK_COLUMNS
    for question in instrument.questions.values():
        assert question.id in codebook.index
        row = codebook.loc[question.id]
        if question.platform_field:  # the meta column the platform fills in, with the question in the notes
            assert row["kind"] == "meta" and translate(question.text, "nl") in row["notes"]
        else:
            assert translate(question.text, "nl") in row["label"]
    for scale in instrument.scales:
        assert codebook.loc[scale.key, "kind"] == "scale"
        assert codebook.loc[scale.key, "label"] == scale.label["nl"]
        assert codebook.loc[scale.key, "items"] == ", ".join(scale.items)
    for meta in ("respondent", "organization", "lot", "sector", "size_class", "wave", "questionnaire"):
        assert codebook.loc[meta, "kind"] == "meta"


def test_the_columns_exports_add_are_explained(codebook, instrument):
    from leerscan.analytics.dataset import build_analysis_frame
    from leerscan.analytics.exports import export_frame
    from leerscan.analytics.synthetic import generate_respondents

    frame = build_analysis_frame(generate_respondents(instrument, 10, 1, seed=1), instrument)
    for level in ("items", "scales"):
        assert set(export_frame(frame, instrument, level).columns) <= set(codebook.index), level
    assert (
        codebook.loc["ret_2_r", "kind"] == "recoded"
        and "low + high - answer" in codebook.loc["ret_2_r", "notes"]
    )
    assert (
        "gender 3-5" in codebook.loc["gender_male", "notes"]
        and "missing" in codebook.loc["gender_male", "notes"]
    )
    assert "role 2-4" in codebook.loc["manager", "notes"]
    assert (
        "verantwoordelijkheid of leiding heeft over een groep medewerkers, middelen"
        in codebook.loc["role", "values"]
    )
    assert "-2 = not asked" in codebook_html(instrument)


def test_values_ranges_reverse_keying_and_membership(codebook):
    assert codebook.loc["ll_1", "values"].startswith("1 = Helemaal niet akkoord; 2 = Niet akkoord")
    assert codebook.loc["ll_1", "range"] == "1 .. 5"
    assert codebook.loc["js_1", "range"] == "0 .. 10"
    assert codebook.loc["age", "range"] == "18 .. 80" and codebook.loc["age", "values"] == ""
    assert codebook.loc["ret_2", "reverse_keyed"] == "yes" and codebook.loc["ret_1", "reverse_keyed"] == ""
    assert codebook.loc["ret_2", "scales"] == "intention_to_leave"
    assert codebook.loc["intention_to_leave", "notes"].endswith("reverse keyed: ret_2")
    assert "needs at least 5 of 7" in codebook.loc["informal_reflection", "notes"]
    assert codebook.loc["intention_to_leave", "range"] == "1 .. 5"
    assert codebook.loc["size_class", "values"].startswith("1 = Geen werknemers")
    assert "never exported" in codebook.loc["gender_other", "notes"]
    assert codebook.loc["gender_other", "in_exports"] == ""
    assert (
        codebook.loc["role", "in_exports"] == "items, scales"
        and codebook.loc["ll_1", "in_exports"] == "items"
    )


def test_other_languages(instrument):
    english = codebook_frame(instrument, "en").set_index("variable")
    assert english.loc["learning_leadership", "label"] == "Learning leadership"
    assert english.loc["ll_1", "label"].startswith("My manager")


def test_html_codebook(instrument):
    html = codebook_html(instrument, "nl")
    assert html.startswith("<!doctype html>")
    for question in instrument.questions:
        assert f'id="var-{question}"' in html
    for scale in instrument.scales:
        assert f'id="var-{scale.key}"' in html
    assert "Helemaal niet akkoord" in html and "Leerleiderschap" in html
