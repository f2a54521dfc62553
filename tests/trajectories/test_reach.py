"""Programme figures: reach per lot against the targets of annex 1, 1.3.3 (no database)."""

from collections import Counter

from leerscan.organizations.register import LOT_TARGETS
from leerscan.trajectories.reach import TrajectoryRecord, profile_counts, reach_by_lot, status_counts
from leerscan.trajectories.synthetic import generate_programme
from leerscan.trajectories.workflow import ORDER


def record(lot, status, furthest=None, employees=10, **extra):
    return TrajectoryRecord(lot=lot, status=status, furthest=furthest or status, employees=employees, **extra)


def test_reach_counts_started_trajectories_against_the_target():
    records = [
        record(1, "registered"),
        record(1, "approved"),
        record(1, "intake", employees=60),
        record(1, "completed", planned_hours=10, spent_hours=12),
        record(1, "stopped", furthest="running"),  # started, then stopped: still reached
        record(1, "stopped", furthest="approved"),  # stopped before the start: not reached
        record(3, "running", employees=None),
    ]
    rows = {row.lot: row for row in reach_by_lot(records)}
    lot1 = rows[1]
    assert (lot1.target, lot1.registered, lot1.approved, lot1.started, lot1.completed, lot1.stopped) == (
        130,
        6,
        5,
        3,
        1,
        2,
    )
    assert lot1.started_small == 2  # 60 employees is not small
    assert round(lot1.small_percent, 1) == 66.7
    assert round(lot1.reach_percent, 2) == round(100 * 3 / 130, 2)
    assert (lot1.planned_hours, lot1.spent_hours) == (10, 12)
    assert rows[3].started == 1 and rows[3].started_small == 0  # unknown size is not counted as small
    assert rows[2].registered == 0 and rows[2].reach_percent == 0
    assert rows["total"].target == 500 and rows["total"].registered == 7 and rows["total"].started == 4


def test_a_lot_to_be_decided_gets_its_own_row_and_counts_in_the_total():
    rows = reach_by_lot([record(None, "registered"), record(5, "running")])
    assert [row.lot for row in rows] == [1, 2, 3, 4, 5, None, "total"]
    assert rows[5].target is None and rows[5].registered == 1
    assert rows[-1].registered == 2


def test_targets_met():
    rows = reach_by_lot([record(3, "completed")] * 55 + [record(5, "running")] * 54)
    by_lot = {row.lot: row for row in rows}
    assert by_lot[3].target_met is True
    assert by_lot[5].target_met is False


def test_figures_of_a_generated_programme_match_an_independent_count():
    programme = generate_programme(400, seed=3)
    records = [
        record(o.lot, o.status, furthest=o.furthest, employees=o.employees, profiles=tuple(o.profiles))
        for o in programme
    ]
    rows = {row.lot: row for row in reach_by_lot(records)}
    for lot, target in LOT_TARGETS.items():
        mine = [o for o in programme if o.lot == lot]
        started = [o for o in mine if ORDER.index(o.furthest) >= ORDER.index("intake")]
        assert rows[lot].target == target
        assert rows[lot].registered == len(mine)
        assert rows[lot].started == len(started)
        assert rows[lot].completed == sum(o.status == "completed" for o in mine)
        assert rows[lot].started_small == sum(o.employees < 50 for o in started)
    assert rows["total"].registered == 400
    assert sum(status_counts(records).values()) == 400
    assert profile_counts(records) == Counter(p for o in programme for p in o.profiles)


def test_the_generated_programme_looks_like_the_real_one():
    programme = generate_programme(2000, seed=1)
    small = sum(o.employees < 50 for o in programme) / len(programme)
    assert 0.7 < small < 0.82  # focus on small organizations (annex 1, 1.3.3)
    assert all(o.employees < 250 for o in programme)
    lots = Counter(o.lot for o in programme)
    assert lots[1] > lots[3] and lots[4] > lots[5]  # in proportion to the targets
    assert len({o.enterprise_number for o in programme}) == 2000
    assert generate_programme(50, seed=9)[7] == generate_programme(50, seed=9)[7]
