"""Helper processes started by the daemon: results come back on the queue, and ergo's own
windows end with ergo."""

from __future__ import annotations

import queue
import stat
from pathlib import Path

from ergo.runtime.helpers import Helpers, RoutineEnded


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


def test_closing_ends_a_player_still_running(tmp_path):
    results: queue.Queue = queue.Queue()
    helpers = Helpers(results.put, icon=None, python=fake_python(tmp_path, "exec sleep 60"))
    helpers.routine("lumbar-short", "en")
    helpers.about("en")
    helpers.close()
    assert results.get(timeout=10) == RoutineEnded("lumbar-short", False, 1)
