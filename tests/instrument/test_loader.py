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


def test_minimum_age_problems_are_named():
    from leerscan.instrument.loader import DEFINITIONS_DIR

    text = (DEFINITIONS_DIR / "employee.yaml").read_text(encoding="utf-8")
    assert problems_for(text.replace("min_age: 18", "min_age: 16")) == []  # one change moves both
    fixed_in_text = text.replace("als je {min_age} jaar", "als je 18 jaar")
    [problem] = problems_for(fixed_in_text)
    assert "field 'consent', field 'text', field 'nl': must say {min_age}" in problem
    own_minimum = text.replace("# min: eligibility.min_age", "min: 16")
    [problem] = problems_for(own_minimum)
    assert "question 'age', field 'min': leave 'min' out" in problem
    wrong_question = text.replace("age_question: age", "age_question: gender")
    assert any("'gender' must be the id of a number question" in p for p in problems_for(wrong_question))
    no_hours_minimum = text.replace("min: 1\n        max: 80", "max: 80")
    assert any("question 'hours': missing required field 'min'" in p for p in problems_for(no_hours_minimum))
