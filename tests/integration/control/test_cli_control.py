"""The ``ergo`` control commands as a user runs them: subprocesses against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ergo.control.endpoint import Endpoint
from ergo.control.protocol import Request, Response
from ergo.control.server import ControlServer

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("apscheduler", "pystray", "PIL", "plyer", "yaml")

STATUS = {
    "pid": 4242,
    "state": "active",
    "paused_until": None,
    "snoozed_until": None,
    "next": [{"id": "walk", "title": "Walk around", "at": "2030-01-02T10:40:00+00:00"}],
    "snoozes_left_today": 3,
    "backends": {"tray": "none", "notifier": "log", "idle": "none"},
    "config_files": ["/etc/ergo/org.yaml"],
    "interruption": None,
}


def ergo(runtime_dir, *args):
    env = {**os.environ, "ERGO_RUNTIME_DIR": str(runtime_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ergo", *args], capture_output=True,
                          text=True, env=env, timeout=30)


class FakeDaemon:
    """Answers like the daemon would and remembers what it was asked."""

    def __init__(self):
        self.requests: list[Request] = []
        self.refusal: str | None = None

    def __call__(self, req: Request) -> Response:
        self.requests.append(req)
        if self.refusal:
            return Response.failure(self.refusal)
        if req.cmd == "status":
            return Response.success(STATUS)
        if req.cmd in ("snooze", "pause"):
            return Response.success({"until": "2030-01-02T11:00:00+00:00"})
        return Response.success()


@pytest.fixture
def daemon(runtime_dir):
    fake = FakeDaemon()
    with ControlServer(fake, Endpoint.for_dir(runtime_dir)):
        yield fake


@pytest.mark.parametrize(
    "args", [["status"], ["status", "--json"], ["snooze", "10m"], ["pause"], ["resume"],
             ["trigger", "walk"], ["reload"], ["stop"]]
)
def test_with_no_daemon_each_command_says_ergo_is_not_running_and_exits_1(runtime_dir, args):
    result = ergo(runtime_dir, *args)
    assert result.returncode == 1
    assert "ergo is not running" in result.stderr
    assert result.stdout == ""


def test_status_prints_the_daemons_state_and_next_reminder(runtime_dir, daemon):
    result = ergo(runtime_dir, "status")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ergo is running (pid 4242): active")
    assert "Walk around (walk)" in result.stdout
    assert "Snoozes left today: 3" in result.stdout


def test_status_json_prints_the_daemons_data_unchanged(runtime_dir, daemon):
    result = ergo(runtime_dir, "status", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == STATUS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["snooze", "10m"], Request("snooze", {"duration": "10m", "reminder": None})),
        (["snooze", "rest-of-day", "walk"],
         Request("snooze", {"duration": "rest_of_day", "reminder": "walk"})),
        (["pause"], Request("pause", {})),
        (["pause", "20m"], Request("pause", {"for": "20m"})),
        (["pause", "until", "17:30"], Request("pause", {"until": "17:30"})),
        (["pause", "tomorrow"], Request("pause", {"tomorrow": True})),
        (["resume"], Request("resume", {})),
        (["trigger", "walk"], Request("trigger", {"reminder": "walk"})),
        (["reload"], Request("reload", {})),
        (["stop"], Request("stop", {})),
    ],
)
def test_each_command_sends_its_request_and_exits_0(runtime_dir, daemon, args, expected):
    result = ergo(runtime_dir, *args)
    assert result.returncode == 0, result.stderr
    assert daemon.requests == [expected]
    assert result.stdout.startswith("ergo: ")


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["snooze", "ten"], "for example 45s, 20m"),
        (["snooze"], "DURATION"),
        (["pause", "until", "25:00"], "HH:MM"),
        (["pause", "later"], "ergo pause [DURATION | until HH:MM | tomorrow]"),
        (["trigger"], "REMINDER"),
    ],
)
def test_bad_arguments_exit_2_with_a_hint_and_send_nothing(runtime_dir, daemon, args, hint):
    result = ergo(runtime_dir, *args)
    assert result.returncode == 2
    assert hint in result.stderr
    assert "Traceback" not in result.stderr
    assert daemon.requests == []


def test_a_refusal_from_the_daemon_is_printed_and_exits_1(runtime_dir, daemon):
    daemon.refusal = "HR policy allows no snooze longer than 15m"
    result = ergo(runtime_dir, "snooze", "1h")
    assert result.returncode == 1
    assert result.stderr.strip() == "ergo: HR policy allows no snooze longer than 15m"


def test_the_control_commands_import_no_tray_scheduler_or_notifier_library(runtime_dir, daemon):
    code = (
        "import json, sys\n"
        "from ergo.cli import main\n"
        "codes = [main(['status']), main(['snooze', '5m']), main(['pause', 'tomorrow'])]\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(json.dumps({'codes': codes, 'heavy': heavy}))\n"
    )
    env = {**os.environ, "ERGO_RUNTIME_DIR": str(runtime_dir), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=30)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"codes": [0, 0, 0], "heavy": []}
