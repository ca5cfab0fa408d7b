"""The routine sequencer, played on a simulated clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.core.model import Routine, Step, Text
from ergo.core.routine import Outcome, Sequencer


def timed(step_id: str, seconds: int, side=None) -> Step:
    return Step(
        id=step_id,
        name=Text.plain(step_id),
        cues=(Text.plain("breathe"),),
        duration=timedelta(seconds=seconds),
        side=side,
    )


def counted(step_id: str, reps: int, pace: int) -> Step:
    return Step(
        id=step_id,
        name=Text.plain(step_id),
        cues=(Text.plain("slowly"),),
        reps=reps,
        pace=timedelta(seconds=pace),
    )


ROUTINE = Routine(
    id="test",
    title=Text.plain("Test"),
    steps=(
        timed("hold", 30),
        counted("tilt", reps=8, pace=4),
        timed("twist", 10, side="left"),
        timed("twist", 10, side="right"),
    ),
)
T0 = 1000.0  # an arbitrary monotonic reading: nothing may assume the clock starts at zero


def started() -> Sequencer:
    sequencer = Sequencer(ROUTINE)
    sequencer.start(T0)
    return sequencer


def test_a_timed_step_counts_down_from_its_duration():
    sequencer = Sequencer(ROUTINE)
    first = sequencer.start(T0)
    later = sequencer.tick(T0 + 12.5)
    assert (first.number, first.count, first.seconds_left) == (1, 4, 30)
    assert later.step.id == "hold"
    assert later.seconds_left == pytest.approx(17.5)
    assert later.step_progress == pytest.approx(12.5 / 30)
    assert later.rep is None


def test_the_next_step_begins_when_the_time_of_the_previous_one_is_up():
    sequencer = started()
    frame = sequencer.tick(T0 + 30)
    assert (frame.step.id, frame.number, frame.seconds_left, frame.rep) == ("tilt", 2, 32, 1)


def test_a_counted_step_advances_its_repetition_at_the_pace():
    sequencer = started()
    reps = [sequencer.tick(T0 + 30 + t).rep for t in (0, 3.9, 4, 8.5, 31.9)]
    assert reps == [1, 1, 2, 3, 8]


def test_a_late_tick_skips_over_every_step_that_ran_out_meanwhile():
    sequencer = started()
    frame = sequencer.tick(T0 + 30 + 32 + 10 + 4)
    assert (frame.step.id, frame.step.side, frame.number) == ("twist", "right", 4)
    assert frame.seconds_left == pytest.approx(6)


def test_the_two_sides_of_an_exercise_are_played_as_two_steps():
    sequencer = started()
    sides = [sequencer.tick(T0 + t).step.side for t in (62, 71.9, 72, 81.9)]
    assert sides == ["left", "left", "right", "right"]


def test_progress_runs_over_the_whole_routine():
    sequencer = started()
    total = 30 + 32 + 10 + 10
    assert sequencer.tick(T0).progress == 0
    assert sequencer.tick(T0 + 41).progress == pytest.approx(41 / total)


def test_the_routine_completes_when_the_last_step_runs_out():
    sequencer = started()
    frame = sequencer.tick(T0 + 500)
    assert frame.status == "completed"
    assert frame.progress == 1
    assert sequencer.outcome() == Outcome("test", "completed", step=4, steps=4, seconds=82)


def test_a_paused_step_keeps_its_time_left_until_resumed():
    sequencer = started()
    sequencer.tick(T0 + 10)
    paused = sequencer.pause(T0 + 10)
    while_paused = sequencer.tick(T0 + 300)
    resumed = sequencer.resume(T0 + 300)
    after = sequencer.tick(T0 + 305)
    assert paused.status == while_paused.status == "paused"
    assert while_paused.seconds_left == pytest.approx(20)
    assert resumed.status == "running"
    assert resumed.seconds_left == pytest.approx(20)
    assert after.seconds_left == pytest.approx(15)


def test_time_spent_paused_is_left_out_of_the_outcome():
    sequencer = started()
    sequencer.toggle_pause(T0 + 5)
    sequencer.toggle_pause(T0 + 65)
    sequencer.tick(T0 + 60 + 82)
    assert sequencer.outcome().seconds == 82


def test_next_skips_the_rest_of_the_step_and_starts_the_next_one_in_full():
    sequencer = started()
    frame = sequencer.next(T0 + 3)
    assert (frame.step.id, frame.seconds_left, frame.rep) == ("tilt", 32, 1)
    assert sequencer.tick(T0 + 3 + 31).step.id == "tilt"


def test_next_while_paused_moves_on_but_stays_paused():
    sequencer = started()
    sequencer.pause(T0 + 3)
    frame = sequencer.next(T0 + 4)
    later = sequencer.tick(T0 + 100)
    assert (frame.status, frame.step.id) == ("paused", "tilt")
    assert later.seconds_left == 32


def test_next_on_the_last_step_ends_the_routine_as_skipped_when_little_time_went_into_it():
    sequencer = started()
    for t in (1, 2, 3, 4):
        frame = sequencer.next(T0 + t)
    assert frame.status == "completed"
    assert sequencer.outcome() == Outcome("test", "skipped", step=4, steps=4, seconds=4)


def test_stop_ends_the_routine_at_the_current_step():
    sequencer = started()
    frame = sequencer.stop(T0 + 45)
    assert frame.status == "stopped"
    assert sequencer.outcome() == Outcome("test", "stopped", step=2, steps=4, seconds=45)
    assert sequencer.tick(T0 + 900).status == "stopped"


def test_controls_after_the_end_change_nothing():
    sequencer = started()
    sequencer.stop(T0 + 5)
    for control in (sequencer.next, sequencer.pause, sequencer.resume, sequencer.stop):
        control(T0 + 50)
    assert sequencer.outcome() == Outcome("test", "stopped", step=1, steps=4, seconds=5)


def test_asking_for_the_outcome_before_the_end_is_an_error():
    sequencer = started()
    with pytest.raises(RuntimeError):
        sequencer.outcome()


def test_a_routine_can_only_be_started_once():
    sequencer = started()
    with pytest.raises(RuntimeError):
        sequencer.start(T0 + 1)


def test_a_routine_without_steps_is_refused():
    with pytest.raises(ValueError, match="no steps"):
        Sequencer(Routine(id="empty", title=Text.plain("Empty"), steps=()))
