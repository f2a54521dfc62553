"""Profile scoring: fits, primary profiles, ties, missing answers, the next step, preconditions, the
legal training-plan rule, and owner versus consultant."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerscan.instrument.loader import get_instrument
from leerscan.maturity.scoring import LADDER, PRECONDITIONS, compare, next_step, score_maturity

INSTRUMENT = get_instrument("maturity")
PROFILE_ITEMS = {s.key: s.items for s in INSTRUMENT.scales if s.group == "profile"}
PRECONDITION_ITEMS = {s.key: s.items for s in INSTRUMENT.scales if s.group == "precondition"}


def answers(profiles=None, preconditions=4, default=1, **extra):
    """Every profile statement ``default`` unless given per profile; preconditions all the same."""
    result = {"employees": 12, "training_plan": 1}
    for key, items in PROFILE_ITEMS.items():
        for item in items:
            result[item] = (profiles or {}).get(key, default)
    for items in PRECONDITION_ITEMS.values():
        for item in items:
            result[item] = preconditions
    result.update(extra)
    return result


def test_fit_is_the_percentage_of_the_maximum():
    # 1 = 0 %, 2 = 33.3 %, 3 = 66.7 %, 4 = 100 %: a mean of 3 on the 1-4 scale is two thirds.
    result = score_maturity(answers({"basis": 3, "growth": 4}), INSTRUMENT)
    assert result.profiles["basis"].fit == pytest.approx(200 / 3)
    assert result.profiles["growth"].fit == pytest.approx(100)
    assert result.profiles["ambition"].fit == pytest.approx(0)
    assert result.primary == ["growth", "basis"]  # best fit first
    assert result.next_step == "learning_organization"


def test_several_profiles_fit_at_once_and_ties_keep_the_ladder_order():
    result = score_maturity(answers({"growth": 3, "ambition": 3, "basis": 3}), INSTRUMENT)
    assert result.primary == ["ambition", "basis", "growth"]
    assert result.next_step == "learning_organization"


def test_the_midpoint_counts_as_fitting():
    items = PROFILE_ITEMS["basis"]
    mixed = answers({"basis": 2}, **{items[0]: 3, items[1]: 3, items[2]: 3, items[3]: 2, items[4]: 2})
    # (3 + 3 + 3 + 2 + 2) / 5 = 2.6 -> 53 %: above the middle of the scale, so it fits
    assert score_maturity(mixed, INSTRUMENT).primary == ["basis"]
    lower = answers({"basis": 2}, **{items[0]: 3, items[1]: 3})
    assert score_maturity(lower, INSTRUMENT).primary == []  # 2.4 -> 47 %


def test_no_profile_fits_means_no_confident_profile_and_the_first_step():
    result = score_maturity(answers(default=2), INSTRUMENT)
    assert result.primary == [] and not result.confident
    assert result.next_step == "ambition"


def test_no_policy_is_primary_only_when_nothing_else_fits():
    alone = score_maturity(answers({"no_policy": 4}), INSTRUMENT)
    assert alone.primary == ["no_policy"] and alone.next_step == "ambition"
    both = score_maturity(answers({"no_policy": 4, "ambition": 3}), INSTRUMENT)
    assert both.primary == ["ambition"] and both.next_step == "basis"


def test_top_of_the_ladder_has_no_next_step():
    assert next_step(["learning_organization"]) is None
    assert next_step(["ambition", "growth"]) == "learning_organization"
    assert next_step([]) == "ambition"


def test_missing_answers_leave_a_profile_unknown_below_the_minimum():
    data = answers({"growth": 4})
    for item in PROFILE_ITEMS["growth"][:3]:
        data[item] = None  # 2 of 5 answered: below 60 %
    result = score_maturity(data, INSTRUMENT)
    assert math.isnan(result.profiles["growth"].fit) and "growth" not in result.primary
    data[PROFILE_ITEMS["growth"][0]] = 4  # 3 of 5: enough
    assert score_maturity(data, INSTRUMENT).primary == ["growth"]


def test_evidence_lists_the_answers_behind_a_profile():
    items = PROFILE_ITEMS["basis"]
    result = score_maturity(answers({"basis": 4}, **{items[0]: 1}), INSTRUMENT)
    evidence = result.profiles["basis"].evidence
    assert [(e.item, e.answer, e.supports) for e in evidence][:2] == [
        (items[0], 1, False),
        (items[1], 4, True),
    ]


def test_unmet_preconditions_come_weakest_first():
    data = answers({"basis": 4})
    time_items, co_items = PRECONDITION_ITEMS["time_for_learning"], PRECONDITION_ITEMS["co_creation"]
    data.update({time_items[0]: 1, time_items[1]: 1, co_items[0]: 2, co_items[1]: 2})
    result = score_maturity(data, INSTRUMENT)
    assert result.unmet_preconditions == ["time_for_learning", "co_creation"]
    assert set(PRECONDITIONS) == set(PRECONDITION_ITEMS)


@pytest.mark.parametrize(
    ("employees", "plan", "required"),
    [(20, 3, True), (19, 3, False), (250, 3, True), (20, 2, False), (20, 1, False), (None, 3, False)],
)
def test_a_training_plan_is_a_legal_obligation_from_20_employees(employees, plan, required):
    result = score_maturity(answers(employees=employees, training_plan=plan), INSTRUMENT)
    assert result.training_plan_required is required


def test_owner_and_consultant_differences():
    owner_answers = answers({"basis": 4, "growth": 2})
    consultant_answers = answers({"basis": 2, "growth": 3})
    owner, consultant = (score_maturity(a, INSTRUMENT) for a in (owner_answers, consultant_answers))
    comparison = compare(owner_answers, consultant_answers, owner, consultant)
    assert not comparison.same_primary  # basis versus growth
    assert comparison.fit_differences["basis"] == pytest.approx(-200 / 3)
    assert comparison.fit_differences["growth"] == pytest.approx(100 / 3)
    assert {d.item for d in comparison.differing_answers} == set(PROFILE_ITEMS["basis"])  # 4 vs 2
    same = compare(owner_answers, owner_answers, owner, owner)
    assert same.same_primary and same.differing_answers == []


@given(st.dictionaries(st.sampled_from(list(LADDER)), st.integers(1, 4)))
def test_primary_profiles_are_exactly_those_at_or_above_the_middle(levels):
    result = score_maturity(answers(levels), INSTRUMENT)
    fitting = [k for k in LADDER[1:] if levels.get(k, 1) >= 3]
    if fitting:
        assert sorted(result.primary) == sorted(fitting)
    else:
        assert result.primary == (["no_policy"] if levels.get("no_policy", 1) >= 3 else [])
    assert result.next_step not in result.primary
