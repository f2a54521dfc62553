"""Load instrument definition files (YAML, format ``leerscan-instrument/1``).

The questionnaire is data, not code. This module turns a definition file, once
:mod:`leerscan.instrument.validation` found no problem in it, into an
:class:`~leerscan.instrument.model.Instrument`. Plain Python: no Django import.
"""

from __future__ import annotations

import functools
from pathlib import Path

from leerscan.instrument.model import (
    Instrument,
    Option,
    Question,
    ResponseScale,
    Scale,
    Section,
    Variant,
)
from leerscan.instrument.validation import (
    MIN_AGE,
    InstrumentError,
    Problem,
    validate_file,  # noqa: F401 (still importable from the loader)
    validate_source,
)

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
DEFAULT_INSTRUMENT = "employee"

# --------------------------------------------------------------------------------------------
# Building the model


def _options(raw: list[dict] | None) -> tuple[Option, ...]:
    return tuple(
        Option(
            code=o["code"],
            label=o["label"],
            explanation=o.get("explanation"),
            other_text=o.get("other_text"),
            short_label=o.get("short_label"),
        )
        for o in raw or []
    )


def build_instrument(data: dict) -> Instrument:
    """Turn validated definition data into an :class:`Instrument`."""
    all_variants = tuple(v["id"] for v in data["variants"])
    eligibility = data.get("eligibility") or {}
    min_age, age_question = eligibility.get("min_age"), eligibility.get("age_question")
    response_scales = {
        rs["id"]: ResponseScale(
            id=rs["id"], options=_options(rs["options"]), anchors_only=rs.get("anchors_only", False)
        )
        for rs in data["response_scales"]
    }
    sections = []
    for s in data["sections"]:
        section_variants = tuple(s.get("variants") or all_variants)
        questions = tuple(
            Question(
                id=q["id"],
                type=q["type"],
                text=q["text"],
                help=q.get("help"),
                response_scale=response_scales.get(q.get("response_scale")),
                reverse=q.get("reverse", False),
                required=q.get("required", q["type"] == "likert"),
                variants=tuple(q.get("variants") or section_variants),
                minimum=min_age if q["id"] == age_question else q.get("min"),
                maximum=q.get("max"),
                integer=q.get("integer", False),
                unit=q.get("unit"),
                options=_options(q.get("options")),
                max_length=q.get("max_length", 500) if q["type"] == "text" else None,
                only_if=(q["only_if"]["question"], q["only_if"]["code"]) if q.get("only_if") else None,
                platform_field=q.get("platform_field"),
                section=s["id"],
            )
            for q in s["questions"]
        )
        sections.append(
            Section(
                id=s["id"],
                part=s.get("part"),
                title=s["title"],
                intro=s.get("intro"),
                stem=s.get("stem"),
                variants=section_variants,
                questions=questions,
            )
        )
    scales = tuple(
        Scale(
            key=k["key"],
            group=k["group"],
            label=k["label"],
            description=k.get("description"),
            items=tuple(k["items"]),
            mapping=k.get("mapping", "documented"),
            metric=(float(k["scoring"]["metric"][0]), float(k["scoring"]["metric"][1])),
            rescale_items=k["scoring"].get("rescale_items", False),
            min_answered=float(k["scoring"].get("min_answered", 2 / 3)),
            higher_is_better=k.get("higher_is_better", True),
        )
        for k in data.get("scales") or []
    )
    return Instrument(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        languages=tuple(data["languages"]),
        translation_status=data.get("translation_status", {}),
        attribution=data["attribution"],
        source=data.get("source", ""),
        choices=tuple(data.get("choices") or ()),
        consent={
            key: {lang: value.replace(MIN_AGE, str(min_age)) for lang, value in text.items()}
            for key, text in data["consent"].items()
        },
        min_age=min_age,
        variants=tuple(
            Variant(id=v["id"], label=v["label"], description=v.get("description")) for v in data["variants"]
        ),
        response_scales=response_scales,
        sections=tuple(sections),
        scales=scales,
    )


def load_instrument(path: str | Path) -> Instrument:
    """Load a definition file; raise :class:`InstrumentError` listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise InstrumentError([Problem(str(path), "", f"cannot read the file: {exc}")]) from exc
    problems, data = validate_source(text, path.name)
    if problems:
        raise InstrumentError(problems)
    return build_instrument(data)


@functools.cache
def get_instrument(instrument_id: str = DEFAULT_INSTRUMENT) -> Instrument:
    """The packaged instrument with this id (cached; definitions are immutable at run time)."""
    return load_instrument(DEFINITIONS_DIR / f"{instrument_id}.yaml")
