"""The report's advice: suggestions and follow-up questions per learning-climate condition.

They live in a YAML file (``LEERSCAN_ADVICE_FILE``, by default ``reports/content/advice.yaml``) so a
consultant can change them without touching code. The file is checked when it is read; every
problem is listed with what is wrong, and ``leerscan report --check-advice`` checks it on its own.
The checking helpers serve the maturity profiles file too.
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


class ContentFileError(ValueError):
    """A content file (advice, profiles) cannot be used; ``problems`` lists every reason."""

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


def check_text(value, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a text per language ({', '.join(LANGUAGES)})")
        return
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the '{language}' text is missing")


def check_texts(values, where: str, minimum: int, problems: list[str]) -> None:
    if not isinstance(values, list) or len(values) < minimum:
        problems.append(f"{where}: expected a list of at least {minimum}")
        return
    for number, value in enumerate(values, start=1):
        check_text(value, f"{where} {number}", problems)


def read_yaml(text: str, path: Path):
    """Parse YAML; a syntax error becomes a :class:`ContentFileError` naming the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        # where the broken construct starts (e.g. an unclosed quote), else where parsing failed
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ContentFileError(
            path, [f"{where}not valid YAML ({getattr(error, 'problem', error)})"]
        ) from None


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


@functools.cache
def _parsed(parse, path: str, modified: float):
    file = Path(path)
    return parse(file.read_text(encoding="utf-8"), file)


def load_content(parse, path: str):
    """A content file parsed by ``parse``, re-read when it changes (an edit shows without a restart).

    Raises :class:`ContentFileError` when the file is missing, cannot be read or is not UTF-8 text,
    as well as for every problem ``parse`` finds.
    """
    try:
        return _parsed(parse, path, os.path.getmtime(path))
    except FileNotFoundError:
        raise ContentFileError(Path(path), ["the file does not exist"]) from None
    except OSError as error:
        raise ContentFileError(Path(path), [f"the file cannot be read ({error.strerror or error})"]) from None
    except UnicodeDecodeError as error:
        raise ContentFileError(
            Path(path), [f"the file is not UTF-8 text (byte {error.start} cannot be read)"]
        ) from None


def get_advice() -> Advice:
    """The advice file (``LEERSCAN_ADVICE_FILE``)."""
    return load_content(parse_advice, settings.LEERSCAN_ADVICE_FILE)
