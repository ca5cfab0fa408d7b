"""Every ``ergo`` command-line mistake exits 2 with a kind message; slips get a suggestion.

The commands run as subprocesses, as a user runs them. Where the daemon judges the
request, a real control server hands it to the real dispatcher (on a fake clock).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ergo.control.endpoint import Endpoint
from ergo.control.protocol import Request, Response
from ergo.control.server import ControlServer
from ergo.runtime.dispatcher import ControlCall
from ergo.runtime.menu import Command
from tests.integration.test_dispatcher import CONFIG, MONDAY, Rig, at

ROOT = Path(__file__).resolve().parents[3]


def ergo(runtime_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ERGO_RUNTIME_DIR": str(runtime_dir), "PYTHONPATH": str(ROOT),
           "LANG": "C.UTF-8", "LANGUAGE": ""}
    return subprocess.run([sys.executable, "-m", "ergo", *args], capture_output=True,
                          text=True, env=env, timeout=30)


@pytest.fixture
def daemon(runtime_dir: Path, tmp_path: Path):
    """A dispatcher at Monday 09:20 behind a real control server."""
    rig = Rig(tmp_path, CONFIG, toggles={"change-position": False})
    rig.run_until(at(MONDAY, 9, 20))
    lock = threading.Lock()

    def handle(request: Request) -> Response:
        # The server's connection threads take turns, as the dispatcher thread would.
        with lock:
            call = ControlCall(request)
            rig.send(call)
            assert call.response is not None
            return call.response

    with ControlServer(handle, Endpoint.for_dir(runtime_dir)):
        yield rig
    rig.recorder.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["snoze", "10m"], "invalid choice: 'snoze' (did you mean 'snooze'?)"),
        (["statuss"], "(did you mean 'status'?)"),
        (["history", "clar"], "(did you mean 'clear'?)"),
        (["snooze", "-5m"], "a snooze must last longer than zero"),
        (["snooze", "10"], "10"),
        (["pause", "until", "7:3"], "is not a time of day"),
        (["pause", "until", "25:00"], "is not a time of day"),
    ],
)
def test_mistakes_the_command_line_sees_itself_exit_2_without_a_traceback(
    runtime_dir, args, message
):
    result = ergo(runtime_dir, *args)
    assert result.returncode == 2, result
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["snooze", "10m", "wlak"], "there is no reminder 'wlak'"),
        (["trigger", "wlak"], "(did you mean 'walk'?)"),
        (["snooze", "99h"], "a snooze may last at most 30m"),
        (["trigger", "change-position"], "'change-position' is switched off"),
        (["routine", "lumbar-shrot"], "(did you mean 'lumbar-short'?)"),
    ],
)
def test_mistakes_the_daemon_sees_exit_2_too(runtime_dir, daemon, args, message):
    result = ergo(runtime_dir, *args)
    assert result.returncode == 2, result
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_switched_off_reminder_triggered_shows_nothing(runtime_dir, daemon):
    prompts = len(daemon.helpers.prompts)
    assert ergo(runtime_dir, "trigger", "change-position").returncode == 2
    assert len(daemon.helpers.prompts) == prompts and daemon.notifier.shown == []


def test_pause_until_accepts_a_single_digit_hour(runtime_dir, daemon):
    result = ergo(runtime_dir, "pause", "until", "7:30")
    assert result.returncode == 0, result.stderr
    assert daemon.status()["paused_until"][11:16] == "07:30"


def test_a_shorter_snooze_says_what_it_replaced_and_resume_ends_it(runtime_dir, daemon):
    assert ergo(runtime_dir, "snooze", "30m").returncode == 0
    shorter = ergo(runtime_dir, "snooze", "10m")
    assert shorter.returncode == 0
    assert "this replaces the snooze until" in shorter.stdout
    resumed = ergo(runtime_dir, "resume")
    assert resumed.returncode == 0, resumed.stderr
    assert daemon.status()["snoozed_until"] is None
    # Nothing left to end: a refusal of the moment, not a usage mistake.
    again = ergo(runtime_dir, "resume")
    assert again.returncode == 1 and "neither paused nor snoozed" in again.stderr


def test_status_names_a_routine_instead_of_nothing_scheduled(runtime_dir, daemon):
    daemon.send(Command("stretch"))
    result = ergo(runtime_dir, "status")
    assert result.returncode == 0, result.stderr
    assert "Stretching" in result.stdout.splitlines()[1]
    assert "nothing scheduled" not in result.stdout


def test_status_lists_a_reminder_snoozed_on_its_own(runtime_dir, daemon):
    assert ergo(runtime_dir, "snooze", "10m", "walk").returncode == 0
    result = ergo(runtime_dir, "status")
    assert "Time to move: snoozed until" in result.stdout
    assert "\nSnoozed until" not in result.stdout
