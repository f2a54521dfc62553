"""The report's advice: suggestions and follow-up questions per learning-climate condition.

They live in a YAML file (``LEERSCAN_ADVICE_FILE``, by default ``reports/content/advice.yaml``) so a
consultant can change them without touching code. The file is checked when it is read; every
problem is listed with what is wrong, and ``leerscan report --check-advice`` checks it on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from leerscan.core.content import (
    ContentFileError,
    check_text,
    check_texts,
    load_content,
    read_yaml,
)
from leerscan.instrument.model import translate

CONDITIONS = (
    "learning_leadership",
    "room_and_time",
    "support_for_learning",
    "learning_opportunities",
    "knowledge_sharing",
    "responsibility_autonomy",
)


@dataclass(frozen=True)
class ConditionAdvice:
    why: dict
    suggestions: tuple[dict, ...]
    questions: tuple[dict, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    conditions: dict[str, ConditionAdvice]
    general_questions: tuple[dict, ...]

    def why(self, condition: str, language: str) -> str:
        return translate(self.conditions[condition].why, language)

    def suggestions(self, condition: str, language: str) -> list[str]:
        return [translate(text, language) for text in self.conditions[condition].suggestions]

    def questions(self, condition: str, language: str) -> list[str]:
        return [translate(text, language) for text in self.conditions[condition].questions]

    def general(self, language: str) -> list[str]:
        return [translate(text, language) for text in self.general_questions]


def parse_advice(text: str, path: Path) -> Advice:
    """Read and check advice YAML; raises :class:`ContentFileError` listing every problem."""
    data = read_yaml(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("conditions"), dict):
        raise ContentFileError(path, ["expected 'conditions:' with one entry per condition"])
    problems: list[str] = []
    conditions = data["conditions"]
    for key in CONDITIONS:
        entry = conditions.get(key)
        if not isinstance(entry, dict):
            problems.append(f"conditions.{key}: missing")
            continue
        check_text(entry.get("why"), f"conditions.{key}.why", problems)
        check_texts(entry.get("suggestions"), f"conditions.{key}.suggestions", 1, problems)
        check_texts(entry.get("questions"), f"conditions.{key}.questions", 1, problems)
    for key in conditions:
        if key not in CONDITIONS:
            problems.append(f"conditions.{key}: unknown condition (known: {', '.join(CONDITIONS)})")
    check_texts(data.get("general_questions"), "general_questions", 1, problems)
    if problems:
        raise ContentFileError(path, problems)
    return Advice(
        conditions={
            key: ConditionAdvice(
                why=conditions[key]["why"],
                suggestions=tuple(conditions[key]["suggestions"]),
                questions=tuple(conditions[key]["questions"]),
                sources=tuple(conditions[key].get("sources") or ()),
            )
            for key in CONDITIONS
        },
        general_questions=tuple(data["general_questions"]),
    )


def get_advice() -> Advice:
    """The advice file (``LEERSCAN_ADVICE_FILE``)."""
    return load_content(parse_advice, settings.LEERSCAN_ADVICE_FILE)
