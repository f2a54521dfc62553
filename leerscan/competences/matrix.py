"""Competence matrix logic without Django: levels, gaps, heat map, mentors, coverage, plan suggestions.

The Django layer (``leerscan.competences.services``) loads an organization into a :class:`MatrixData`
of plain ids and numbers; everything here works on that, so it can be tested without a database.

Levels are whole numbers: 0 means "not yet", 1 to ``level_count`` the steps of the matrix's scale.
Only the *agreed* level (after the talk between a person and their manager) counts for gaps,
mentors and coverage; self and manager assessments are input to that talk.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_LEVEL_COUNT = 4
MIN_LEVELS, MAX_LEVELS = 2, 6
#: An organization's own level: a short name (shown as "2 · name") and what someone does at it; the
#: same limits for the levels form and an imported levels sheet.
LEVEL_NAME_LENGTH, LEVEL_DESCRIPTION_LENGTH = 60, 300

# Kinds of training-plan action (the mix of formal training and workplace learning).
FORMAL, ON_THE_JOB, MENTORING, ROTATION = "formal", "on_the_job", "mentoring", "rotation"
KINDS = (FORMAL, ON_THE_JOB, MENTORING, ROTATION)
PLANNED, IN_PROGRESS, DONE = "planned", "in_progress", "done"
STATUSES = (PLANNED, IN_PROGRESS, DONE)


def normalize(name: str) -> str:
    """A competence's name for matching across departments: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def valid_level(level: int, level_count: int) -> bool:
    """Is ``level`` a level of a scale with ``level_count`` steps (0 = not yet)?"""
    return isinstance(level, int) and not isinstance(level, bool) and 0 <= level <= level_count


def mastery_level(required: Iterable[int], level_count: int) -> int:
    """The level from which someone "can do" a competence in a team, for its coverage: the lowest
    level a role of the team requires, but never below the middle of the scale (someone who needs
    help does not cover for a colleague). With the standard four levels: at least "on my own"."""
    middle = max(1, level_count // 2)
    levels = [level for level in required if level > 0]
    return max(min(levels), middle) if levels else middle


@dataclass(frozen=True)
class Competence:
    id: int
    matrix_id: int
    name: str
    critical: bool = False

    @property
    def key(self) -> str:
        return normalize(self.name)


@dataclass(frozen=True)
class Role:
    id: int
    matrix_id: int
    name: str


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role_id: int | None
    matrix_id: int | None
    manager_id: int | None = None


@dataclass
class MatrixData:
    """One organization: its matrices' competences and roles, its active people, required levels
    per (role, competence) and agreed levels per (person, competence)."""

    level_counts: dict[int, int] = field(default_factory=dict)  # matrix id -> number of levels
    competences: dict[int, Competence] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    required: dict[tuple[int, int], int] = field(default_factory=dict)
    agreed: dict[tuple[int, int], int] = field(default_factory=dict)

    def competences_of(self, matrix_id: int) -> list[Competence]:
        return [c for c in self.competences.values() if c.matrix_id == matrix_id]

    def roles_of(self, matrix_id: int) -> list[Role]:
        return [r for r in self.roles.values() if r.matrix_id == matrix_id]

    def people_of(self, matrix_id: int) -> list[Person]:
        return [p for p in self.people.values() if p.matrix_id == matrix_id]

    def required_for(self, competence_id: int) -> list[int]:
        return [level for (_, c), level in self.required.items() if c == competence_id]


@dataclass(frozen=True)
class Need:
    """What one person's role requires of one competence, and where they stand (agreed level)."""

    person_id: int
    competence_id: int
    required: int
    agreed: int | None

    @property
    def status(self) -> str:
        if self.agreed is None:
            return "unknown"
        return "met" if self.agreed >= self.required else "gap"

    @property
    def gap(self) -> int:
        """Levels still to grow (0 when met or not yet agreed)."""
        return max(0, self.required - self.agreed) if self.agreed is not None else 0


def needs(data: MatrixData, person_id: int | None = None) -> list[Need]:
    """Every (person, competence) their role requires, with the agreed level when there is one."""
    result = []
    people = [data.people[person_id]] if person_id is not None else data.people.values()
    for person in people:
        if person.role_id is None:
            continue
        for competence in data.competences_of(person.matrix_id):
            required = data.required.get((person.role_id, competence.id), 0)
            if required > 0:
                agreed = data.agreed.get((person.id, competence.id))
                result.append(Need(person.id, competence.id, required, agreed))
    return result


def gaps(data: MatrixData, person_id: int | None = None) -> list[Need]:
    """The needs where the agreed level is below the required level."""
    return [need for need in needs(data, person_id) if need.status == "gap"]


@dataclass(frozen=True)
class Cell:
    """Heat-map cell: people in a role (or team) needing a competence, how many have an agreed
    level, how many of those have a gap, and the levels missing in total."""

    required: int
    people: int
    assessed: int
    gaps: int
    missing_levels: int

    @property
    def pending(self) -> int:
        """People without an agreed level yet."""
        return self.people - self.assessed

    @property
    def shade(self) -> str:
        """A word for the colour (the page always prints the numbers too)."""
        if self.people == 0 or self.required == 0:
            return "none"
        if self.assessed == 0:
            return "unknown"
        if self.gaps == 0:
            return "ok"
        return "many" if self.gaps * 3 > self.assessed else "some"


def _cell(cell_needs: list[Need], required: int) -> Cell:
    assessed = [n for n in cell_needs if n.agreed is not None]
    gap_needs = [n for n in assessed if n.status == "gap"]
    return Cell(required, len(cell_needs), len(assessed), len(gap_needs), sum(n.gap for n in gap_needs))


@dataclass(frozen=True)
class HeatMap:
    competence_ids: list[int]
    role_ids: list[int]
    cells: dict[tuple[int, int], Cell]  # (competence, role)
    by_competence: dict[int, Cell]
    by_role: dict[int, Cell]
    total: Cell


def heat_map(data: MatrixData, matrix_id: int) -> HeatMap:
    """Gaps between required and agreed levels in one team, per role and competence, with totals."""
    competence_ids = [c.id for c in data.competences_of(matrix_id)]
    role_ids = [r.id for r in data.roles_of(matrix_id)]
    team_needs = [n for n in needs(data) if n.competence_id in set(competence_ids)]
    role_of = {p.id: p.role_id for p in data.people.values()}
    grouped: dict[tuple[int, int], list[Need]] = defaultdict(list)
    for need in team_needs:
        grouped[(need.competence_id, role_of[need.person_id])].append(need)
    cells = {
        (c, r): _cell(grouped[(c, r)], data.required.get((r, c), 0)) for c in competence_ids for r in role_ids
    }
    by_competence = {
        c: _cell([n for n in team_needs if n.competence_id == c], max(data.required_for(c), default=0))
        for c in competence_ids
    }
    by_role = {r: _cell([n for n in team_needs if role_of[n.person_id] == r], 1) for r in role_ids}
    return HeatMap(competence_ids, role_ids, cells, by_competence, by_role, _cell(team_needs, 1))


@dataclass(frozen=True)
class Mentor:
    person_id: int
    level: int
    same_team: bool


def mentors_for(data: MatrixData, person_id: int, competence_id: int, required: int) -> list[Mentor]:
    """Colleagues who master this competence: their agreed level reaches ``required`` and also the
    team's :func:`mastery_level` (the coverage rule: someone who still needs help teaches nobody).
    First in the same team, then in other teams with a competence of the same name on a scale of the
    same size; highest level first."""
    target = data.competences[competence_id]
    count = data.level_counts.get(target.matrix_id, DEFAULT_LEVEL_COUNT)
    required = max(required, mastery_level(data.required_for(competence_id), count))
    same_named = {
        c.id
        for c in data.competences.values()
        if c.id == competence_id
        or (c.key == target.key and data.level_counts.get(c.matrix_id, DEFAULT_LEVEL_COUNT) == count)
    }
    best: dict[int, Mentor] = {}
    for (other_id, c), level in data.agreed.items():
        if c not in same_named or other_id == person_id or other_id not in data.people or level < required:
            continue
        mentor = Mentor(other_id, level, data.competences[c].matrix_id == target.matrix_id)
        current = best.get(other_id)
        if current is None or (mentor.same_team, mentor.level) > (current.same_team, current.level):
            best[other_id] = mentor
    return sorted(best.values(), key=lambda m: (not m.same_team, -m.level, data.people[m.person_id].name))


@dataclass(frozen=True)
class Coverage:
    """How many people in a team master a critical competence; a risk when 0 or 1."""

    competence_id: int
    level: int
    masters: tuple[int, ...]
    unknown: int  # people in the team without an agreed level for it

    @property
    def risk(self) -> str:
        return {0: "none", 1: "single"}.get(len(self.masters), "ok")


def coverage(data: MatrixData, matrix_id: int, critical_only: bool = True) -> list[Coverage]:
    """Coverage of each (critical) competence of one team by the people of that team."""
    count = data.level_counts.get(matrix_id, DEFAULT_LEVEL_COUNT)
    team = data.people_of(matrix_id)
    result = []
    for competence in data.competences_of(matrix_id):
        if critical_only and not competence.critical:
            continue
        level = mastery_level(data.required_for(competence.id), count)
        masters = tuple(
            sorted(
                (p.id for p in team if data.agreed.get((p.id, competence.id), -1) >= level),
                key=lambda pid: data.people[pid].name,
            )
        )
        unknown = sum(1 for p in team if (p.id, competence.id) not in data.agreed)
        result.append(Coverage(competence.id, level, masters, unknown))
    return result


@dataclass(frozen=True)
class Suggestion:
    """A training-plan action proposed from the gaps; ``key`` makes accepting it idempotent."""

    key: str
    kind: str
    competence_id: int
    learners: tuple[int, ...]
    mentor_id: int | None = None
    reason: str = ""  # "gap" or "backup"


def suggest_plan(data: MatrixData, planned: set[tuple[int, int]] = frozenset()) -> list[Suggestion]:
    """Actions that would close the gaps, skipping (person, competence) pairs already in the plan.

    - a colleague masters it: **mentoring** by that colleague (the one with the fewest mentees so far);
    - nobody does, and one step is missing from level 1 or more: **on-the-job learning**;
    - otherwise **formal training**, one group action per competence;
    - a critical competence mastered by only one person and nobody learning it: **job rotation** for
      the team member closest to it, so the team has a backup.
    """
    suggestions: list[Suggestion] = []
    load: Counter[int] = Counter()
    formal: dict[int, list[int]] = defaultdict(list)
    ordered = sorted(
        gaps(data),
        key=lambda n: (data.competences[n.competence_id].name, data.people[n.person_id].name),
    )
    learning: set[tuple[int, int]] = set()
    for need in ordered:
        pair = (need.person_id, need.competence_id)
        if pair in planned:
            continue
        learning.add(pair)
        candidates = mentors_for(data, need.person_id, need.competence_id, need.required)
        if candidates:
            mentor = min(candidates, key=lambda m: (load[m.person_id], candidates.index(m)))
            load[mentor.person_id] += 1
            suggestions.append(
                Suggestion(
                    f"{MENTORING}:{need.competence_id}:{need.person_id}",
                    MENTORING,
                    need.competence_id,
                    (need.person_id,),
                    mentor.person_id,
                    "gap",
                )
            )
        elif need.gap == 1 and need.agreed >= 1:
            suggestions.append(
                Suggestion(
                    f"{ON_THE_JOB}:{need.competence_id}:{need.person_id}",
                    ON_THE_JOB,
                    need.competence_id,
                    (need.person_id,),
                    None,
                    "gap",
                )
            )
        else:
            formal[need.competence_id].append(need.person_id)
    for competence_id, learners in formal.items():
        ids = tuple(sorted(learners))
        suggestions.append(
            Suggestion(
                f"{FORMAL}:{competence_id}:" + "-".join(map(str, ids)),
                FORMAL,
                competence_id,
                ids,
                None,
                "gap",
            )
        )
    for matrix_id in data.level_counts:
        for item in coverage(data, matrix_id):
            if item.risk != "single":
                continue
            busy = {p for p, c in learning | set(planned) if c == item.competence_id}
            if busy - set(item.masters):
                continue  # someone is already learning it: they will be the backup
            candidates = [p for p in data.people_of(matrix_id) if p.id not in item.masters]
            if not candidates:
                continue
            backup = max(
                candidates,
                key=lambda p: (data.agreed.get((p.id, item.competence_id), -1), -p.id),
            )
            suggestions.append(
                Suggestion(
                    f"{ROTATION}:{item.competence_id}:{backup.id}",
                    ROTATION,
                    item.competence_id,
                    (backup.id,),
                    item.masters[0],
                    "backup",
                )
            )
    return suggestions


@dataclass(frozen=True)
class PlanProgress:
    """The training plan in numbers (for the trajectory's action plan and the programme)."""

    total: int = 0
    planned: int = 0
    in_progress: int = 0
    done: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    people: int = 0

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


def plan_progress(actions: Iterable[tuple[str, str, Iterable[int]]]) -> PlanProgress:
    """Count actions given as (status, kind, participant ids)."""
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    people: set[int] = set()
    total = 0
    for status, kind, participants in actions:
        total += 1
        statuses[status] += 1
        kinds[kind] += 1
        people.update(participants)
    return PlanProgress(
        total=total,
        planned=statuses[PLANNED],
        in_progress=statuses[IN_PROGRESS],
        done=statuses[DONE],
        by_kind={kind: kinds[kind] for kind in KINDS},
        people=len(people),
    )
