"""``ergo doctor`` in the virtual desktop names the sources that really work there."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.desktop.session import DesktopSession

pytestmark = pytest.mark.desktop


def test_doctor_lists_the_working_sources_the_missing_ones_and_what_would_help(
    desktop: DesktopSession, desktop_env: dict[str, str]
):
    done = subprocess.run([sys.executable, "-m", "ergo", "doctor"], env=desktop_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "Idle time: x11 (the candidates for linux, in order)" in lines
    assert "Notifications: freedesktop (the candidates for linux, in order)" in lines
    assert any(line.startswith("  server: dunst 1.9.0") for line in lines)
    assert any(line.startswith("  capabilities: actions, body") for line in lines)
    assert "  full-screen windows: fullscreen-x11" in lines
    assert "  do not disturb: dunst-paused" in lines
    assert "  calls (microphone or camera in use): capture" in lines
    assert any(line.startswith("  not idle mutter: nothing provides") for line in lines)
    assert any(line.startswith("  not notifications-inhibited: dunst has no Inhibited")
               for line in lines)
    assert "What would help:" in lines
    assert any("LockedHint" in line for line in lines)


def test_without_a_notification_server_doctor_gives_the_exact_reason(
    desktop: DesktopSession, desktop_env: dict[str, str]
):
    desktop.stop_dunst()
    done = subprocess.run([sys.executable, "-m", "ergo", "doctor"], env=desktop_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert ("  not freedesktop: no notification server on the session bus (nothing owns "
            "org.freedesktop.Notifications, and none can be D-Bus-activated)") in lines
    assert any("start a notification server" in line for line in lines)


def test_doctor_points_at_the_log_file_and_its_support_trail(
    desktop: DesktopSession, desktop_env: dict[str, str], tmp_path
):
    env = dict(desktop_env, XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "ergo", "doctor"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    log_line = next(line for line in done.stdout.splitlines() if line.startswith("Log: "))
    assert log_line.startswith(f"Log: {tmp_path / 'state' / 'ergo' / 'log' / 'ergo.log'} ")
    assert "grep ergo.trail" in log_line
