"""Validation names every problem in a broken definition precisely."""

from leerscan.instrument.loader import DEFINITIONS_DIR
from leerscan.instrument.validation import validate_file, validate_source


def problems_for(text):
    problems, _ = validate_source(text, "test.yaml")
    return [str(p) for p in problems]


def test_missing_id_is_reported_with_line(mini_text):
    text = mini_text.replace("- {id: a2, type: likert", "- {type: likert")
    problem, consequence = problems_for(text)
    assert problem == "test.yaml:39: section 'climate', question #2: missing required field 'id'"
    assert "refers to a missing item 'a2'" in consequence


def test_duplicate_question_id(mini_text):
    text = mini_text.replace("{id: a2,", "{id: a1,")
    problems = problems_for(text)
    assert any("question 'a1', field 'id': duplicate question id 'a1'" in p for p in problems)
    # the scale still refers to a2, which no longer exists
    assert any("scale 'climate', field 'items' #2: refers to a missing item 'a2'" in p for p in problems)


def test_unknown_response_scale(mini_text):
    text = mini_text.replace(
        "{id: f2, type: likert, response_scale: freq7", "{id: f2, type: likert, response_scale: freq6"
    )
    problems = problems_for(text)
    assert len(problems) == 1
    assert "question 'f2', field 'response_scale': unknown response scale 'freq6'" in problems[0]


def test_scale_refers_to_missing_item(mini_text):
    text = mini_text.replace("items: [a1, a2, a3]", "items: [a1, a2, a4]")
    [problem] = problems_for(text)
    assert "scale 'climate', field 'items' #3: refers to a missing item 'a4'" in problem


def test_missing_language_named_per_item(mini_text):
    text = mini_text.replace('text: {nl: "F2", en: "F2"}', 'text: {nl: "F2"}')
    [problem] = problems_for(text)
    assert "question 'f2', field 'text': missing language 'en'" in problem


def test_unknown_field_and_wrong_type(mini_text):
    text = mini_text.replace("reverse: true,", "reversed: true,").replace("max: 80", "max: eighty")
    problems = problems_for(text)
    assert any("question 'a3': unknown field 'reversed'" in p for p in problems)
    assert any("question 'age', field 'max': must be of type number" in p for p in problems)


def test_scale_mixing_response_scales_needs_rescaling(mini_text):
    text = mini_text.replace("rescale_items: true, ", "")
    problems = problems_for(text)
    assert any("item 'f1' is answered on 'freq7' (1-7) but the scale metric is 1-5" in p for p in problems)


def test_non_likert_item_in_scale_and_bad_references(mini_text):
    text = (
        mini_text.replace("items: [a1, a2, a3]", "items: [a1, a2, age]")
        .replace("only_if: {question: role, code: 3}", "only_if: {question: role, code: 9}")
        .replace("other_text: role_other", "other_text: nothing")
    )
    problems = problems_for(text)
    assert any("item 'age' is a number question" in p for p in problems)
    assert any("question 'role_other', field 'only_if', field 'code': code 9" in p for p in problems)
    assert any(
        "option '3', field 'other_text': 'nothing' must be the id of a text question" in p for p in problems
    )


def test_every_problem_is_reported_at_once(mini_text):
    text = (
        mini_text.replace("{id: a2,", "{id: a1,")
        .replace('text: {nl: "F2", en: "F2"}', 'text: {nl: "F2"}')
        .replace('response_scale: freq7, text: {nl: "F1"', 'response_scale: nope, text: {nl: "F1"')
    )
    assert len(problems_for(text)) >= 4


def test_not_yaml_and_not_a_mapping():
    [problem] = problems_for("a: [1, 2\nb: 3")
    assert "not valid YAML" in problem and problem.startswith("test.yaml:")
    [problem] = problems_for("- just\n- a list\n")
    assert "mapping" in problem


def test_validate_missing_file(tmp_path):
    [problem] = validate_file(tmp_path / "nope.yaml")
    assert "file not found" in str(problem)


def test_minimum_age_problems_are_named():

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
