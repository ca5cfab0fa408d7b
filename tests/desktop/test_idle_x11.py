"""Idle time, full-screen windows and do-not-disturb in the virtual desktop (Xvfb, dunst).

The full-screen detector is shown twice: with EWMH hints set by hand with xprop
(the shared desktop has no window manager), and with a real window manager
(openbox) making a Tk window full screen, in a desktop of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from ergo.core.model import InterruptionSettings
from ergo.desktop.idle_x11 import X11Idle
from ergo.desktop.interrupt_dbus import DunstPaused
from ergo.desktop.interrupt_x11 import FullscreenX11
from ergo.desktop.select import select_idle, select_interruptions
from tests.desktop.session import DesktopSession, wait_until
from tests.missing import unavailable

pytestmark = pytest.mark.desktop

TK_WINDOW = """
import sys, tkinter
root = tkinter.Tk()
root.title(sys.argv[1])
root.geometry("300x200+50+50")
root.update()
print(root.wm_frame(), flush=True)
for line in sys.stdin:
    root.attributes("-fullscreen", line.strip() == "full")
    root.update()
    print("done", flush=True)
"""


def test_x11_idle_time_grows_without_input_and_xdotool_input_resets_it(desktop: DesktopSession):
    monitor = X11Idle(desktop.env)
    try:
        desktop.run("xdotool", "mousemove", "10", "10")
        wait_until(lambda: monitor.idle_seconds() >= 0.5, what="the idle time to grow")
        desktop.run("xdotool", "mousemove", "200", "200")
        assert monitor.idle_seconds() < 0.3
        wait_until(lambda: monitor.idle_seconds() >= 0.3, what="the idle time to grow again")
        desktop.run("xdotool", "key", "shift")
        assert monitor.idle_seconds() < 0.3
        assert monitor.locked() is None
    finally:
        monitor.close()


def test_in_the_x11_desktop_selection_chooses_x11_idle_and_says_why_not_the_others(
    desktop: DesktopSession,
):
    choice = select_idle(env=desktop.env, platform="linux")
    try:
        assert choice.adapter.name == "x11"
        reasons = {r.name: r.reason for r in choice.rejected}
        assert "nothing provides org.gnome.Mutter.IdleMonitor" in reasons["idle mutter"]
        assert "org.freedesktop.login1" in reasons["sleep logind"]
        assert choice.adapter.idle_seconds() >= 0
    finally:
        choice.adapter.close()


def _x_window(desktop: DesktopSession, title: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", TK_WINDOW, title], env=desktop.env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )


def test_a_focused_window_marked_full_screen_is_reported_with_its_title(desktop: DesktopSession):
    window = _x_window(desktop, "Quarterly review")
    detector = FullscreenX11(desktop.env)
    try:
        frame = window.stdout.readline().strip()
        # No window manager here: set the hints it would set, as it would set them.
        assert detector.check() is None
        desktop.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x",
                    "-set", "_NET_ACTIVE_WINDOW", frame)
        desktop.run("xprop", "-id", frame, "-f", "_NET_WM_NAME", "8u",
                    "-set", "_NET_WM_NAME", "Quarterly review")
        assert detector.check() is None
        desktop.run("xprop", "-id", frame, "-f", "_NET_WM_STATE", "32a",
                    "-set", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN")
        assert detector.check() == "full-screen window: Quarterly review"
        desktop.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x",
                    "-set", "_NET_ACTIVE_WINDOW", "0x0")
        assert detector.check() is None
    finally:
        detector.close()
        window.kill()
        window.wait()


@pytest.fixture(scope="module")
def wm_desktop() -> Iterator[DesktopSession]:
    """A desktop of its own with openbox as its window manager."""
    if shutil.which("openbox") is None:
        unavailable("openbox is missing (see .ci/run)")
    with DesktopSession() as session:
        session.popen(["openbox", "--sm-disable"])
        wait_until(lambda: "_NET_SUPPORTING_WM_CHECK(WINDOW)" in session.run(
            "xprop", "-root", "_NET_SUPPORTING_WM_CHECK", check=False), what="openbox")
        yield session


def test_a_tk_window_made_full_screen_by_a_real_window_manager_is_detected(wm_desktop):
    window = _x_window(wm_desktop, "Slides")
    detector = FullscreenX11(wm_desktop.env)
    try:
        window.stdout.readline()
        wait_until(lambda: "window id" in wm_desktop.run(
            "xprop", "-root", "_NET_ACTIVE_WINDOW", check=False)
            and detector.check() is None, what="the window to be focused")
        window.stdin.write("full\n")
        window.stdin.flush()
        window.stdout.readline()
        assert wait_until(detector.check, what="full screen") == "full-screen window: Slides"
        window.stdin.write("normal\n")
        window.stdin.flush()
        window.stdout.readline()
        wait_until(lambda: detector.check() is None, what="the window to leave full screen")
    finally:
        detector.close()
        window.kill()
        window.wait()


def test_pausing_dunst_is_do_not_disturb(desktop: DesktopSession):
    detector = DunstPaused()
    try:
        assert detector.check() is None
        desktop.run("dunstctl", "set-paused", "true")
        assert detector.check() == "do not disturb is on"
    finally:
        desktop.run("dunstctl", "set-paused", "false")
        detector.close()
    detectors = select_interruptions(InterruptionSettings(), env=desktop.env, platform="linux")
    try:
        assert {d.name for d in detectors.active} >= {"capture", "fullscreen-x11", "dunst-paused"}
        assert "notifications-inhibited" in dict(detectors.unavailable)
    finally:
        detectors.close()
