"""The partnership scan's instrument as data: load and check ``definitions/partnership.yaml``.

Format ``leerscan-partnership/1``: part A is a roster (the network circle, asked once per other provider
of the lot), parts B-E are questions (likert with "don't know", single choice, multi-select, open text).
Plain Python, no Django (an import-linter contract keeps it so), so researchers can use it on its own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FORMAT = "leerscan-partnership/1"
LANGUAGES = ("nl", "en", "fr", "de")
PARTS = ("A", "B", "C", "D", "E")
TYPES = ("likert", "choice", "multi", "text")
DEFINITION = Path(__file__).parent / "definitions" / "partnership.yaml"
NBSP = "\u00a0"

Text = dict[str, str]


class PartnershipInstrumentError(ValueError):
    """The definition has problems; ``problems`` lists every one (not only the first)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def french(text: str) -> str:
    """French typography: a non-breaking space before : ; ? ! and inside « »."""
    for mark in (":", ";", "?", "!", "»"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")


def translate(text: Text | None, language: str) -> str:
    """The text in ``language`` (Dutch, the source, when missing)."""
    if not text:
        return ""
    return text.get(language) or text["nl"]


@dataclass(frozen=True)
class Option:
    code: int | str
    label: Text
    missing: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    part: str
    type: str
    text: Text
    subscale: str | None = None
    reverse: bool = False
    coordinator_only: bool = False
    options: tuple[Option, ...] = ()
    max_selected: int | None = None


@dataclass(frozen=True)
class Subscale:
    key: str
    label: Text
    items: tuple[str, ...]
    layer: int | None  # None for autonomy (reported beside layer 1) and the outcomes
    beside: int | None = None


@dataclass(frozen=True)
class Layer:
    key: int
    label: Text
    subscales: tuple[str, ...]


@dataclass(frozen=True)
class PartnershipInstrument:
    id: str
    version: str
    title: Text
    forms: tuple[Option, ...]  # code f1/f2/f3, with ``position`` implied by order
    directions: tuple[Option, ...]
    contribution_question: Text
    contribution: tuple[Option, ...]
    agree: tuple[Option, ...]
    parts: dict[str, dict]
    questions: tuple[Question, ...]
    subscales: dict[str, Subscale]
    layers: tuple[Layer, ...]
    scoring: dict = field(default_factory=dict)

    def part(self, part: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.part == part)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    @property
    def likert_codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.agree if not o.missing)


def _texts(node, path: str, problems: list[str]) -> None:
    """Every translated text (a dict with an ``nl`` key) has all four languages, none empty."""
    if isinstance(node, dict):
        if "nl" in node and all(isinstance(v, str) for v in node.values()):
            missing = [lang for lang in LANGUAGES if not str(node.get(lang, "")).strip()]
            if missing:
                problems.append(f"{path}: no text in {', '.join(missing)}")
            return
        for key, value in node.items():
            _texts(value, f"{path}.{key}", problems)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _texts(value, f"{path}[{index}]", problems)


def _options(raw) -> tuple[Option, ...]:
    return tuple(
        Option(code=o["code"], label=_french_text(o["label"]), missing=o.get("missing", False))
        for o in raw or []
    )


def _french_text(text: Text) -> Text:
    return {**text, "fr": french(text["fr"])} if "fr" in text else text


def check(data: dict) -> list[str]:
    """Every problem of a definition: format, languages, parts, types, ids, subscales and layers."""
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"format: expected {FORMAT}")
    if tuple(data.get("languages") or ()) != LANGUAGES:
        problems.append(f"languages: expected {list(LANGUAGES)}")
    _texts(data, "", problems)
    ids = [q.get("id") for q in data.get("questions") or []]
    problems += [f"question {i}: id used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    subscales = {s["key"] for s in data.get("subscales") or []}
    for q in data.get("questions") or []:
        where = f"question {q.get('id')}"
        if q.get("part") not in PARTS[1:]:
            problems.append(f"{where}: part must be one of B-E")
        if q.get("type") not in TYPES:
            problems.append(f"{where}: type must be one of {', '.join(TYPES)}")
        if q.get("type") in ("choice", "multi") and not q.get("options"):
            problems.append(f"{where}: a {q.get('type')} question needs options")
        if q.get("subscale") and q["subscale"] not in subscales:
            problems.append(f"{where}: unknown subscale {q['subscale']}")
        if q.get("subscale") and q.get("type") != "likert":
            problems.append(f"{where}: only likert items belong to a subscale")
    for s in subscales:
        if sum(1 for q in data.get("questions") or [] if q.get("subscale") == s) < 2:
            problems.append(f"subscale {s}: needs at least 2 items (alpha)")
    for layer in data.get("layers") or []:
        for key in layer.get("subscales") or []:
            if key not in subscales:
                problems.append(f"layer {layer.get('key')}: unknown subscale {key}")
    forms = [f.get("id") for f in data.get("forms") or []]
    if forms != ["f1", "f2", "f3"]:
        problems.append("forms: expected f1, f2, f3 (annex 6)")
    if [o.get("code") for o in (data.get("contribution") or {}).get("options") or []] != [1, 2, 3, 4]:
        problems.append("contribution: expected codes 1-4 (annex 6)")
    return problems


def build(data: dict) -> PartnershipInstrument:
    """The instrument of checked definition data."""
    layer_of = {key: layer["key"] for layer in data["layers"] for key in layer["subscales"]}
    questions = tuple(
        Question(
            id=q["id"],
            part=q["part"],
            type=q["type"],
            text=_french_text(q["text"]),
            subscale=q.get("subscale"),
            reverse=q.get("reverse", False),
            coordinator_only=q.get("coordinator_only", False),
            options=_options(q.get("options")),
            max_selected=q.get("max_selected"),
        )
        for q in data["questions"]
    )
    subscales = {
        s["key"]: Subscale(
            key=s["key"],
            label=_french_text(s["label"]),
            items=tuple(q.id for q in questions if q.subscale == s["key"]),
            layer=layer_of.get(s["key"]),
            beside=s.get("beside"),
        )
        for s in data["subscales"]
    }
    return PartnershipInstrument(
        id=data["id"],
        version=data["version"],
        title=_french_text(data["title"]),
        forms=tuple(Option(code=f["id"], label=_french_text(f["label"])) for f in data["forms"]),
        directions=_options(data["directions"]),
        contribution_question=_french_text(data["contribution"]["question"]),
        contribution=_options(data["contribution"]["options"]),
        agree=_options(data["response_scales"]["agree5"]),
        parts={
            p["id"]: {"title": _french_text(p["title"]), "intro": _french_text(p.get("intro") or {})}
            for p in data["parts"]
        },
        questions=questions,
        subscales=subscales,
        layers=tuple(
            Layer(key=la["key"], label=_french_text(la["label"]), subscales=tuple(la["subscales"]))
            for la in data["layers"]
        ),
        scoring=dict(data.get("scoring") or {}),
    )


def load(path: str | Path = DEFINITION) -> PartnershipInstrument:
    """Load and check a definition file; raise :class:`PartnershipInstrumentError` with every problem."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    problems = check(data)
    if problems:
        raise PartnershipInstrumentError(problems)
    return build(data)


@functools.cache
def get_instrument() -> PartnershipInstrument:
    """The packaged instrument (cached: definitions do not change at run time)."""
    return load()
