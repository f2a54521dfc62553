"""The loader accepts a valid definition and refuses a broken one with all its problems."""

import pytest

from leerscan.instrument.loader import InstrumentError, get_instrument, load_instrument
from leerscan.instrument.validation import validate_file


def test_valid_fixture_loads(mini):
    assert mini.id == "mini"
    assert [s.key for s in mini.scales] == ["climate", "mixed"]
    assert mini.questions["a3"].reverse is True
    assert mini.questions["a1"].required is True  # likert items are required by default
    assert mini.questions["f1"].variants == ("long",)  # inherited from the section
    assert mini.questions["a1"].variants == ("long", "short")


def test_load_raises_with_all_problems(tmp_path, mini_text):
    path = tmp_path / "broken.yaml"
    path.write_text(mini_text.replace("{id: a2,", "{id: a1,"), encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    assert len(info.value.problems) == 2
    assert all(p.file == "broken.yaml" for p in info.value.problems)


def test_packaged_employee_questionnaire_is_valid():
    from leerscan.instrument.loader import DEFINITIONS_DIR

    for path in DEFINITIONS_DIR.glob("*.yaml"):
        assert validate_file(path) == [], path
    assert get_instrument("employee").version


def test_one_minimum_age_for_the_consent_text_and_the_age_question():
    employee = get_instrument("employee")
    assert employee.min_age == employee.questions["age"].minimum == 18
    said = {
        "nl": "18 jaar of ouder",
        "en": "18 or older",
        "fr": "18 ans ou plus",
        "de": "mindestens 18 Jahre",
    }
    for language, words in said.items():
        assert words in employee.consent["text"][language]
        assert "{min_age}" not in employee.consent["text"][language]
