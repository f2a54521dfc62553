"""The steps of a trajectory and what must be in place before each (no database)."""

import pytest

from leerscan.trajectories.workflow import ORDER, TrajectoryFacts, blockers, furthest, possible_moves

READY = dict(
    approval_current=True, has_needs=True, actions=2, de_minimis_signed=True, action_plan_written=True
)


def facts(status, **changes):
    return TrajectoryFacts(status=status, **{**READY, **changes})


def test_a_registered_trajectory_waits_for_the_programme():
    # Only the programme's eligibility review moves "registered" on; a person can only stop it.
    assert possible_moves(facts("registered")) == ["stopped"]
    assert blockers(facts("registered"), "intake") == ["not_a_next_step"]


@pytest.mark.parametrize(
    ("status", "target"),
    [("approved", "intake"), ("intake", "plan_agreed"), ("plan_agreed", "running"), ("running", "completed")],
)
def test_each_step_leads_to_the_next_when_everything_is_in_place(status, target):
    assert possible_moves(facts(status))[0] == target
    assert blockers(facts(status), target) == []


def test_no_step_skips_ahead():
    assert blockers(facts("approved"), "running") == ["not_a_next_step"]
    assert blockers(facts("intake"), "completed") == ["not_a_next_step"]
    assert possible_moves(facts("completed")) == []


def test_no_start_without_an_approval_on_the_current_facts():
    assert blockers(facts("approved", approval_current=False), "intake") == ["not_approved"]
    assert blockers(facts("running", approval_current=False), "completed") == ["not_approved"]


def test_the_plan_needs_needs_actions_and_a_signed_de_minimis_declaration():
    missing = facts("intake", has_needs=False, actions=0, de_minimis_signed=False)
    assert blockers(missing, "plan_agreed") == ["no_needs", "no_actions", "no_de_minimis"]


def test_completing_needs_the_action_plan():
    assert blockers(facts("running", action_plan_written=False), "completed") == ["no_action_plan"]


def test_stopping_needs_a_reason_and_can_be_undone():
    assert blockers(facts("running"), "stopped") == ["no_reason"]
    assert blockers(facts("running"), "stopped", note="The owner sold the company.") == []
    stopped = facts("stopped", resume_to="running")
    assert possible_moves(stopped) == ["running"]
    assert blockers(stopped, "running") == []
    assert blockers(facts("stopped", resume_to="intake", approval_current=False), "intake") == [
        "not_approved"
    ]


def test_furthest_step_ignores_stopped():
    assert furthest(["stopped", "registered", "approved", "intake"]) == "intake"
    assert furthest([]) == "registered"
    assert furthest(ORDER) == "completed"
