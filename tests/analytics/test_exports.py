"""Export files: column order, pseudonyms, and CSV / SPSS / Parquet round trips with their labels."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest

from leerscan.analytics.dataset import build_analysis_frame
from leerscan.analytics.exports import (
    export_bytes,
    export_frame,
    organization_code,
    value_labels,
    write_export,
)
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument

META = [
    "respondent",
    "organization",
    "lot",
    "sector",
    "size_class",
    "wave",
    "questionnaire",
    "language",
    "source",
]
FORBIDDEN = {
    "secret",
    "resume_code",
    "token",
    "public_token",
    "linking_code",
    "gender_other",
    "statute_other",
}


@pytest.fixture(scope="module")
def instrument():
    return get_instrument()


@pytest.fixture(scope="module")
def frame(instrument):
    answers = generate_respondents(instrument, 120, 4, seed=2)
    short = answers.index % 4 == 3  # every fourth respondent got the short questionnaire
    long_only = [q.id for q in instrument.questions.values() if "short" not in q.variants and q.id in answers]
    answers.loc[short, long_only] = np.nan
    answers.loc[[0, 1], ["ll_1", "ret_2", "gender"]] = np.nan  # not answered
    answers.loc[[4, 5, 6], "gender"] = [2, 1, 4]  # male, female, "prefer not to say"
    answers.loc[[4, 5, 6], "role"] = [3, 1, 2]
    answers = answers.assign(
        questionnaire=np.where(short, "short", "long"),
        respondent=range(1, 121),
        organization=[organization_code(o, "key") for o in answers["organization"]],
        organization_name=answers["organization"].map(lambda o: f"Firma {o}"),
        lot=np.where(answers.index % 2, 1, 2),
        wave=1,
        language="nl",
        source="synthetic",
        secret="tok",
        resume_code="ABCDEFGHJK",
        gender_other="my own words",
    )
    return build_analysis_frame(answers, instrument)


def test_organization_code_is_a_stable_keyed_pseudonym():
    code = organization_code(17, "secret-a")
    assert code == organization_code(17, "secret-a")
    assert code.startswith("ORG-") and len(code) == 12
    int(code[4:], 16)  # eight hexadecimal digits
    assert code != organization_code(18, "secret-a")
    assert code != organization_code(17, "secret-b")


def test_item_level_columns(frame, instrument):
    table = export_frame(frame, instrument, "items")
    assert list(table.columns[:9]) == META
    assert list(table.columns[-17:]) == ["gender_male", "manager", *instrument.scale_keys]
    assert table.columns[9] == "fl_1"
    assert list(table.columns[list(table.columns).index("ret_2") :][:2]) == ["ret_2", "ret_2_r"]
    assert not FORBIDDEN & set(table.columns) and "organization_name" not in table.columns
    assert str(table["ll_1"].dtype) == "Int64" and str(table["lot"].dtype) == "Int64"
    assert table["learning_leadership"].dtype == float


def test_scale_level_has_background_and_scales_only(frame, instrument):
    table = export_frame(frame, instrument, "scales")
    assert "ll_1" not in table.columns and "role" in table.columns and "age" in table.columns
    assert list(table.columns[-15:]) == list(instrument.scale_keys)


def test_names_only_on_request(frame, instrument):
    assert "organization_name" not in export_frame(frame, instrument, "items")
    named = export_frame(frame, instrument, "items", with_names=True)
    assert list(named.columns[:3]) == ["respondent", "organization", "organization_name"]
    with pytest.raises(ValueError, match="unknown level"):
        export_frame(frame, instrument, "people")


def test_csv_round_trip(frame, instrument, tmp_path):
    table = export_frame(frame, instrument, "items")
    path = write_export(table, tmp_path / "x.csv", "csv", instrument)
    back = pd.read_csv(path)
    assert list(back.columns) == list(table.columns)
    for column in ("ll_1", "age", "learning_leadership", "lot"):
        np.testing.assert_allclose(
            back[column].to_numpy(float), table[column].to_numpy(float, na_value=np.nan)
        )
    assert (back["organization"] == table["organization"].astype(object)).all()
    text = path.read_text(encoding="utf-8")
    assert "Firma" not in text and "ABCDEFGHJK" not in text and "my own words" not in text
    assert "ll_1,ll_2" in text and ",3," in text  # integer codes without ".0"


def test_spss_round_trip_with_variable_and_value_labels(frame, instrument, tmp_path):
    table = export_frame(frame, instrument, "items")
    path = write_export(table, tmp_path / "x.sav", "sav", instrument, lot_labels={1: "Bouw", 2: "Metaal"})
    back, meta = pyreadstat.read_sav(str(path))
    assert list(back.columns) == list(table.columns)
    for column in table.columns:
        if column in ("organization", "sector", "language", "source", "questionnaire"):
            assert back[column].tolist() == table[column].fillna("").tolist(), column
        else:
            np.testing.assert_allclose(
                back[column].to_numpy(float), table[column].to_numpy(float, na_value=np.nan), err_msg=column
            )
    labels = meta.column_names_to_labels
    assert labels["ll_1"] == "Mijn leidinggevende ondersteunt me als ik vraag om te leren"
    assert labels["js_1"].startswith("Alles bij elkaar genomen")
    assert labels["intention_to_leave"] == instrument.scale("intention_to_leave").label["nl"]
    assert labels["organization"] == "Organisatie (pseudonieme code)"
    values = meta.variable_value_labels
    assert values["ll_1"] == {
        -2.0: "Niet gevraagd", -1.0: "Niet beantwoord", 1.0: "Helemaal niet akkoord", 2.0: "Niet akkoord",
        3.0: "Neutraal", 4.0: "Akkoord", 5.0: "Helemaal akkoord",
    }  # fmt: skip
    assert values["fl_1"][7.0] == "Altijd" and values["js_1"][10.0] == "Zeer tevreden"
    assert values["gender"][1.0] == "Vrouwelijk" and values["role"][1.0] == "Werknemer"
    assert values["lot"] == {1.0: "Bouw", 2.0: "Metaal"}
    assert set(values["learning_leadership"]) == {-1.0, -2.0} and set(values["age"]) == {-1.0, -2.0}
    assert meta.variable_measure["ll_1"] == "ordinal" and meta.variable_measure["age"] == "scale"
    assert meta.variable_measure["gender"] == "nominal"


def test_spss_labels_in_another_language(frame, instrument):
    table = export_frame(frame, instrument, "scales")
    assert value_labels(["role"], instrument, "en")["role"][1] == "Employee"
    content = export_bytes(table, "sav", instrument, language="en")
    assert content[:4] == b"$FL2"


def test_parquet_round_trip_with_labels_in_metadata(frame, instrument, tmp_path):
    table = export_frame(frame, instrument, "items", with_names=True)
    path = write_export(table, tmp_path / "x.parquet", "parquet", instrument)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, table)
    described = json.loads(pq.read_schema(path).metadata[b"leerscan"])
    assert described["variable_labels"]["learning_leadership"] == "Leerleiderschap"
    assert described["value_labels"]["ll_1"]["5"] == "Helemaal akkoord"


def test_unknown_format_is_refused(frame, instrument, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        write_export(export_frame(frame, instrument), tmp_path / "x.xls", "xls", instrument)
    assert not list(tmp_path.iterdir())


def test_spss_file_needs_no_repair(frame, instrument, tmp_path):
    """Missing codes declared, no label cut, reversed item marked and recoded, dummies with their rule."""
    table = export_frame(frame, instrument, "items")
    path = write_export(table, tmp_path / "x.sav", "sav", instrument, language="en")
    raw, meta = pyreadstat.read_sav(str(path), user_missing=True)
    short = (table["questionnaire"] == "short").to_numpy()
    # fl_1 is on the long questionnaire only: -2 (not asked) for the short one; ll_1 blank in rows 0, 1: -1
    assert (raw.loc[short, "fl_1"] == -2).all()
    assert (raw.loc[~short, "fl_1"] == -1).sum() == table.loc[~short, "fl_1"].isna().sum()
    assert raw.loc[~short, "fl_1"].ne(-2).all()
    assert raw.loc[[0, 1], "ll_1"].tolist() == [-1, -1]
    assert raw.loc[[0, 1], "gender"].tolist() == [-1, -1] and (raw.loc[short, "gender"] == -2).all()
    for name in ("fl_1", "ll_1", "ret_2_r", "gender_male", "learning_leadership"):
        assert meta.missing_ranges[name] == [{"lo": c, "hi": c} for c in (-1.0, -2.0, -3.0)], name
    # system readers see the codes as missing
    back, _ = pyreadstat.read_sav(str(path))
    assert back.loc[short, "fl_1"].isna().all() and back.loc[[0, 1], "ll_1"].isna().all()
    # the reversed item: marked, and its recoded copy mirrored with mirrored labels
    labels = meta.column_names_to_labels
    assert labels["ret_2"].startswith("[reverse keyed; raw answer]")
    assert labels["ret_2_r"].startswith("[reverse scored: low + high - answer]")
    answered = back["ret_2"].notna()
    assert (back.loc[answered, "ret_2_r"] == 6 - back.loc[answered, "ret_2"]).all()
    assert meta.variable_value_labels["ret_2_r"][5.0] == meta.variable_value_labels["ret_2"][1.0]
    # dummies: gender 2 -> 1, 1 -> 0, 3-5 -> -3 (not in the dummy); role 2-4 -> manager 1, 1 -> 0
    assert raw.loc[[4, 5, 6], "gender_male"].tolist() == [1, 0, -3]
    assert raw.loc[[4, 5, 6], "manager"].tolist() == [1, 0, 1]
    assert labels["gender_male"] == "Gender (male = 1, female = 0)"
    # no value label over SPSS's 120 bytes, and the long option texts arrive as their short label
    for language in ("nl", "en", "fr", "de"):
        _, meta = pyreadstat.read_sav(
            str(write_export(table, tmp_path / f"{language}.sav", "sav", instrument, language=language)),
            metadataonly=True,
        )
        for name, options in meta.variable_value_labels.items():
            for code, text in options.items():
                assert len(text.encode("utf-8")) <= 120, (language, name, code)
        assert (
            meta.variable_value_labels["role"][3.0]
            == {"nl": "Manager", "en": "Manager", "fr": "Manager", "de": "Manager/in"}[language]
        )


def test_a_value_label_that_does_not_fit_is_refused_not_cut(frame, instrument, tmp_path):
    table = export_frame(frame, instrument, "scales")
    with pytest.raises(ValueError, match="short_label"):
        write_export(table, tmp_path / "x.sav", "sav", instrument, lot_labels={1: "x" * 121})
    assert not (tmp_path / "x.sav").exists()
