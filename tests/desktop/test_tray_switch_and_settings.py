"""The user's latest word wins between the tray's reminder switches and the settings
window: a reminder switched off in the daemon's tray menu (StatusNotifierItem, clicked
over D-Bus) is written into the user's file, so turning it on again in the settings
window (driven with xdotool) turns it on in the running daemon."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.sni_host import Host
from tests.desktop.test_settings_window import Settings
from tests.desktop.test_sni_protocol import (  # noqa: F401 (fixtures)
    Daemon,
    bus,
    daemon,
    daemon_host,
    watcher,
)

pytestmark = pytest.mark.desktop


def walk_in_file(ergo: Daemon) -> object:
    data = yaml.safe_load(Path(ergo.env["ERGO_CONFIG"]).read_text(encoding="utf-8")) or {}
    return data.get("reminders", {}).get("walk", {}).get("enabled")


def walk_next(ergo: Daemon) -> bool:
    return "walk" in [n["id"] for n in ergo.status()["next"]]


def test_a_reminder_switched_off_in_the_tray_is_turned_on_again_in_the_settings_window(
        desktop: DesktopSession, daemon: Daemon, daemon_host: Host):  # noqa: F811
    assert wait_until(lambda: walk_next(daemon), what="the walk to be planned")
    daemon_host.click(daemon_host.find("Reminders", "Time to move"))
    assert wait_until(lambda: not walk_next(daemon), what="the walk switched off")
    assert wait_until(lambda: walk_in_file(daemon) is False, timeout=15,
                      what="the switch written into the user's file")

    window = Settings(desktop, daemon.env, [sys.executable, "-m", "ergo.settings"])
    try:
        # The walk's interval, then its on/off box just before it.
        window.keys("alt+r", "alt+e", "Down", "Down", "Down", "shift+Tab", "space", "Return")
        assert window.finish() == {"outcome": "saved", "changed": ["reminders.walk.enabled"]}
    finally:
        window.close()
    assert walk_in_file(daemon) is True
    assert wait_until(lambda: walk_next(daemon), timeout=10, what="the walk on again")
