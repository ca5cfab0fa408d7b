"""What is on screen follows what was answered, and only the user's answers reach the history.

The dispatcher with the real engine, config and history on a fake clock (see
``test_dispatcher.Rig``): a left click opens the prompt instead of answering, a
prompt closes when its reminder is answered elsewhere, one routine player at a
time, the headline names the situation, snoozes are legible and reversible.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.control.protocol import Request, decode_request, encode_request
from ergo.core import events as ev
from ergo.history.store import HistoryStore
from ergo.runtime.dispatcher import ControlCall
from ergo.runtime.helpers import PromptAnswer, RoutineEnded, RoutineProgress
from ergo.runtime.menu import Command
from tests.integration import test_dispatcher
from tests.integration.test_dispatcher import CONFIG, MONDAY, WALK_ONLY, Rig, at

# The same fixture as the dispatcher's other tests.
rig = test_dispatcher.rig

BOTH_PROMPT = CONFIG.replace("change-position: {every: 25m, delivery: notification}",
                             "change-position: {every: 60m, delivery: prompt}")


def control(r: Rig, cmd: str, **args):
    call = ControlCall(decode_request(encode_request(Request(cmd, args))))
    r.send(call)
    assert call.response is not None
    return call.response


def history(r: Rig) -> list[tuple[str, str | None]]:
    """Return the recorded (kind, reminder) pairs, oldest first."""
    assert r.recorder.flush(5)
    store = HistoryStore.open(r.history_path)
    try:
        return [(e.kind, e.reminder) for e in store.all_events()]
    finally:
        store.close()


def answers(r: Rig) -> list[tuple[str, str | None]]:
    return [(kind, rid) for kind, rid in history(r) if kind in ("done", "skipped", "ignored",
                                                                 "snoozed")]


def walk_due(r: Rig) -> None:
    r.run_until(at(MONDAY, 10, 1))
    assert r.helpers.prompt_ids == ("walk",)
    assert r.status()["state"] == "due"


def test_the_default_tray_action_opens_the_prompt_again_and_answers_nothing(rig):
    r = rig(config=WALK_ONLY)
    walk_due(r)
    default = next(item for item in r.tray.view.menu if item.default)
    assert default.action == Command("prompt")
    r.send(default.action)
    assert len(r.helpers.prompts) == 2
    assert r.helpers.prompts[-1][0].reminder_ids == ("walk",)
    assert r.status()["state"] == "due"
    assert answers(r) == []


def test_with_nothing_due_the_tray_has_no_default_action(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 9, 30))
    assert not any(item.default for item in r.tray.view.menu)


def test_done_in_the_tray_closes_the_prompt_and_the_stale_prompt_answers_nothing_more(rig):
    r = rig(config=WALK_ONLY)
    walk_due(r)
    r.send(ev.Done(("walk",)))
    assert r.helpers.prompt_ids == () and r.helpers.closed_prompts == 1
    # A prompt that was already on its way back answers a reminder no longer showing.
    r.send(PromptAnswer(("walk",), "done"))
    assert answers(r) == [("done", "walk")]


def test_a_snooze_from_the_command_line_closes_the_prompt(rig):
    r = rig(config=WALK_ONLY)
    walk_due(r)
    assert control(r, "snooze", duration="10m", reminder="walk").ok
    assert r.helpers.prompt_ids == () and r.helpers.closed_prompts == 1
    assert answers(r) == [("snoozed", "walk")]


def test_a_natural_break_closes_the_prompt_and_answers_nothing_for_the_user(rig):
    r = rig(config=WALK_ONLY)
    walk_due(r)
    r.send(ev.BreakStarted("idle", r.clock.now()))
    assert r.status()["situation"] == "On a break since 10:01"
    assert r.tray.view.menu[0].label == "On a break since 10:01"
    r.clock.move_to(at(MONDAY, 10, 12))
    r.send(ev.BreakEnded("idle"))
    assert r.helpers.prompt_ids == () and r.helpers.closed_prompts == 1
    assert r.status()["state"] == "active"
    assert answers(r) == []
    assert ("natural_break", None) in history(r)


def test_a_merged_prompt_answered_in_part_elsewhere_shows_the_rest_again(rig):
    r = rig(config=BOTH_PROMPT)
    r.run_until(at(MONDAY, 10, 1))
    assert set(r.helpers.prompt_ids) == {"walk", "change-position"}
    r.send(ev.Done(("walk",)))
    assert r.helpers.prompt_ids == ("change-position",)
    assert r.helpers.prompts[-1][0].title == "Change position"


def test_stretch_now_while_a_routine_plays_brings_it_forward_instead_of_a_second_one(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 9, 30))
    r.send(Command("stretch"))
    r.send(Command("stretch"))
    assert len(r.helpers.routines) == 1 and r.helpers.brought_forward == 1
    reply = control(r, "routine")
    assert reply.ok and reply.data == {"started": False}
    assert [kind for kind, _ in history(r)].count("routine_started") == 1


def test_the_headline_and_status_name_the_routine_and_its_step(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 9, 30))
    r.send(Command("stretch"))
    assert r.tray.view.menu[0].label == "Stretching"
    r.send(RoutineProgress("lumbar-short", 3, 6))
    assert r.tray.view.menu[0].label == "Stretching, step 3 of 6"
    assert r.status()["situation"] == "Stretching, step 3 of 6"
    r.helpers.routine_playing = False
    r.send(RoutineEnded("lumbar-short", completed=True, step=6, status="completed"))
    assert r.tray.view.menu[0].label.startswith("Next reminder:")


def test_a_routine_skipped_through_is_recorded_as_stopped_and_answers_nothing(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 9, 30))
    r.send(Command("stretch"))
    r.helpers.routine_playing = False
    r.send(RoutineEnded("lumbar-short", completed=False, step=6, status="skipped"))
    assert [kind for kind, _ in history(r)][-1] == "routine_stopped"
    assert answers(r) == []
    assert r.stats(MONDAY)["total"]["routines_completed"] == 0


def test_status_tells_a_snooze_of_one_reminder_from_a_snooze_of_all(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 20))
    assert control(r, "snooze", duration="30m", reminder="walk").ok
    status = r.status()
    assert status["snoozed_until"] is None
    assert [(s["id"], s["until"][11:16]) for s in status["snoozed_reminders"]] == [
        ("walk", "09:50")
    ]
    assert "Time to move: snoozed until 09:50" in [i.label for i in r.tray.view.menu]
    assert control(r, "snooze", duration="10m").ok
    status = r.status()
    assert status["snoozed_until"][11:16] == "09:30"
    assert [s["id"] for s in status["snoozed_reminders"]] == ["walk"]


def test_a_shorter_snooze_says_which_one_it_replaced(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 20))
    assert "replaced" not in control(r, "snooze", duration="30m").data
    reply = control(r, "snooze", duration="10m")
    assert reply.data["until"][11:16] == "09:30"
    assert reply.data["replaced"][11:16] == "09:50"


def test_end_snooze_in_the_tray_and_resume_end_snoozes(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 20))
    control(r, "snooze", duration="30m")
    end = next(item for item in r.tray.view.menu if item.label == "End snooze")
    r.send(end.action)
    assert r.status()["snoozed_until"] is None
    control(r, "snooze", duration="30m", reminder="walk")
    assert control(r, "resume").ok
    assert r.status()["snoozed_reminders"] == []
    refused = control(r, "resume")
    assert not refused.ok and refused.error == "reminders are neither paused nor snoozed"


def test_bad_requests_are_usage_errors_with_a_suggestion(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 20))
    unknown = control(r, "snooze", duration="10m", reminder="wlak")
    assert unknown.usage and "(did you mean 'walk'?)" in unknown.error
    assert control(r, "trigger", reminder="wlak").usage
    too_long = control(r, "snooze", duration="99h")
    assert too_long.usage and too_long.error == "a snooze may last at most 30m"


def test_triggering_a_reminder_switched_off_in_the_tray_is_refused_and_shows_nothing(rig):
    r = rig(toggles={"walk": False})
    r.run_until(at(MONDAY, 9, 20))
    shown = len(r.helpers.prompts)
    refused = control(r, "trigger", reminder="walk")
    assert refused.usage and "'walk' is switched off" in refused.error
    assert len(r.helpers.prompts) == shown


def test_a_session_of_clicks_leaves_exactly_those_clicks_in_the_history(rig):
    r = rig(config=BOTH_PROMPT)
    r.run_until(at(MONDAY, 10, 1))
    clicks = []
    # Left click (opens the prompt again), then Done in the tray for the walk.
    r.send(Command("prompt"))
    r.send(ev.Done(("walk",)))
    clicks.append(("done", "walk"))
    # The prompt, now for Change position only, is answered Skip; its stale twin Done.
    r.send(PromptAnswer(("change-position",), "skipped"))
    clicks.append(("skipped", "change-position"))
    r.send(PromptAnswer(("walk", "change-position"), "done"))
    r.run_until(at(MONDAY, 11, 1))
    showing = r.helpers.prompt_ids
    assert set(showing) == {"walk", "change-position"}
    r.send(PromptAnswer(showing, "snooze", snooze="10m"))
    clicks += [("snoozed", rid) for rid in showing]
    # Both come back when the snooze ends; Done in the tray answers them.
    r.run_until(at(MONDAY, 11, 11) + timedelta(seconds=30))
    assert r.status()["state"] == "due"
    done = next(item for item in r.tray.view.menu if item.label.startswith("Done:")).action
    r.send(done)
    clicks += [("done", rid) for rid in done.reminder_ids]
    assert answers(r) == clicks


def test_a_call_starting_takes_the_prompt_back_and_it_comes_again_after_the_call(rig):
    r = rig(config=WALK_ONLY)
    walk_due(r)
    r.send(ev.InterruptionStarted("meeting", "camera in use"))
    assert r.helpers.prompt_ids == () and r.helpers.closed_prompts == 1
    assert r.tray.view.menu[0].label == "Waiting: camera in use"
    assert r.status()["situation"] == "Waiting: camera in use"
    assert ("deferred", "walk") in history(r)
    r.clock.move_to(at(MONDAY, 10, 20))
    r.send(ev.InterruptionEnded("meeting"))
    r.run_until(at(MONDAY, 10, 25))
    assert r.helpers.prompt_ids == ("walk",)
    assert answers(r) == []


WALK_POPUP = WALK_ONLY.replace("walk: {every: 60m, delivery: prompt, routine: lumbar-short}",
                               "walk: {every: 60m, delivery: notification}")


def _tray_done(r: Rig) -> None:
    r.send(ev.Done(("walk",)))


def _cli_snooze(r: Rig) -> None:
    assert control(r, "snooze", duration="10m", reminder="walk").ok


def _natural_break(r: Rig) -> None:
    r.send(ev.BreakStarted("idle", r.clock.now()))
    r.clock.move_to(at(MONDAY, 10, 12))
    r.send(ev.BreakEnded("idle"))


def _held_by_a_call(r: Rig) -> None:
    r.send(ev.InterruptionStarted("meeting", "camera in use"))


def _a_new_day(r: Rig) -> None:
    r.run_until(at(MONDAY + timedelta(days=1), 9, 5))


@pytest.mark.parametrize("answer_elsewhere", [
    _tray_done, _cli_snooze, _natural_break, _held_by_a_call, _a_new_day])
def test_a_notification_closes_when_its_reminder_stops_being_due_anywhere(rig, answer_elsewhere):
    r = rig(config=WALK_POPUP)
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    assert r.notifier.tags == [("walk",)] and r.status()["state"] == "due"
    assert r.notifier.withdrawn == []
    answer_elsewhere(r)
    assert r.notifier.withdrawn == [("walk",)]


def test_a_notification_answered_by_its_button_is_withdrawn_once(rig):
    r = rig(config=WALK_POPUP)
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    r.send(r.notifier.answers[0].actions[0].answer)
    assert r.notifier.withdrawn == [("walk",)]
    # The stale copy of that answer (a second click) closes nothing more.
    r.send(r.notifier.answers[0].actions[0].answer)
    assert r.notifier.withdrawn == [("walk",)]
    assert answers(r) == [("done", "walk")]
