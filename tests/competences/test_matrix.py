"""The plain logic: levels, needs and gaps, heat map, mentors, coverage, plan suggestions, progress."""

from hypothesis import given, settings
from hypothesis import strategies as st

from leerscan.competences import matrix as m


def team(agreed, required=None, critical=(), level_count=4):
    """One team (matrix 1): roles 10 (operator) and 11 (lead), competences 100.., people 1.. ."""
    data = m.MatrixData(level_counts={1: level_count})
    data.roles = {10: m.Role(10, 1, "Operator"), 11: m.Role(11, 1, "Lead")}
    names = {100: "Set up the machine", 101: "Measure quality", 102: "Work safely"}
    data.competences = {cid: m.Competence(cid, 1, name, cid in critical) for cid, name in names.items()}
    data.people = {
        1: m.Person(1, "Ahmed", 10, 1, 4),
        2: m.Person(2, "Bea", 10, 1, 4),
        3: m.Person(3, "Chris", 10, 1, 4),
        4: m.Person(4, "Dana", 11, 1, None),
    }
    data.required = required or {(10, 100): 2, (10, 101): 2, (11, 100): 3, (11, 101): 3, (11, 102): 2}
    data.agreed = dict(agreed)
    return data


def test_levels_and_names():
    assert m.valid_level(0, 4) and m.valid_level(4, 4)
    assert not m.valid_level(5, 4) and not m.valid_level(-1, 4) and not m.valid_level(True, 4)
    assert m.normalize("  Veilig   Werken ") == m.normalize("veilig werken")
    assert m.normalize("Sécurité") == m.normalize("securite")


def test_mastery_level_is_the_lowest_required_but_never_below_the_middle():
    assert m.mastery_level([2, 3], 4) == 2
    assert m.mastery_level([1, 3], 4) == 2  # "with help" does not cover for a colleague
    assert m.mastery_level([], 4) == 2
    assert m.mastery_level([4], 4) == 4
    assert m.mastery_level([], 2) == 1


def test_needs_gaps_and_unknown():
    data = team({(1, 100): 1, (1, 101): 2, (2, 100): 3})
    needs = {(n.person_id, n.competence_id): n for n in m.needs(data)}
    assert needs[(1, 100)].status == "gap" and needs[(1, 100)].gap == 1
    assert needs[(1, 101)].status == "met" and needs[(1, 101)].gap == 0
    assert needs[(3, 100)].status == "unknown" and needs[(3, 100)].gap == 0
    assert (1, 102) not in needs  # the operator role does not need it
    assert [(g.person_id, g.competence_id) for g in m.gaps(data)] == [(1, 100)]
    assert m.gaps(data, person_id=2) == []


def test_people_without_a_role_have_no_needs():
    data = team({})
    data.people[5] = m.Person(5, "Eve", None, None)
    assert all(n.person_id != 5 for n in m.needs(data))


def test_heat_map_counts_per_role_competence_and_team():
    data = team({(1, 100): 1, (2, 100): 0, (3, 100): 2, (4, 100): 3, (1, 101): 2})
    heat = m.heat_map(data, 1)
    operator_setup = heat.cells[(100, 10)]
    assert (operator_setup.people, operator_setup.assessed, operator_setup.gaps) == (3, 3, 2)
    assert operator_setup.missing_levels == 1 + 2 and operator_setup.shade == "many"
    assert heat.cells[(100, 11)].shade == "ok"
    quality = heat.cells[(101, 10)]
    assert (quality.assessed, quality.pending, quality.gaps, quality.shade) == (1, 2, 0, "ok")
    assert heat.cells[(102, 10)].shade == "none"  # not needed
    assert heat.cells[(102, 11)].shade == "unknown"
    assert heat.by_competence[100].gaps == 2 and heat.by_competence[100].people == 4
    assert heat.by_role[10].people == 6 and heat.total.gaps == 2


def test_one_gap_in_four_is_some_not_many():
    cell = m.Cell(required=2, people=4, assessed=4, gaps=1, missing_levels=1)
    assert cell.shade == "some"


def test_mentors_master_the_required_level_same_team_first():
    data = team({(1, 100): 1, (2, 100): 2, (3, 100): 4, (4, 100): 3})
    mentors = m.mentors_for(data, 1, 100, 2)
    assert [x.person_id for x in mentors] == [3, 4, 2]  # highest level first
    assert all(x.same_team for x in mentors)
    assert [x.person_id for x in m.mentors_for(data, 1, 100, 4)] == [3]
    assert 1 not in [x.person_id for x in m.mentors_for(data, 1, 100, 0)]  # never yourself


def test_mentors_master_it_people_who_still_need_help_are_no_mentors():
    # operators need level 1 ("with help"); Bea is there but still needs help herself
    data = team({(1, 100): 0, (2, 100): 1, (3, 100): 2}, required={(10, 100): 1, (11, 100): 3})
    assert m.mastery_level(data.required_for(100), 4) == 2
    assert [x.person_id for x in m.mentors_for(data, 1, 100, 1)] == [3]
    suggestion = next(s for s in m.suggest_plan(data) if s.learners == (1,))
    assert (suggestion.kind, suggestion.mentor_id) == (m.MENTORING, 3)
    data.agreed[(3, 100)] = 1  # now nobody masters it: no mentor, a training instead
    assert m.mentors_for(data, 1, 100, 1) == []
    assert {s.kind for s in m.suggest_plan(data) if 1 in s.learners} == {m.FORMAL}
    # on a scale of six, "can do it" starts at 3
    six = team({(1, 100): 1, (2, 100): 2, (3, 100): 3}, required={(10, 100): 2}, level_count=6)
    assert [x.person_id for x in m.mentors_for(six, 1, 100, 2)] == [3]


def test_mentors_from_another_team_with_the_same_competence_and_scale():
    data = team({(1, 100): 1})
    data.level_counts[2] = 4
    data.level_counts[3] = 6
    data.competences[200] = m.Competence(200, 2, "set up the MACHINE")
    data.competences[300] = m.Competence(300, 3, "Set up the machine")
    data.people[7] = m.Person(7, "Gert", None, 2)
    data.people[8] = m.Person(8, "Hanne", None, 3)
    data.agreed.update({(7, 200): 3, (8, 300): 5})
    mentors = m.mentors_for(data, 1, 100, 2)
    assert [(x.person_id, x.same_team) for x in mentors] == [(7, False)]  # Hanne's scale differs


def test_people_who_left_are_not_mentors():
    data = team({(1, 100): 1, (3, 100): 4})
    del data.people[3]  # the Django layer only loads active people
    assert m.mentors_for(data, 1, 100, 2) == []


def test_coverage_risk_when_zero_or_one_person_masters_it():
    data = team({(1, 100): 3, (2, 100): 1, (4, 102): 2}, critical={100, 101, 102})
    cover = {c.competence_id: c for c in m.coverage(data, 1)}
    assert cover[100].masters == (1,) and cover[100].risk == "single"
    assert cover[101].masters == () and cover[101].risk == "none" and cover[101].unknown == 4
    assert cover[102].risk == "single" and cover[102].level == 2
    data.agreed[(3, 100)] = 2
    assert {c.competence_id: c for c in m.coverage(data, 1)}[100].risk == "ok"
    assert [c.competence_id for c in m.coverage(data, 1, critical_only=False)] == [100, 101, 102]
    assert [c.competence_id for c in m.coverage(team({}, critical={101}), 1)] == [101]


def test_suggestions_mentoring_on_the_job_formal():
    # setup: Ahmed and Bea below, Chris masters it -> mentoring by Chris (load spread to Dana)
    # quality: nobody masters it; Ahmed one step from 1 -> on the job; Bea and Chris from 0 and the
    # lead two steps from 1 -> one formal group training
    data = team(
        {
            (1, 100): 1,
            (2, 100): 0,
            (3, 100): 3,
            (4, 100): 3,
            (1, 101): 1,
            (2, 101): 0,
            (3, 101): 0,
            (4, 101): 1,
        }
    )
    by_key = {s.key: s for s in m.suggest_plan(data)}
    mentoring = [s for s in by_key.values() if s.kind == m.MENTORING]
    assert sorted((s.learners, s.mentor_id) for s in mentoring) == [((1,), 3), ((2,), 4)]
    assert by_key["on_the_job:101:1"].learners == (1,)
    formal = [s for s in by_key.values() if s.kind == m.FORMAL]
    assert len(formal) == 1 and formal[0].learners == (2, 3, 4) and formal[0].competence_id == 101
    assert formal[0].mentor_id is None
    assert len(by_key) == len(m.suggest_plan(data))  # keys are unique


def test_suggestions_skip_what_is_planned_and_are_stable():
    data = team({(1, 100): 1, (3, 100): 3})
    first = m.suggest_plan(data)
    assert first == m.suggest_plan(data)
    assert [s.key for s in first] == ["mentoring:100:1"]
    assert m.suggest_plan(data, planned={(1, 100)}) == []


def test_job_rotation_for_a_backup_when_only_one_person_masters_a_critical_competence():
    data = team({(1, 100): 1, (2, 100): 1, (3, 100): 1, (4, 100): 3}, critical={100})
    data.required = {(10, 100): 1, (11, 100): 2}  # everyone meets the requirement: no gaps
    suggestions = m.suggest_plan(data)
    assert [(s.kind, s.learners, s.mentor_id, s.reason) for s in suggestions] == [
        (m.ROTATION, (1,), 4, "backup")  # all three operators at 1: the first one
    ]
    # once someone is learning it, no rotation is proposed
    assert m.suggest_plan(data, planned={(3, 100)}) == []


def test_plan_progress_counts():
    progress = m.plan_progress(
        [
            ("planned", "formal", [1, 2]),
            ("done", "mentoring", [1]),
            ("in_progress", "rotation", [3]),
            ("done", "formal", []),
        ]
    )
    assert (progress.total, progress.planned, progress.in_progress, progress.done) == (4, 1, 1, 2)
    assert progress.by_kind == {"formal": 2, "on_the_job": 0, "mentoring": 1, "rotation": 1}
    assert progress.people == 3 and progress.percent_done == 50
    assert m.plan_progress([]).percent_done is None


levels = st.integers(min_value=0, max_value=4)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(1, 4), st.integers(100, 102)), levels, max_size=12))
def test_properties_of_gaps_heat_map_and_suggestions(agreed):
    data = team(agreed, critical={100})
    gaps = m.gaps(data)
    assert all(g.agreed is not None and g.agreed < g.required for g in gaps)
    heat = m.heat_map(data, 1)
    assert heat.total.gaps == len(gaps) == sum(c.gaps for c in heat.cells.values())
    assert sum(c.people for c in heat.by_competence.values()) == len(m.needs(data))
    covered = {}
    for s in m.suggest_plan(data):
        if s.reason == "gap":
            for learner in s.learners:
                key = (learner, s.competence_id)
                assert key not in covered, "a gap is suggested twice"
                covered[key] = s
                if s.mentor_id is not None:
                    assert data.agreed[(s.mentor_id, s.competence_id)] >= next(
                        g.required for g in gaps if (g.person_id, g.competence_id) == key
                    )
                    mastery = m.mastery_level(data.required_for(s.competence_id), 4)
                    assert data.agreed[(s.mentor_id, s.competence_id)] >= mastery  # as for coverage
    assert set(covered) == {(g.person_id, g.competence_id) for g in gaps}
