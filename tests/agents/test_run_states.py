"""The run state machine: every transition it allows, and every one it refuses."""

from __future__ import annotations

import itertools

import pytest

from services.agents.domain import runs

STATES = ("queued", "running", "requires_action", "completed", "failed", "cancelled",
          "timed_out")  # fmt: skip
ENDS = {"completed", "failed", "cancelled", "timed_out"}
ALLOWED = {
    ("queued", "running"), ("queued", "cancelled"), ("queued", "failed"),
    ("queued", "timed_out"), ("running", "requires_action"), ("running", "completed"),
    ("running", "failed"), ("running", "cancelled"), ("running", "timed_out"),
    ("requires_action", "running"), ("requires_action", "cancelled"),
    ("requires_action", "failed"), ("requires_action", "timed_out"),
}  # fmt: skip


@pytest.mark.parametrize(("current", "to"), list(itertools.product(STATES, STATES)))
def test_each_transition_is_allowed_or_refused(current: str, to: str) -> None:
    assert runs.can_move(current, to) == ((current, to) in ALLOWED)


def test_the_ends_are_the_terminal_states_and_lead_nowhere() -> None:
    assert runs.TERMINAL == ENDS
    assert not any(runs.can_move(end, to) for end in ENDS for to in STATES)
    assert set(runs.TRANSITIONS) == set(STATES)


@pytest.mark.parametrize(
    ("queued", "timeout", "lapses"),
    [
        (0, 600, False),
        # The hold lasts timeout + 600 s; the run up to its timeout, its finish 60 s more.
        (540, 600, False),
        (541, 600, True),
        # Billing holds for 24 h at most: a run of 23 h 59 min has little margin.
        (0, 24 * 3600 - 60, False),
        (1, 24 * 3600 - 60, True),
    ],
)
def test_a_hold_may_lapse_when_the_run_was_queued_past_its_margin(
    queued: int, timeout: int, lapses: bool
) -> None:
    assert runs.hold_may_lapse(queued, timeout) is lapses
