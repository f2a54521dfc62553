"""The in-memory model of an instrument definition (immutable dataclasses, no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field

Text = dict[str, str]
"""A translated text: language code -> string."""


def translate(text: Text | None, language: str, fallback: str = "nl") -> str:
    """The text in ``language``, or in the fallback (source) language."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or next(iter(text.values()))


@dataclass(frozen=True)
class Option:
    code: int
    label: Text
    explanation: Text | None = None
    other_text: str | None = None
    short_label: Text | None = None  # for data files whose value labels are short (SPSS: 120 bytes)


@dataclass(frozen=True)
class ResponseScale:
    id: str
    options: tuple[Option, ...]
    anchors_only: bool = False

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.options)

    @property
    def low(self) -> int:
        return self.options[0].code

    @property
    def high(self) -> int:
        return self.options[-1].code


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # likert | number | single_choice | text
    text: Text
    section: str
    variants: tuple[str, ...]
    help: Text | None = None
    response_scale: ResponseScale | None = None
    reverse: bool = False
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    only_if: tuple[str, int] | None = None
    platform_field: str | None = None

    @property
    def codes(self) -> tuple[int, ...]:
        """Valid answer codes for likert and single-choice questions."""
        if self.response_scale is not None:
            return self.response_scale.codes
        return tuple(o.code for o in self.options)

    @property
    def asked(self) -> bool:
        """False for fields the platform fills in itself (organization, sector, size class)."""
        return self.platform_field is None


@dataclass(frozen=True)
class Section:
    id: str
    part: int | None
    title: Text
    intro: Text | None
    stem: Text | None
    variants: tuple[str, ...]
    questions: tuple[Question, ...]

    def questions_for(self, variant: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if variant in q.variants)


@dataclass(frozen=True, eq=False)
class Scale:
    key: str
    group: str
    label: Text
    description: Text | None
    items: tuple[str, ...]
    mapping: str
    metric: tuple[float, float]
    rescale_items: bool
    min_answered: float
    higher_is_better: bool = True


@dataclass(frozen=True)
class Variant:
    id: str
    label: Text
    description: Text | None = None


@dataclass(frozen=True, eq=False)
class Instrument:
    """A loaded questionnaire definition. Compared and hashed by identity (it is cached)."""

    id: str
    version: str
    title: Text
    languages: tuple[str, ...]
    translation_status: dict[str, str]
    attribution: Text
    source: str
    choices: tuple[dict, ...]
    consent: dict[str, Text]
    variants: tuple[Variant, ...]
    response_scales: dict[str, ResponseScale]
    sections: tuple[Section, ...]
    scales: tuple[Scale, ...]
    min_age: int | None = None  # who may take part (consent text and the age question's minimum)
    _questions: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._questions.update({q.id: q for s in self.sections for q in s.questions})

    @property
    def questions(self) -> dict[str, Question]:
        """All questions by id, in questionnaire order."""
        return self._questions

    @property
    def likert_items(self) -> tuple[Question, ...]:
        return tuple(q for q in self._questions.values() if q.type == "likert")

    def scale(self, key: str) -> Scale:
        for scale in self.scales:
            if scale.key == key:
                return scale
        raise KeyError(key)

    @property
    def scale_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.scales)

    def sections_for(self, variant: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.questions_for(variant))
