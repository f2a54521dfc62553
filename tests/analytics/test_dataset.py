"""The analysis frame, its labels and APA formatting (no database)."""

import pandas as pd

from leerscan.analytics.dataset import (
    META_COLUMNS,
    build_analysis_frame,
    exported_questions,
    format_apa,
    format_p,
    item_label,
    variable_label,
)
from leerscan.instrument.scoring import score_responses


def test_frame_columns_meta_then_questions_then_scales(frame, instrument):
    questions = [q.id for q in exported_questions(instrument)]
    # synthetic files carry sector and size class like the platform does: they become meta columns
    meta = ["respondent", "organization", "sector", "size_class"]
    assert list(frame.columns) == [*meta, *questions, *instrument.scale_keys]
    assert "ll_1" in questions and "age" in questions and "role" in questions
    assert not {"gender_other", "statute_other", "organization_name", "sector", "size_class"} & set(questions)


def test_frame_drops_unknown_columns_and_keeps_meta_order(answers, instrument):
    extra = answers.assign(
        secret="s3cr3t",
        resume_code="ABCDE12345",
        wave=1,
        lot=2,
        source="web",
        language="nl",
        questionnaire="long",
        organization_name="X",
    )
    frame = build_analysis_frame(extra, instrument)
    assert "secret" not in frame.columns and "resume_code" not in frame.columns
    meta = [c for c in frame.columns if c in (*META_COLUMNS, "organization_name")]
    assert meta == ["respondent", "organization", "organization_name", *META_COLUMNS[2:]]
    assert META_COLUMNS[2:] == ("lot", "sector", "size_class", "wave", "questionnaire", "language", "source")


def test_scales_are_the_scored_items(frame, answers, instrument):
    expected = score_responses(answers, instrument)
    pd.testing.assert_frame_equal(frame[list(instrument.scale_keys)], expected, check_dtype=False)


def test_short_questionnaire_columns_are_empty_not_missing(instrument):
    short = pd.DataFrame({"ll_1": [1, 2], "ll_2": [3, 4], "ll_3": [5, 5]})
    frame = build_analysis_frame(short, instrument)
    assert frame["oe_1"].isna().all() and frame["formal_learning"].isna().all()
    assert frame["learning_leadership"].tolist() == [3.0, 11 / 3]


def test_labels_and_formatting(instrument):
    assert variable_label("learning_leadership", instrument, "nl") == "Leerleiderschap"
    assert variable_label("gender_male", instrument, "en") == "Gender (male = 1, female = 0)"
    assert variable_label("age", instrument, "en") == "Age"
    assert item_label(instrument.questions["ks_1"], instrument, "nl").startswith(
        "In mijn organisatie bespreken"
    )
    assert (
        format_apa(0.774) == ".77" and format_apa(-0.0712, 3) == "-.071" and format_apa(3.1849, 3) == "3.185"
    )
    assert format_apa(float("nan")) == "" and format_p(0.0004) == "<.001" and format_p(0.0423) == ".042"
