"""Reach of the programme per lot against the minimum targets of annex 1, 1.3.3, and the other
figures a funder asks for: the share of small organizations, planned versus spent hours, L&D
profiles, trajectories by status.

Plain Python (no Django). "Reached" means the coaching started (intake or a later step, including
trajectories stopped after their start), because the specification counts organizations that were
"opgestart en/of volledig begeleid" (started and/or fully coached).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from leerscan.organizations.register import FOCUS_EMPLOYEES, LOT_TARGETS
from leerscan.trajectories.workflow import ORDER, rank


@dataclass(frozen=True)
class TrajectoryRecord:
    """One trajectory as the programme figures see it."""

    lot: int | None  # None: the lot still has to be decided
    status: str
    furthest: str  # the furthest step it reached (for a stopped trajectory: before it stopped)
    employees: int | None
    planned_hours: float = 0.0
    spent_hours: float = 0.0
    profiles: tuple[str, ...] = ()
    refused: bool = False  # the programme's last decision on eligibility was a refusal

    @property
    def started(self) -> bool:
        return rank(self.furthest) >= rank("intake")

    @property
    def approved(self) -> bool:
        """Approved and not refused since (a stopped trajectory keeps the approval it had)."""
        return rank(self.furthest) >= rank("approved") and not self.refused

    @property
    def small(self) -> bool:
        return self.employees is not None and self.employees < FOCUS_EMPLOYEES


@dataclass
class LotReach:
    """The figures of one lot (``lot`` None: lot to be decided; "total": all lots)."""

    lot: int | str | None
    target: int | None
    registered: int = 0
    approved: int = 0
    started: int = 0
    completed: int = 0
    stopped: int = 0
    started_small: int = 0
    planned_hours: float = 0.0
    spent_hours: float = 0.0
    by_status: Counter = field(default_factory=Counter)

    @property
    def reach_percent(self) -> float | None:
        """Started organizations as a percentage of the target."""
        return None if not self.target else 100.0 * self.started / self.target

    @property
    def small_percent(self) -> float | None:
        """Share of the started organizations with fewer than 50 employees."""
        return None if not self.started else 100.0 * self.started_small / self.started

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.started >= self.target

    def add(self, record: TrajectoryRecord) -> None:
        self.registered += 1
        self.approved += record.approved
        self.started += record.started
        self.completed += record.status == "completed"
        self.stopped += record.status == "stopped"
        self.started_small += record.started and record.small
        self.planned_hours += record.planned_hours
        self.spent_hours += record.spent_hours
        self.by_status[record.status] += 1


def reach_by_lot(
    records: Iterable[TrajectoryRecord], targets: Mapping[int, int] = LOT_TARGETS
) -> list[LotReach]:
    """One row per lot with a target (and for "lot to be decided" when there are such trajectories),
    then the total row (target: the sum of the lots' targets)."""
    rows: dict[int | None, LotReach] = {lot: LotReach(lot, target) for lot, target in sorted(targets.items())}
    total = LotReach("total", sum(targets.values()) or None)
    for record in records:
        if record.lot not in rows:
            rows[record.lot] = LotReach(record.lot, targets.get(record.lot) if record.lot else None)
        rows[record.lot].add(record)
        total.add(record)
    ordered = [rows[lot] for lot in sorted(lot for lot in rows if lot is not None)]
    if None in rows:
        ordered.append(rows[None])
    return [*ordered, total]


def profile_counts(records: Iterable[TrajectoryRecord]) -> Counter:
    """How many organizations have each L&D profile (an organization can have several)."""
    return Counter(profile for record in records for profile in record.profiles)


def status_counts(records: Iterable[TrajectoryRecord]) -> dict[str, int]:
    """Trajectories per current status, in the order of the steps (stopped last)."""
    counts = Counter(record.status for record in records)
    return {status: counts.get(status, 0) for status in (*ORDER, "stopped")}
