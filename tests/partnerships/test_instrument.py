"""The partnership instrument as data: complete in four languages, and every problem reported."""

import copy

import pytest
import yaml

from leerscan.partnerships.instrument import (
    DEFINITION,
    LANGUAGES,
    NBSP,
    PartnershipInstrumentError,
    check,
    get_instrument,
    load,
)


def test_the_packaged_instrument_has_parts_a_to_e_and_the_three_layers():
    instrument = get_instrument()
    assert {q.part for q in instrument.questions} == {"B", "C", "D", "E"}  # A is the roster
    assert [form.code for form in instrument.forms] == ["f1", "f2", "f3"]
    assert [o.code for o in instrument.contribution] == [1, 2, 3, 4]
    layers = [layer.subscales for layer in instrument.layers]
    assert layers == [("ps", "sv", "co"), ("sg", "ti", "oi"), ("gl", "bc")]
    assert instrument.subscales["au"].layer is None  # autonomy is reported beside cohesion, not in it
    assert instrument.question("sv3").reverse and instrument.question("ti3").reverse
    assert instrument.question("e4").max_selected == 3
    assert any(o.missing for o in instrument.agree)  # "don't know"


def test_every_text_exists_in_four_languages_and_french_has_its_spaces():
    data = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    assert check(data) == []
    instrument = get_instrument()
    for question in instrument.questions:
        assert all(question.text[lang].strip() for lang in LANGUAGES), question.id
        assert " ?" not in question.text["fr"] and " :" not in question.text["fr"]
    assert instrument.question("cd3").text["fr"].endswith(f"{NBSP}?")


def test_a_broken_definition_lists_every_problem(tmp_path):
    data = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    del broken["questions"][0]["text"]["de"]
    broken["questions"][1]["subscale"] = "nope"
    broken["questions"][2]["id"] = broken["questions"][3]["id"]
    broken["forms"] = broken["forms"][:2]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PartnershipInstrumentError) as error:
        load(path)
    problems = " | ".join(error.value.problems)
    assert "no text in de" in problems
    assert "unknown subscale nope" in problems
    assert "id used twice" in problems
    assert "forms: expected f1, f2, f3" in problems
