"""The level scale of a matrix as people read it: the standard four levels (translated), or the
organization's own levels in its own words. Level 0 ("not yet") belongs to every scale."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerscan.competences.models import Matrix

STANDARD_LEVELS = [
    (gettext_lazy("Learning"), gettext_lazy("I do this with help from a colleague.")),
    (gettext_lazy("On my own"), gettext_lazy("I do this on my own in normal situations.")),
    (
        gettext_lazy("Experienced"),
        gettext_lazy("I also do this on my own when something unusual happens or goes wrong."),
    ),
    (gettext_lazy("Can teach"), gettext_lazy("I can teach this to colleagues and help improve how we work.")),
]


# The same levels as a manager reads them about someone else (no subject: no "he" or "she").
STANDARD_LEVELS_ABOUT_SOMEONE = [
    gettext_lazy("Does this with help from a colleague."),
    gettext_lazy("Does this without help in normal situations."),
    gettext_lazy("Also does this without help when something unusual happens or goes wrong."),
    gettext_lazy("Can teach this to colleagues and helps improve how we work."),
]


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    description: str

    @property
    def label(self) -> str:
        return f"{self.number} · {self.name}"


def not_yet(about_someone: bool = False) -> Level:
    return Level(0, _("Not yet"), _("Cannot do this yet.") if about_someone else _("I cannot do this yet."))


def levels_of(matrix: Matrix, with_zero: bool = True, about_someone: bool = False) -> list[Level]:
    """The levels of ``matrix`` in the active language (custom levels as written). The standard
    descriptions are in the first person ("I do this …") for the person's own page; with
    ``about_someone`` they describe someone else, for the manager's view of a report."""
    if matrix.levels:
        steps = [
            Level(n, item.get("name", ""), item.get("description", ""))
            for n, item in enumerate(matrix.levels, 1)
        ]
    else:
        texts = STANDARD_LEVELS_ABOUT_SOMEONE if about_someone else [text for _n, text in STANDARD_LEVELS]
        steps = [
            Level(n, str(name), str(text))
            for n, ((name, _own), text) in enumerate(zip(STANDARD_LEVELS, texts, strict=True), 1)
        ]
    return ([not_yet(about_someone)] if with_zero else []) + steps


def level_name(levels: list[Level], number: int | None) -> str:
    """'2 · On my own', or '–' when there is no level."""
    if number is None:
        return "–"
    for level in levels:
        if level.number == number:
            return level.label
    return str(number)
