"""``ergo run`` in the virtual desktop notices a break and a full-screen window for real.

The daemon runs as a user runs it, with X11 idle time and the interruption
detectors of this desktop; ``ergo status`` and the history file show what it saw.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ergo.history.store import HistoryStore
from tests.configs import all_week
from tests.daemon_control import below_xdg_runtime, status
from tests.desktop.conftest import ROOT
from tests.desktop.session import DesktopSession, wait_until

pytestmark = pytest.mark.desktop

CONFIG = all_week("1s")

WINDOW = """
import sys, tkinter
root = tkinter.Tk()
root.title("Slides")
root.update()
print(root.wm_frame(), flush=True)
sys.stdin.read()
"""


def test_the_daemon_sees_a_full_screen_window_and_a_break_and_records_the_break(
    desktop: DesktopSession, tmp_path: Path
):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    (tmp_path / "ergo.yaml").write_text(CONFIG)
    # Not the first start: no welcome window to cover the desktop.
    (tmp_path / "state" / "ergo").mkdir(parents=True)
    (tmp_path / "state" / "ergo" / "welcome-shown").write_text("")
    env = dict(
        desktop.env,
        PYTHONPATH=str(ROOT),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        ERGO_HISTORY_DB=str(tmp_path / "history.sqlite3"),
    )
    window = subprocess.Popen([sys.executable, "-c", WINDOW], env=desktop.env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    frame = window.stdout.readline().strip()
    desktop.run("xprop", "-id", frame, "-f", "_NET_WM_STATE", "32a",
                "-set", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN")
    desktop.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x",
                "-set", "_NET_ACTIVE_WINDOW", frame)
    daemon = desktop.popen([sys.executable, "-m", "ergo", "run", "--no-tray",
                            "--config", str(tmp_path / "ergo.yaml")], env=env)
    control = below_xdg_runtime(runtime)
    try:
        first = wait_until(lambda: status(control), timeout=60, what="ergo status")
        assert first["backends"]["idle"] == "x11"
        named = wait_until(lambda: (status(control) or {}).get("interruption"), timeout=10,
                           what="the interruption in ergo status")
        assert named.startswith("reminders wait: full-screen window")
        desktop.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x",
                    "-set", "_NET_ACTIVE_WINDOW", "0x0")
        wait_until(lambda: status(control)["state"] == "away", timeout=10, what="a break")
        time.sleep(1.5)  # the break under test: no input for a while longer
        desktop.run("xdotool", "mousemove", "300", "300")
        wait_until(lambda: status(control)["state"] != "away", timeout=60, what="the return")
    finally:
        desktop.terminate(daemon)
        window.kill()
        window.wait()
        desktop.run("xprop", "-root", "-remove", "_NET_ACTIVE_WINDOW", check=False)
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    try:
        breaks = [e for e in store.all_events() if e.kind == "natural_break"]
    finally:
        store.close()
    assert len(breaks) == 1
    assert breaks[0].detail["seconds"] >= 2.5
