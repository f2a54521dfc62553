"""Profile scoring of the L&D maturity scan: how well each profile fits, which ones are primary, the
natural next step, unmet preconditions, and the answers behind every conclusion.

Plain Python (no Django). The rules follow chapters 5 and 9.3 of the evaluation report: an
organization can fit several profiles at once; the profiles form a ladder from "no L&D policy yet"
to "a strong learning organization", so the next step is the first profile up the ladder that does
not fit yet; preconditions that are not met come before any step; with 20 or more employees a
training plan is a legal obligation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from leerscan.instrument.model import Instrument
from leerscan.instrument.scoring import score_responses

#: The maturity ladder (chapter 9.3): the next step is the next profile in this order.
LADDER = ("no_policy", "ambition", "basis", "employee_journey", "growth", "learning_organization")
POLICY_PROFILES = LADDER[1:]
PRECONDITIONS = ("awareness", "co_creation", "long_breath", "goals_needs", "time_for_learning")

#: A profile fits from this fit score on (0-100): the midpoint of the 1-4 scale (2.5), where its
#: statements apply more than they do not.
FIT_THRESHOLD = 50.0
#: A precondition counts as met from the same midpoint on.
PRECONDITION_THRESHOLD = 50.0
#: Fit scores are means of a few answers: compare them with this tolerance for rounding.
_EPSILON = 1e-9
#: An answer of 3 ("mostly") or 4 ("fully") supports a statement; 1 or 2 speaks against it.
SUPPORTING_ANSWER = 3
#: With this many employees or more, a training plan is a legal obligation (chapter 5.3).
LEGAL_PLAN_EMPLOYEES = 20
NO_TRAINING_PLAN = 3  # answer code of "training_plan": 3 = no plan


@dataclass(frozen=True)
class Evidence:
    """One answer behind a conclusion."""

    item: str
    answer: int
    supports: bool


@dataclass(frozen=True)
class ScaleFit:
    """Fit (0-100) of a profile, precondition or SHRD dimension, with the answers it rests on."""

    key: str
    fit: float  # nan when too few statements were answered
    evidence: tuple[Evidence, ...]

    @property
    def known(self) -> bool:
        return not math.isnan(self.fit)


@dataclass
class MaturityResult:
    profiles: dict[str, ScaleFit]
    preconditions: dict[str, ScaleFit]
    shrd: dict[str, ScaleFit]
    primary: list[str] = field(default_factory=list)  # best-fitting first
    next_step: str | None = None
    unmet_preconditions: list[str] = field(default_factory=list)  # weakest first
    training_plan_required: bool = False  # 20+ employees and no training plan

    @property
    def confident(self) -> bool:
        """True when at least one profile clearly fits."""
        return bool(self.primary)


def _fits(answers: Mapping[str, object], instrument: Instrument, group: str) -> dict[str, ScaleFit]:
    scales = [scale for scale in instrument.scales if scale.group == group]
    if not scales:
        return {}
    row = pd.DataFrame([{key: answers.get(key) for scale in scales for key in scale.items}], dtype="float")
    scores = score_responses(row, instrument, scale_keys=tuple(scale.key for scale in scales)).iloc[0]
    result = {}
    for scale in scales:
        evidence = tuple(
            Evidence(item, int(answers[item]), int(answers[item]) >= SUPPORTING_ANSWER)
            for item in scale.items
            if answers.get(item) not in (None, "")
        )
        result[scale.key] = ScaleFit(scale.key, float(scores[scale.key]), evidence)
    return result


def score_maturity(answers: Mapping[str, object], instrument: Instrument) -> MaturityResult:
    """Score one filled-in maturity scan (``answers``: question id -> answer code; missing = None)."""
    result = MaturityResult(
        profiles=_fits(answers, instrument, "profile"),
        preconditions=_fits(answers, instrument, "precondition"),
        shrd=_fits(answers, instrument, "shrd"),
    )
    fitting = [
        key
        for key in POLICY_PROFILES
        if key in result.profiles
        and result.profiles[key].known
        and result.profiles[key].fit >= FIT_THRESHOLD - _EPSILON
    ]
    no_policy = result.profiles.get("no_policy")
    if (
        not fitting
        and no_policy is not None
        and no_policy.known
        and no_policy.fit >= FIT_THRESHOLD - _EPSILON
    ):
        fitting = ["no_policy"]
    # best fit first; equal fits keep the ladder order
    result.primary = sorted(fitting, key=lambda key: (-result.profiles[key].fit, LADDER.index(key)))
    result.next_step = next_step(result.primary)
    unmet = [
        fit
        for fit in result.preconditions.values()
        if fit.known and fit.fit < PRECONDITION_THRESHOLD - _EPSILON
    ]
    result.unmet_preconditions = [fit.key for fit in sorted(unmet, key=lambda f: (f.fit, f.key))]
    employees = answers.get("employees")
    result.training_plan_required = (
        employees not in (None, "")
        and float(employees) >= LEGAL_PLAN_EMPLOYEES
        and answers.get("training_plan") == NO_TRAINING_PLAN
    )
    return result


def next_step(primary: list[str]) -> str | None:
    """The first profile above the highest fitting one on the ladder that does not fit yet.

    Without a fitting profile, the first step of the ladder ("ambition"). None at the top.
    """
    highest = max((LADDER.index(key) for key in primary), default=0)
    for key in LADDER[highest + 1 :]:
        if key not in primary:
            return key
    return None


@dataclass(frozen=True)
class AnswerDifference:
    item: str
    owner: int
    consultant: int


@dataclass(frozen=True)
class Comparison:
    """Owner and consultant side by side."""

    fit_differences: dict[str, float]  # consultant minus owner, per profile and precondition
    same_primary: bool
    differing_answers: list[AnswerDifference]  # two or more steps apart


def compare(
    owner_answers: Mapping[str, object],
    consultant_answers: Mapping[str, object],
    owner: MaturityResult,
    consultant: MaturityResult,
) -> Comparison:
    """Where owner and consultant agree and differ: fits, primary profiles, and answers 2+ steps apart."""
    differences = {}
    for group_owner, group_consultant in (
        (owner.profiles, consultant.profiles),
        (owner.preconditions, consultant.preconditions),
    ):
        for key, fit in group_owner.items():
            other = group_consultant.get(key)
            if other is not None and fit.known and other.known:
                differences[key] = other.fit - fit.fit
    apart = []
    for item, value in owner_answers.items():
        other = consultant_answers.get(item)
        if item in ("employees",) or value in (None, "") or other in (None, ""):
            continue
        if abs(int(value) - int(other)) >= 2:
            apart.append(AnswerDifference(item, int(value), int(other)))
    return Comparison(differences, set(owner.primary) == set(consultant.primary), apart)
