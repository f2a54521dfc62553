"""The steps of a trajectory and what must be in place before each one.

Plain Python (no Django), so the rules can be read and tested on their own. The order follows annex 1
of the evaluation report: registration, eligibility approved by the programme *before* the start
(chapter 8.5: "goedkeuring vooraf, geen controle achteraf"), intake, an agreed indicative plan of
approach with its de minimis declaration, the coaching itself, and an action plan at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ORDER = ("registered", "approved", "intake", "plan_agreed", "running", "completed")
STOPPED = "stopped"
#: The steps a person may choose on the trajectory page; "approved" is only set by the programme's
#: eligibility review.
MANUAL_NEXT = {
    "approved": "intake",
    "intake": "plan_agreed",
    "plan_agreed": "running",
    "running": "completed",
}
#: Steps from which a trajectory can be stopped.
STOPPABLE = ("registered", "approved", "intake", "plan_agreed", "running")


@dataclass(frozen=True)
class TrajectoryFacts:
    """What the rules need to know about one trajectory."""

    status: str
    approval_current: bool  # approved, on the facts the organization has now
    has_needs: bool
    actions: int
    de_minimis_signed: bool
    action_plan_written: bool
    resume_to: str | None = None  # for a stopped trajectory: the step it was stopped at


def rank(status: str) -> int:
    """Position on the ladder (stopped has none: -1)."""
    return ORDER.index(status) if status in ORDER else -1


def furthest(statuses: Iterable[str]) -> str:
    """The furthest step among ``statuses`` (a trajectory's current status and its history)."""
    reached = [status for status in statuses if status in ORDER]
    return max(reached, key=ORDER.index) if reached else "registered"


def possible_moves(facts: TrajectoryFacts) -> list[str]:
    """The steps a person can choose now (whether or not their conditions are met)."""
    moves = []
    if facts.status in MANUAL_NEXT:
        moves.append(MANUAL_NEXT[facts.status])
    if facts.status in STOPPABLE:
        moves.append(STOPPED)
    if facts.status == STOPPED and facts.resume_to:
        moves.append(facts.resume_to)
    return moves


def blockers(facts: TrajectoryFacts, target: str, note: str = "") -> list[str]:
    """Why the trajectory cannot move to ``target`` now, as problem codes (empty: it can).

    Codes: ``not_a_next_step``, ``not_approved``, ``no_needs``, ``no_actions``, ``no_de_minimis``,
    ``no_action_plan``, ``no_reason``.
    """
    if target not in possible_moves(facts):
        return ["not_a_next_step"]
    if target == STOPPED:
        return [] if note.strip() else ["no_reason"]
    problems = []
    if rank(target) > rank("registered") and not facts.approval_current:
        problems.append("not_approved")
    if rank(target) >= rank("plan_agreed"):
        if not facts.has_needs:
            problems.append("no_needs")
        if facts.actions == 0:
            problems.append("no_actions")
        if not facts.de_minimis_signed:
            problems.append("no_de_minimis")
    if target == "completed" and not facts.action_plan_written:
        problems.append("no_action_plan")
    return problems
