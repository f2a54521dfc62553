"""The advice file: the shipped one is complete, and a consultant's mistakes are listed clearly."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from leerscan.reports.content import CONDITIONS, LANGUAGES, ContentFileError, get_advice, parse_advice


def test_shipped_advice_covers_every_condition_in_every_language():
    advice = get_advice()
    assert set(advice.conditions) == set(CONDITIONS)
    for key in CONDITIONS:
        for language in LANGUAGES:
            assert advice.why(key, language)
            assert len(advice.suggestions(key, language)) >= 3
            assert advice.questions(key, language)
    assert advice.general("fr")


def test_problems_in_an_edited_file_are_all_listed():
    data = yaml.safe_load(Path(settings.LEERSCAN_ADVICE_FILE).read_text(encoding="utf-8"))
    del data["conditions"]["knowledge_sharing"]
    data["conditions"]["room_and_time"]["suggestions"][1].pop("de")
    data["conditions"]["learning_leadrship"] = data["conditions"]["learning_leadership"]
    with pytest.raises(ContentFileError) as error:
        parse_advice(yaml.safe_dump(data, allow_unicode=True), Path("advice.yaml"))
    assert error.value.problems == [
        "conditions.room_and_time.suggestions 2: the 'de' text is missing",
        "conditions.knowledge_sharing: missing",
        "conditions.learning_leadrship: unknown condition (known: " + ", ".join(CONDITIONS) + ")",
    ]


def test_broken_yaml_names_the_line():
    with pytest.raises(ContentFileError, match="line 2: not valid YAML"):
        parse_advice('conditions:\n  why: "unclosed\n', Path("advice.yaml"))


def test_check_advice_command(tmp_path, settings):
    out = StringIO()
    call_command("report", check_advice=True, stdout=out)
    assert "OK (6 conditions)" in out.getvalue()
    broken = tmp_path / "advice.yaml"
    broken.write_text("conditions: {}\ngeneral_questions: []\n", encoding="utf-8")
    settings.LEERSCAN_ADVICE_FILE = str(broken)
    with pytest.raises(CommandError, match="conditions.learning_leadership: missing"):
        call_command("report", check_advice=True)
