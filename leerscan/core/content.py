"""Content files a consultant edits without touching code (the report's advice, the maturity
profiles): YAML with a text per language, checked when read, re-read when changed."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml

LANGUAGES = ("nl", "en", "fr", "de")


class ContentFileError(ValueError):
    """A content file (advice, profiles) cannot be used; ``problems`` lists every reason."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"{path}: " + "; ".join(problems))


def check_text(value, where: str, problems: list[str]) -> None:
    """Add a problem unless ``value`` holds a non-empty text in every language."""
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a text per language ({', '.join(LANGUAGES)})")
        return
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the '{language}' text is missing")


def check_texts(values, where: str, minimum: int, problems: list[str]) -> None:
    """Add a problem unless ``values`` is a list of at least ``minimum`` texts in every language."""
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
