"""The dispatcher's helper processes: prompts that fail to start, prompts replaced, the
routine player's outcome, and ergo's own windows ending with ergo.

A stand-in prompt program (a shell script that sleeps) plays the part of the Tk
prompt, which needs a display; tests/desktop/test_daemon.py runs the real one.
"""

from __future__ import annotations

import logging
import queue
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ergo.core.engine import Firing
from ergo.ports import PromptSpec
from ergo.runtime.helpers import Helpers, LaunchFailed, PromptAnswer, RoutineEnded
from tests.desktop.session import wait_until

SPEC = PromptSpec("Stand up", "Walk for a minute.", timeout=timedelta(seconds=0.3))


def firing(*ids: str) -> Firing:
    return Firing(datetime.now(UTC), ids, "Stand up", "Walk for a minute.")


@pytest.fixture
def sleeping_prompt(tmp_path: Path) -> str:
    """A program that, run as ``PROGRAM -m ergo.desktop.prompt``, stays open for a minute."""
    program = tmp_path / "prompt"
    program.write_text("#!/bin/sh\nexec sleep 60\n")
    program.chmod(0o755)
    return str(program)


def test_a_prompt_that_cannot_start_does_not_block_and_counts_as_not_shown(caplog):
    answers: queue.Queue[object] = queue.Queue()
    helpers = Helpers(answers.put, icon=None, python="/nonexistent/python")
    caller = threading.Thread(
        target=helpers.prompt, args=(firing("walk"), SPEC, None), daemon=True
    )
    with caplog.at_level(logging.WARNING):
        caller.start()
        caller.join(5)
    assert not caller.is_alive(), "Helpers.prompt blocked the dispatcher"
    assert answers.get(timeout=5) == PromptAnswer(("walk",), "not_shown")
    assert "cannot start the reminder prompt" in caplog.text
    helpers.close()


def test_a_prompt_that_fails_is_answered_not_shown_so_the_reminder_does_not_stay_due(
    tmp_path: Path, caplog
):
    program = tmp_path / "prompt"
    # It reads its spec first, as the real prompt does, then cannot open its window.
    program.write_text("#!/bin/sh\ncat >/dev/null\necho 'cannot open a window' >&2\nexit 1\n")
    program.chmod(0o755)
    answers: queue.Queue[object] = queue.Queue()
    helpers = Helpers(answers.put, icon=None, python=str(program))
    with caplog.at_level(logging.WARNING):
        helpers.prompt(firing("walk"), SPEC, None)
        assert answers.get(timeout=5) == PromptAnswer(("walk",), "not_shown")
    assert "could not be shown" in caplog.text
    helpers.close()


def test_when_no_desktop_handler_opens_the_file_ergo_says_why_and_opens_the_settings_window(
        tmp_path: Path, monkeypatch):
    for name, said in (("xdg-open", "no method available for opening it"),
                       ("gio", "No application is registered")):
        launcher = tmp_path / name
        launcher.write_text(f"#!/bin/sh\necho '{said}' >&2\nexit 3\n")
        launcher.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    window = tmp_path / "python"
    window.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/window-args\n")
    window.chmod(0o755)
    answers: queue.Queue[object] = queue.Queue()
    helpers = Helpers(answers.put, icon=None, python=str(window),
                      config_args=("--config", str(tmp_path / "ergo.yaml")))
    target = tmp_path / "ergo.yaml"
    target.write_text("language: en\n")
    helpers.open_file(target)
    reason = "xdg-open: no method available for opening it; gio: No application is registered"
    assert answers.get(timeout=5) == LaunchFailed(str(target), reason)
    args = wait_until(lambda: (tmp_path / "window-args").exists()
                    and (tmp_path / "window-args").read_text())
    assert args == f"-m ergo.settings --config {target} --problem {reason}\n"
    helpers.close()


def test_a_replaced_prompt_is_no_failure_and_only_the_reminders_not_shown_again_are_ignored(
    sleeping_prompt: str, caplog
):
    answers: queue.Queue[object] = queue.Queue()
    helpers = Helpers(answers.put, icon=None, python=sleeping_prompt)
    spec = PromptSpec("Stand up", "Walk for a minute.", timeout=timedelta(minutes=1))
    with caplog.at_level(logging.WARNING):
        helpers.prompt(firing("walk", "posture"), spec, None)
        helpers.prompt(firing("walk"), spec, None)
        assert answers.get(timeout=5) == PromptAnswer(("posture",), "ignored")
        helpers.close()
        with pytest.raises(queue.Empty):
            answers.get(timeout=0.5)
    assert caplog.text == ""


def fake_python(tmp_path: Path, body: str) -> str:
    """A stand-in for ``python -m ergo.player ...``: a script that ignores its arguments."""
    script = tmp_path / "player"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_the_routine_outcome_line_comes_back_as_routine_ended(tmp_path):
    results: queue.Queue = queue.Queue()
    line = '{"routine": "lumbar-short", "status": "stopped", "step": 3, "steps": 6}'
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, f"echo '{line}'"))
    helpers.routine("lumbar-short", "en")
    assert results.get(timeout=10) == RoutineEnded("lumbar-short", False, 3)


def test_a_player_that_prints_nothing_counts_as_stopped_at_the_first_step(tmp_path):
    results: queue.Queue = queue.Queue()
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, "exit 1"))
    helpers.routine("lumbar-micro", "nl")
    assert results.get(timeout=10) == RoutineEnded("lumbar-micro", False, 1)


def test_a_player_that_ends_before_playing_is_reported_with_its_own_message(
    tmp_path, caplog
):
    results: queue.Queue = queue.Queue()
    body = "echo 'ergo: There is no routine called desk-break.' >&2; exit 2"
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, body))
    with caplog.at_level(logging.WARNING):
        helpers.routine("desk-break", "en")
        assert results.get(timeout=10) == RoutineEnded("desk-break", False, 1)
    assert "the routine player failed (ergo: There is no routine called desk-break.)" in (
        caplog.text
    )


def test_closing_ends_a_player_still_running(tmp_path):
    results: queue.Queue = queue.Queue()
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, "exec sleep 60"))
    helpers.routine("lumbar-short", "en")
    helpers.about("en")
    helpers.close()
    assert results.get(timeout=10) == RoutineEnded("lumbar-short", False, 1)


def test_windows_closed_because_ergo_stops_are_not_reported_as_failures(tmp_path, caplog):
    results: queue.Queue = queue.Queue()
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, "exec sleep 60"))
    with caplog.at_level(logging.INFO):
        helpers.routine("lumbar-short", "en")
        helpers.welcome("en")
        helpers.close()
        assert results.get(timeout=10) == RoutineEnded("lumbar-short", False, 1)
        wait_until(lambda: "ergo-welcome" not in {t.name for t in threading.enumerate()},
                   what="the welcome's worker to see its window end")
    assert caplog.text == ""
