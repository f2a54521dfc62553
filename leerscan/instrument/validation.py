"""Validate instrument definition files (YAML, format ``leerscan-instrument/1``).

Reports *every* problem in a file with its location (file, line, section/question/scale id,
field), so that the person editing the file can fix them all in one go. Plain Python: no Django
import.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).parent / "instrument.schema.json"
MIN_AGE = "{min_age}"  # in the consent text: replaced by eligibility.min_age


@dataclass(frozen=True)
class Problem:
    """One problem in a definition file, with where it is."""

    file: str
    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.location}: {self.message}" if self.location else f"{where}: {self.message}"


class InstrumentError(ValueError):
    """A definition file has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------------------------
# Locating things in the YAML source


class _Located:
    """Maps a path inside the parsed data (keys and list indexes) to a line in the YAML file."""

    def __init__(self, node: yaml.Node | None):
        self.root = node

    def line(self, path: tuple) -> int | None:
        node = self.root
        best = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == step:
                        best = key_node.start_mark.line + 1
                        node = value_node
                        break
                else:
                    return best
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return best
                node = node.value[step]
                best = node.start_mark.line + 1
            else:
                return best
        return best


def _describe(data: Any, path: tuple) -> str:
    """Human location for a data path, using ids: ``question 'fl_3', field 'text'``."""
    parts: list[str] = []
    node = data
    i = 0
    while i < len(path):
        step = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        kinds = {
            "sections": "section",
            "questions": "question",
            "scales": "scale",
            "response_scales": "response scale",
            "options": "option",
            "variants": "variant",
            "choices": "choice",
        }
        if step in kinds and isinstance(nxt, int) and isinstance(node, dict):
            seq = node.get(step)
            element = seq[nxt] if isinstance(seq, list) and nxt < len(seq) else None
            ident = None
            if isinstance(element, dict):
                ident = element.get("id", element.get("key", element.get("code")))
            label = f"'{ident}'" if ident is not None else f"#{nxt + 1}"
            parts.append(f"{kinds[step]} {label}")
            node = element
            i += 2
            continue
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1]} #{step + 1}" if parts else f"#{step + 1}"]
        else:
            parts.append(f"field '{step}'")
        node = node.get(step) if isinstance(node, dict) else None
        i += 1
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Validation


@functools.cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = [m for m in error.validator_value if m not in (error.instance or {})]
        return "missing required field " + ", ".join(f"'{m}'" for m in missing)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "unknown field " + ", ".join(f"'{e}'" for e in extra)
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed here (choose one of: {allowed})"
    if error.validator == "const":
        return f"must be {error.validator_value!r}, not {error.instance!r}"
    if error.validator == "type":
        return f"must be of type {error.validator_value}, not {type(error.instance).__name__}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{error.instance!r} has the wrong form (expected pattern {error.validator_value})"
    return error.message


class _Checker:
    """Collects problems for one file."""

    def __init__(self, file: str, data: Any, located: _Located):
        self.file = file
        self.data = data
        self.located = located
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, _describe(self.data, path), message, self.located.line(path)))

    # -- structure ------------------------------------------------------------------------
    def check_schema(self) -> None:
        errors = sorted(_schema_validator().iter_errors(self.data), key=lambda e: list(map(str, e.path)))
        for error in errors:
            if error.validator in ("if", "allOf"):
                continue
            self.add(tuple(error.path), _schema_message(error))

    # -- cross references ------------------------------------------------------------------
    def check_references(self) -> None:
        data = self.data
        if not isinstance(data, dict):
            return
        languages = [lang for lang in data.get("languages") or [] if isinstance(lang, str)]
        self._check_texts(data, (), languages)

        variant_ids = self._unique_ids(data.get("variants"), ("variants",), "id", "variant")
        scale_ids = self._unique_ids(
            data.get("response_scales"), ("response_scales",), "id", "response scale"
        )
        self._unique_ids(data.get("sections"), ("sections",), "id", "section")
        response_scales = {
            rs["id"]: rs for rs in data.get("response_scales") or [] if isinstance(rs, dict) and "id" in rs
        }
        for i, rs in enumerate(data.get("response_scales") or []):
            if isinstance(rs, dict):
                self._check_codes(rs.get("options"), ("response_scales", i, "options"))

        questions: dict[str, tuple[tuple, dict]] = {}
        for s, section in enumerate(data.get("sections") or []):
            if not isinstance(section, dict):
                continue
            self._check_variants(section.get("variants"), ("sections", s, "variants"), variant_ids)
            for q, question in enumerate(section.get("questions") or []):
                if not isinstance(question, dict):
                    continue
                path = ("sections", s, "questions", q)
                qid = question.get("id")
                if qid in questions:
                    self.add(
                        path + ("id",),
                        f"duplicate question id '{qid}' (first used at line "
                        f"{self.located.line(questions[qid][0])})",
                    )
                elif isinstance(qid, str):
                    questions[qid] = (path, question)
                self._check_variants(question.get("variants"), path + ("variants",), variant_ids)
                self._check_question(question, path, scale_ids)

        for path, question in questions.values():
            cond = question.get("only_if")
            if isinstance(cond, dict) and cond.get("question") is not None:
                target = questions.get(cond["question"])
                if target is None:
                    self.add(path + ("only_if", "question"), f"unknown question '{cond['question']}'")
                elif cond.get("code") not in _codes(target[1], response_scales):
                    self.add(
                        path + ("only_if", "code"),
                        f"code {cond.get('code')!r} is not an answer of question '{cond['question']}'",
                    )
            for o, option in enumerate(question.get("options") or []):
                other = option.get("other_text") if isinstance(option, dict) else None
                if other is not None:
                    target = questions.get(other)
                    if target is None or target[1].get("type") != "text":
                        self.add(
                            path + ("options", o, "other_text"),
                            f"'{other}' must be the id of a text question",
                        )

        self._check_eligibility(data, questions)
        self._unique_ids(data.get("scales"), ("scales",), "key", "scale")
        for k, scale in enumerate(data.get("scales") or []):
            if isinstance(scale, dict):
                self._check_scale(scale, ("scales", k), questions, response_scales)

    def _check_eligibility(self, data: dict, questions: dict) -> None:
        """One minimum age, said in every consent text and used as the age question's lowest answer."""
        eligibility = data.get("eligibility") if isinstance(data.get("eligibility"), dict) else None
        consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
        texts = consent.get("text") if isinstance(consent.get("text"), dict) else {}
        for language, text in texts.items():
            if isinstance(text, str) and (MIN_AGE in text) != (eligibility is not None):
                self.add(
                    ("consent", "text", language),
                    f"must say {MIN_AGE} (the minimum age of 'eligibility')"
                    if eligibility
                    else f"says {MIN_AGE} but the file has no 'eligibility'",
                )
        age_question = (eligibility or {}).get("age_question")
        for qid, (path, question) in questions.items():
            if question.get("type") != "number":
                continue
            if qid == age_question and "min" in question:
                self.add(path + ("min",), "leave 'min' out: the lowest age is eligibility.min_age")
            elif qid != age_question and "min" not in question:
                self.add(path, "missing required field 'min'")
        if eligibility and isinstance(age_question, str):
            found = questions.get(age_question)
            if found is None or found[1].get("type") != "number":
                message = f"'{age_question}' must be the id of a number question"
                self.add(("eligibility", "age_question"), message)
            elif isinstance(found[1].get("max"), int | float) and isinstance(eligibility.get("min_age"), int):
                if found[1]["max"] <= eligibility["min_age"]:
                    self.add(found[0] + ("max",), "max must be larger than eligibility.min_age")

    def _unique_ids(self, seq: Any, path: tuple, field: str, kind: str) -> set[str]:
        seen: set[str] = set()
        for i, element in enumerate(seq or []):
            if isinstance(element, dict) and isinstance(element.get(field), str):
                if element[field] in seen:
                    self.add(path + (i, field), f"duplicate {kind} {field} '{element[field]}'")
                seen.add(element[field])
        return seen

    def _check_codes(self, options: Any, path: tuple) -> None:
        codes = [o.get("code") for o in options or [] if isinstance(o, dict)]
        if any(not isinstance(c, int) for c in codes):
            return  # the schema reports it
        if len(set(codes)) != len(codes):
            self.add(path, "answer codes must be unique")
        elif codes != sorted(codes):
            self.add(path, "answer codes must be in ascending order")

    def _check_variants(self, variants: Any, path: tuple, known: set[str]) -> None:
        for i, v in enumerate(variants or []):
            if isinstance(v, str) and v not in known:
                self.add(path + (i,), f"unknown variant '{v}' (known: {', '.join(sorted(known))})")

    def _check_question(self, question: dict, path: tuple, scale_ids: set[str]) -> None:
        qtype = question.get("type")
        if qtype == "likert":
            rs = question.get("response_scale")
            if isinstance(rs, str) and rs not in scale_ids:
                self.add(
                    path + ("response_scale",),
                    f"unknown response scale '{rs}' (known: {', '.join(sorted(scale_ids))})",
                )
        elif qtype == "number":
            lo, hi = question.get("min"), question.get("max")
            if isinstance(lo, int | float) and isinstance(hi, int | float) and lo >= hi:
                self.add(path + ("max",), f"max ({hi}) must be larger than min ({lo})")
        elif qtype == "single_choice":
            self._check_codes(question.get("options"), path + ("options",))
        misplaced = {
            "likert": ["min", "max", "options", "max_length", "integer"],
            "number": ["response_scale", "options", "reverse", "max_length"],
            "single_choice": ["response_scale", "reverse", "min", "max", "max_length"],
            "text": ["response_scale", "reverse", "min", "max", "options", "integer"],
        }.get(qtype, [])
        for field in misplaced:
            if field in question:
                self.add(path + (field,), f"field '{field}' does not apply to a {qtype} question")

    def _check_scale(self, scale: dict, path: tuple, questions: dict, response_scales: dict) -> None:
        scoring = scale.get("scoring") if isinstance(scale.get("scoring"), dict) else {}
        metric = scoring.get("metric")
        rescale = scoring.get("rescale_items", False)
        if isinstance(metric, list) and len(metric) == 2 and metric[0] >= metric[1]:
            self.add(path + ("scoring", "metric"), "metric must be [lowest, highest]")
        seen: set[str] = set()
        for i, item in enumerate(scale.get("items") or []):
            if not isinstance(item, str):
                continue
            if item in seen:
                self.add(path + ("items", i), f"item '{item}' is listed twice")
            seen.add(item)
            found = questions.get(item)
            if found is None:
                self.add(path + ("items", i), f"refers to a missing item '{item}'")
                continue
            question = found[1]
            if question.get("type") != "likert":
                self.add(
                    path + ("items", i),
                    f"item '{item}' is a {question.get('type')} question; only likert items can be scored",
                )
                continue
            rs = response_scales.get(question.get("response_scale"))
            if rs is None or rescale or not isinstance(metric, list) or len(metric) != 2:
                continue
            codes = [o.get("code") for o in rs.get("options") or [] if isinstance(o, dict)]
            if codes and [min(codes), max(codes)] != list(metric):
                self.add(
                    path + ("items", i),
                    f"item '{item}' is answered on '{rs['id']}' ({min(codes)}-{max(codes)}) but the "
                    f"scale metric is {metric[0]}-{metric[1]}; set scoring.rescale_items: true",
                )

    def _check_texts(self, node: Any, path: tuple, languages: list[str]) -> None:
        """Every translated text must have exactly the instrument's languages."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _TEXT_FIELDS and isinstance(value, dict):
                    missing = [lang for lang in languages if lang not in value]
                    extra = [lang for lang in value if lang not in languages]
                    if missing:
                        self.add(path + (key,), "missing language " + ", ".join(f"'{m}'" for m in missing))
                    if extra:
                        self.add(
                            path + (key,),
                            "language not in 'languages': " + ", ".join(f"'{e}'" for e in extra),
                        )
                else:
                    self._check_texts(value, path + (key,), languages)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self._check_texts(value, path + (i,), languages)


_TEXT_FIELDS = {
    "title",
    "text",
    "intro",
    "stem",
    "label",
    "description",
    "explanation",
    "help",
    "attribution",
    "agree",
    "refuse",
}


def _codes(question: dict, response_scales: dict) -> set[int]:
    if question.get("type") == "single_choice":
        return {o.get("code") for o in question.get("options") or [] if isinstance(o, dict)}
    if question.get("type") == "likert":
        rs = response_scales.get(question.get("response_scale"), {})
        return {o.get("code") for o in rs.get("options") or [] if isinstance(o, dict)}
    return set()


def validate_source(text: str, file: str = "<definition>") -> tuple[list[Problem], Any]:
    """Check a definition's text; return ``(problems, parsed data)``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        return [Problem(file, "", f"not valid YAML: {exc.problem}", line)], None
    except yaml.YAMLError as exc:
        return [Problem(file, "", f"not valid YAML: {exc}")], None
    if not isinstance(data, dict):
        return [Problem(file, "", "the file must contain a mapping (key: value pairs) at the top")], data
    checker = _Checker(file, data, _Located(node))
    checker.check_schema()
    checker.check_references()
    return checker.problems, data


def validate_file(path: str | Path) -> list[Problem]:
    """All problems in a definition file; an empty list means the file is valid."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [Problem(str(path), "", "file not found")]
    except UnicodeDecodeError:
        return [Problem(str(path), "", "the file is not UTF-8 text")]
    problems, _ = validate_source(text, path.name)
    return problems
