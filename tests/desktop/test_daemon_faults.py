"""The real daemon, ``python -m ergo run``, on the paths that used to switch it off:
a broken config at start (an organisation drop-in too), a hostile state file, a
crowded control channel, a display that goes away, a daemon killed with a prompt on
screen.

Each fault either recovers by itself or says, where the user looks, what is wrong.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.desktop.conftest import needs_gtk
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.test_daemon import REMINDER, TITLE, Ergo, config_text, moment

pytestmark = pytest.mark.desktop

PROBLEM_TITLE = "ergo config has problems"


@pytest.fixture
def ergo(desktop: DesktopSession) -> Iterator[Ergo]:
    """An ergo for the gtk tray with an hourly reminder (not started yet)."""
    user = Ergo(desktop)
    user.config.write_text(config_text(every="1h"))
    yield user
    user.close()


def org_text(every: str = "1h") -> str:
    """Return an organisation file that sets and locks the reminder's interval."""
    return f"""\
reminders:
  {REMINDER}:
    every: {every}
policy:
  locked: [reminders.{REMINDER}.every]
"""


def problem_notification(ergo: Ergo) -> str:
    """Wait for this ergo's notification about config problems; return its body."""
    calls = wait_until(lambda: ergo.calls(PROBLEM_TITLE), timeout=10,
                       what="the notification about the config")
    return calls[0].body


def first_due_in(status: dict) -> timedelta:
    entry = next(n for n in status["next"] if n["id"] == REMINDER)
    return moment(entry["at"]) - datetime.now(UTC)


# -- a broken config at start ---------------------------------------------------------


def test_garbage_in_the_user_file_at_start_runs_on_the_last_good_one_and_says_where(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h", title="Walk to the window"))
    ergo.start()
    ergo.cli("stop")
    ergo.exit_status()
    ergo.config.write_text("reminders: {walk: [\n")

    ergo.start()
    status = ergo.status()
    assert [n["title"] for n in status["next"]] == ["Walk to the window"]
    assert status["config_problems"][0].startswith(f"{ergo.config}:2:")
    assert f"{ergo.config}:2" in status["interruption"]
    assert f"{ergo.config}:2" in ergo.cli("status").stdout
    assert f"{ergo.config}:2" in problem_notification(ergo)
    assert "config refused at start" in ergo.log

    # Fixed: the file watcher picks it up, and the problem is gone from status.
    ergo.config.write_text(config_text(every="1h", title="Stand up now"))
    wait_until(lambda: [n["title"] for n in ergo.status()["next"]] == ["Stand up now"],
               timeout=12, what="the fixed config in force")
    assert ergo.status()["config_problems"] == []


def test_with_no_last_good_config_a_broken_user_file_starts_on_the_defaults(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text("reminders: {walk: [\n")
    ergo.start()
    status = ergo.status()
    assert "walk" in {n["id"] for n in status["next"]}
    assert status["config_problems"]
    assert str(ergo.config) in problem_notification(ergo)


def test_garbage_in_the_organisation_file_at_start_keeps_the_organisations_locks(
    desktop: DesktopSession, ergo: Ergo
):
    org = ergo.root / "org.yaml"
    org.write_text(org_text(every="1h"))
    # The user tries a three-second interval; the organisation's lock wins.
    ergo.config.write_text(config_text(every="3s"))
    ergo.start("--org-config", str(org))
    assert first_due_in(ergo.status()) > timedelta(minutes=50)
    ergo.cli("stop")
    ergo.exit_status()

    org.write_text("policy: {locked: [\n")
    ergo.start("--org-config", str(org))
    status = ergo.status()
    assert status["config_problems"][0].startswith(f"{org}:2:")
    assert first_due_in(status) > timedelta(minutes=50)
    assert str(org) in problem_notification(ergo)
    # ergo config check stays the strict gate.
    check = ergo.cli("config", "check", "--org", str(org), check=False)
    assert check.returncode == 2


def test_a_broken_organisation_file_with_no_last_good_one_keeps_its_valid_locks(ergo: Ergo):
    org = ergo.root / "org.yaml"
    org.write_text(org_text(every="1h") + "idle: {break_after: soon}\n")
    ergo.config.write_text(config_text(every="3s"))
    ergo.start("--org-config", str(org))
    status = ergo.status()
    assert any("idle.break_after" in p for p in status["config_problems"])
    assert first_due_in(status) > timedelta(minutes=50)


def test_a_broken_drop_in_is_named_and_the_other_locks_hold_until_it_is_fixed(ergo: Ergo):
    org = ergo.root / "org.yaml"
    org.write_text(org_text(every="1h"))
    # The user tries a three-second interval; the organisation's lock must win.
    ergo.config.write_text(config_text(every="3s"))
    (ergo.root / "org.d").mkdir()
    broken = ergo.root / "org.d" / "20-it.yaml"
    broken.write_text("reminders: {" + REMINDER + ": [\n")
    ergo.start("--org-config", str(org))
    status = ergo.status()
    assert status["config_problems"][0].startswith(f"{broken}:")
    assert first_due_in(status) > timedelta(minutes=50)
    assert str(broken) in problem_notification(ergo)

    # Fixed, with a new interval: the watcher sees the drop-in change.
    broken.write_text(f"reminders:\n  {REMINDER}: {{every: 3h}}\n")
    wait_until(lambda: first_due_in(ergo.status()) > timedelta(hours=2), timeout=15,
               what="the fixed drop-in in force")
    assert ergo.status()["config_problems"] == []

    # A new drop-in is picked up too.
    (ergo.root / "org.d" / "30-hr.yaml").write_text(f"reminders:\n  {REMINDER}: {{every: 2h}}\n")
    wait_until(lambda: timedelta(hours=1) < first_due_in(ergo.status()) <= timedelta(hours=2),
               timeout=15, what="the new drop-in in force")


# -- hostile values -------------------------------------------------------------------


def saved_state(**reminder: object) -> dict:
    """Return a state.json document with one reminder whose fields ``reminder`` sets."""
    entry = {"progress": 0, "snoozed_until": None, "shown": False, "quiet": False,
             "held_since": None, "snoozes": 0, "done": 0, "skipped": 0, "ignored": 0,
             **reminder}
    now = datetime.now(UTC).isoformat()
    return {"format": 1, "state": {
        "version": 1, "as_of": now, "reminders": {REMINDER: entry}, "pause": None,
        "away": None, "snoozed_all_until": None, "snoozes_today": 0, "last_notified": None,
    }}


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(saved_state(snoozed_until="9999-12-31T23:59:59+00:00")),
        json.dumps(saved_state(progress=10**11)),
        json.dumps(saved_state(held_since="0001-01-01T00:00:00+14:00")),
        '{"format": 1, "state": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["far-future-snooze", "huge-progress", "far-past-instant", "deep-nesting"],
)
def test_hostile_values_in_the_state_file_are_moved_aside_and_ergo_answers(
    ergo: Ergo, content: str
):
    ergo.state_file.write_text(content)
    ergo.start()
    # A daemon stuck on the values would not answer within the command's own 5 s
    # timeout; a wall-clock bound tighter than that only measures how busy the machine is.
    assert ergo.status()["state"] in ("active", "due")
    assert [f.read_text() for f in ergo.state_file.parent.glob("state.json.corrupt-*")] == [
        content]
    ergo.cli("stop")
    assert ergo.exit_status() == 0


def test_pauses_and_snoozes_too_long_to_compute_are_refused_with_a_reason(ergo: Ergo):
    ergo.start()
    for args in (("pause", "69890000h"), ("pause", "99999999h"), ("snooze", "99999999h")):
        done = ergo.cli(*args, check=False)
        assert done.returncode != 0, args
        assert "busy" not in done.stderr and "Traceback" not in done.stderr
    assert "at most a year" in ergo.cli("pause", "69890000h", check=False).stderr
    assert ergo.status()["state"] == "active"
    ergo.cli("stop")
    assert ergo.exit_status() == 0


# -- helper windows -------------------------------------------------------------------


def test_after_kill_9_the_prompt_window_goes_within_5_seconds(desktop: DesktopSession, ergo: Ergo):
    ergo.config.write_text(config_text(every="1h", delivery="prompt", prompt_timeout="5m"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    wait_until(lambda: desktop.search("--name", TITLE), timeout=15, what="the prompt")
    assert ergo.process is not None
    ergo.process.kill()
    ergo.exit_status()
    wait_until(lambda: not desktop.search("--name", TITLE), timeout=5,
               what="the orphaned prompt to close")


# -- a crowded control channel --------------------------------------------------------


def test_50_concurrent_status_calls_are_all_answered_while_10_connections_stall(ergo: Ergo):
    """The figures (latency, before and after) come from bench/control_crowd.py."""
    ergo.start()
    stalled = []
    for n in range(10):
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(str(ergo.runtime / "ergo.sock"))
        if n % 2:
            sock.send(b"\0")
        stalled.append(sock)
    try:
        calls = [subprocess.Popen([sys.executable, "-m", "ergo", "status", "--json"],
                                  env=ergo.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(50)]
        answers = [call.communicate(timeout=120) for call in calls]
        failed = [err for call, (_, err) in zip(calls, answers, strict=True) if call.returncode]
        assert failed == []
        assert all(json.loads(out)["pid"] == ergo.process.pid for out, _ in answers)
    finally:
        for sock in stalled:
            sock.close()


# -- the session ends -----------------------------------------------------------------


@pytest.fixture
def own_desktop() -> Iterator[DesktopSession]:
    """A virtual desktop of this test's own, which it may break."""
    with DesktopSession() as session:
        yield session


SESSION_KEYS = ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS")


@pytest.mark.parametrize("tray", [None, pytest.param("gtk", marks=needs_gtk)])
@pytest.mark.parametrize("what", ["display", "session bus"])
def test_when_the_session_ends_ergo_saves_its_state_and_exits_and_the_next_session_starts_it(
    own_desktop: DesktopSession, tray: str | None, what: str
):
    user = Ergo(own_desktop, tray=tray)
    try:
        user.config.write_text(config_text(every="1h"))
        user.start()
        user.cli("pause", "20m")
        paused_until = user.status()["paused_until"]
        ending = own_desktop.xvfb if what == "display" else own_desktop.session_bus
        assert ending is not None
        ending.kill()
        assert user.process is not None
        started = time.monotonic()
        user.process.wait(15)
        assert time.monotonic() - started < 15
        if (tray, what) != ("gtk", "display"):
            assert "ergo stopped; state saved" in user.log
        # GTK ends the process itself when its display goes; the state is on disk anyway,
        # as ergo saves it on every change.
        saved = json.loads(user.state_file.read_text())["state"]
        assert saved["pause"]["until"] is not None

        with DesktopSession() as next_session:
            user.desktop = next_session
            user.env.update({key: next_session.env[key] for key in SESSION_KEYS})
            user.start()
            assert user.status()["paused_until"] == paused_until
            user.cli("stop")
            assert user.exit_status() == 0
            user.process = None
    finally:
        user.close()
