"""The report's advice: suggestions and follow-up questions per learning-climate condition.

They live in a YAML file (``LEERSCAN_ADVICE_FILE``, by default ``reports/content/advice.yaml``) so a
consultant can change them without touching code. The file is checked when it is read; every
problem is listed with what is wrong, and ``leerscan report --check-advice`` checks it on its own.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from leerscan.instrument.model import translate

CONDITIONS = (
    "learning_leadership",
    "room_and_time",
    "support_for_learning",
    "learning_opportunities",
    "knowledge_sharing",
    "responsibility_autonomy",
)
LANGUAGES = ("nl", "en", "fr", "de")


class AdviceFileError(ValueError):
    """The advice file cannot be used; ``problems`` lists every reason."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"{path}: " + "; ".join(problems))


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


def _check_text(value, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a text per language ({', '.join(LANGUAGES)})")
        return
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the '{language}' text is missing")


def _check_texts(values, where: str, minimum: int, problems: list[str]) -> None:
    if not isinstance(values, list) or len(values) < minimum:
        problems.append(f"{where}: expected a list of at least {minimum}")
        return
    for number, value in enumerate(values, start=1):
        _check_text(value, f"{where} {number}", problems)


def parse_advice(text: str, path: Path) -> Advice:
    """Read and check advice YAML; raises :class:`AdviceFileError` listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        # where the broken construct starts (e.g. an unclosed quote), else where parsing failed
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise AdviceFileError(path, [f"{where}not valid YAML ({getattr(error, 'problem', error)})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("conditions"), dict):
        raise AdviceFileError(path, ["expected 'conditions:' with one entry per condition"])
    problems: list[str] = []
    conditions = data["conditions"]
    for key in CONDITIONS:
        entry = conditions.get(key)
        if not isinstance(entry, dict):
            problems.append(f"conditions.{key}: missing")
            continue
        _check_text(entry.get("why"), f"conditions.{key}.why", problems)
        _check_texts(entry.get("suggestions"), f"conditions.{key}.suggestions", 1, problems)
        _check_texts(entry.get("questions"), f"conditions.{key}.questions", 1, problems)
    for key in conditions:
        if key not in CONDITIONS:
            problems.append(f"conditions.{key}: unknown condition (known: {', '.join(CONDITIONS)})")
    _check_texts(data.get("general_questions"), "general_questions", 1, problems)
    if problems:
        raise AdviceFileError(path, problems)
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


@functools.cache
def _load(path: str, modified: float) -> Advice:
    file = Path(path)
    return parse_advice(file.read_text(encoding="utf-8"), file)


def get_advice() -> Advice:
    """The advice file, re-read when it changes (so an edit shows without a restart)."""
    path = settings.LEERSCAN_ADVICE_FILE
    return _load(path, os.path.getmtime(path))
