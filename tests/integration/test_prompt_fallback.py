"""A prompt that fails while a display is set: its reminder pops up as a notification
with buttons instead, and counts as not shown only where nothing can pop up.

The dispatcher with the real engine, config and history on a fake clock (see
``test_dispatcher.Rig``); the prompt is a real helper process that fails as Tk does
when it cannot open its window.
"""

from __future__ import annotations

from pathlib import Path

from ergo.core import events as ev
from ergo.runtime.helpers import PromptAnswer
from tests.integration import test_dispatcher
from tests.integration.test_dispatcher import CONFIG, MONDAY, WALK_ONLY, Rig, at
from tests.integration.test_dispatcher_answers import history

# The same fixture as the dispatcher's other tests.
rig = test_dispatcher.rig

WALK_BOTH = WALK_ONLY.replace("delivery: prompt", "delivery: both")


def failing_prompt(tmp_path: Path) -> str:
    """A stand-in for ``python -m ergo.desktop.prompt`` that reads its spec, as the real
    prompt does, then cannot open its window."""
    program = tmp_path / "prompt"
    program.write_text("#!/bin/sh\ncat >/dev/null\necho 'cannot open a window' >&2\nexit 1\n")
    program.chmod(0o755)
    return str(program)


def prompt_fails(r: Rig) -> None:
    """Wait for the failed prompt's answer and hand it to the dispatcher."""
    answer = r.events.get(timeout=10)
    assert answer == PromptAnswer(("walk",), "not_shown")
    r.send(answer)


def test_a_prompt_that_fails_pops_up_as_a_notification_whose_buttons_answer(rig, tmp_path):
    r = rig(config=WALK_ONLY, prompt_program=failing_prompt(tmp_path))
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    assert r.notifier.shown == []
    prompt_fails(r)
    assert r.notifier.tags == [("walk",)]
    answers = r.notifier.answers[0]
    assert [a.key for a in answers.actions] == ["done", "snooze", "routine"]
    assert r.status()["state"] == "due"
    r.send(answers.actions[0].answer)
    assert r.status()["state"] == "active"
    assert [kind for kind, _rid in history(r)] == ["shown", "done"]


def test_a_prompt_that_fails_with_no_notification_server_counts_as_not_shown(rig, tmp_path):
    r = rig(config=WALK_ONLY, prompt_program=failing_prompt(tmp_path))
    r.notifier.buttons = True
    r.notifier.gone = True
    r.run_until(at(MONDAY, 10, 1))
    prompt_fails(r)
    assert r.notifier.shown == []
    assert r.status()["state"] == "active"
    assert [kind for kind, _rid in history(r)] == ["shown", "not_shown"]


def test_a_failed_prompt_whose_notification_is_on_screen_sends_no_second_one(rig):
    r = rig(config=WALK_BOTH)
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    assert len(r.notifier.shown) == 1 and len(r.helpers.prompts) == 1
    r.send(PromptAnswer(("walk",), "not_shown"))
    assert len(r.notifier.shown) == 1
    # It counts as ignored once the prompt's time is up, as a pop-up alone would.
    assert r.helpers.expiring == [(("walk",), r.dispatcher.settings.notifications.prompt_timeout)]
    assert r.status()["state"] == "due"


def test_without_buttons_a_failed_prompt_still_pops_up_until_the_prompts_time_is_up(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 10, 1))
    r.send(PromptAnswer(("walk",), "not_shown"))
    assert r.notifier.tags == [("walk",)] and r.notifier.answers == [None]
    assert r.helpers.expiring[0][0] == ("walk",)
    r.send(PromptAnswer(("walk",), "ignored"))
    assert [kind for kind, _rid in history(r)] == ["shown", "ignored"]


def test_a_failed_prompt_pops_up_again_what_a_closed_merged_notification_showed(rig):
    r = rig(config=CONFIG.replace("delivery: prompt", "delivery: both").replace(
        "change-position: {every: 25m, delivery: notification}",
        "change-position: {every: 60m, delivery: both}"))
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    assert [set(tag) for tag in r.notifier.tags] == [{"walk", "change-position"}]
    r.send(ev.Done(("walk",)))
    # Closing the merged notification took change-position's off the screen too.
    assert r.notifier.withdrawn == [("walk",)]
    assert r.helpers.prompt_ids == ("change-position",)
    r.send(PromptAnswer(("change-position",), "not_shown"))
    assert r.notifier.tags[1:] == [("change-position",)]
