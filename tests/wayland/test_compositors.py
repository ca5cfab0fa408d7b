"""``ergo run`` in real headless Wayland compositors (sway, KWin, GNOME Shell): tray,
notifications, idle, full screen.

The daemon runs as a user runs it, in a sway, KWin or GNOME Shell session started by
tests/wayland/session.py; ``ergo status`` shows what it saw. Each test takes
about 15 to 30 s, most of it the idle threshold passing for real.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests import daemon_control
from tests.configs import all_week
from tests.desktop.session import wait_until
from tests.waiting import stays, wait_still
from tests.wayland.session import SIZE, WaylandSession

# One worker runs them all (pytest-xdist): the sessions share one user, created on first use.
pytestmark = [pytest.mark.wayland, pytest.mark.xdist_group("wayland")]

BREAK_AFTER = 10.0
CONFIG = all_week(f"{BREAK_AFTER:g}s")


class Ergo:
    """``ergo run`` as the session's user, with its own config and state folders and
    ``env`` added to the session's environment."""

    def __init__(self, session: WaylandSession, config: str = CONFIG,
                 env: dict[str, str] | None = None) -> None:
        self.session = session
        home = session.home
        self.env = dict(
            session.env,
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            **(env or {}),
        )
        self.config = session.write("ergo.yaml", config)
        # Not the first start: no welcome window.
        session.write("home/.local/state/ergo/welcome-shown", "")
        self.started = time.monotonic()
        self.process = session.popen([str(session.python), "-m", "ergo", "run",
                                      "--config", str(self.config)], env=self.env)

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.session.run(str(self.session.python), "-m", "ergo", *args, env=self.env,
                                check=False)

    def status(self) -> dict | None:
        return daemon_control.status(
            daemon_control.below_xdg_runtime(self.env["XDG_RUNTIME_DIR"]))

    def wait_for_status(self) -> dict:
        return wait_until(self.status, 20, f"ergo status\n{self.session.log_tail()}")

    def stop(self) -> None:
        self.session.terminate(self.process)


# "Stretch now", as the tray's menu item asks for it.
ROUTINE_REQUEST = "from ergo.control.client import request; request('routine', {})"


def doctor_paths(ergo: Ergo) -> dict[str, tuple[str, str]]:
    """The rows of ``ergo doctor``'s desktop table: path -> (source, cost when missing)."""
    done = ergo.command("doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = lines.index("Desktop paths:") + 2
    rows = {}
    for line in lines[start:start + 4]:
        label, rest = line[2:14].strip(), line[15:].split("  ", 1)
        rows[label] = (rest[0].strip(), rest[1].strip() if len(rest) > 1 else "")
    return rows


def the_tray_item_and_a_notification(ergo: Ergo, idle: str, host: str) -> None:
    """Check that ergo uses ``idle`` and the StatusNotifierItem tray, that its item is in the
    watcher of ``host``, and that a reminder's notification is shown."""
    first = ergo.wait_for_status()
    assert first["backends"]["idle"] == idle
    assert first["backends"]["tray"] == "sni"
    wait_until(lambda: "StatusNotifierItem" in ergo.session.registered_items(), 10,
               f"ergo's item in the watcher of {host}")
    assert ergo.command("trigger", "feet-flat").returncode == 0
    wait_until(lambda: "Feet check" in ergo.session.notifications(), 10,
               "the notification on the desktop")


def a_break_and_its_end(ergo: Ergo) -> float:
    """Wait for the break that no input for BREAK_AFTER starts, make input, wait for its end;
    return the seconds from the daemon's start to the break."""
    wait_until(lambda: (ergo.status() or {}).get("state") == "away", BREAK_AFTER + 15,
               "a break after no input")
    seen_after = time.monotonic() - ergo.started
    time.sleep(0.5)  # the user comes back a moment into the break, not as it starts
    ergo.session.user_input()
    wait_until(lambda: (ergo.status() or {}).get("state") not in ("away", None), 10,
               "the break to end on input")
    return seen_after


def test_on_sway_the_tray_item_a_notification_and_an_idle_break_work(sway: WaylandSession):
    ergo = Ergo(sway)
    try:
        the_tray_item_and_a_notification(ergo, "kde-idle", "waybar")
        assert a_break_and_its_end(ergo) >= BREAK_AFTER
        paths = doctor_paths(ergo)
        assert paths["idle time"] == ("kde-idle", "-")
        assert paths["lock state"][0] == "none"
        assert paths["full screen"] == ("fullscreen-wlroots", "-")
        assert paths["windows"][0] == "none"
        assert "install Xwayland" in paths["windows"][1]
    finally:
        ergo.stop()


def test_on_sway_a_reload_that_shortens_idle_break_after_rearms_the_idle_notification(
    sway: WaylandSession,
):
    ergo = Ergo(sway)
    try:
        ergo.wait_for_status()
        ergo.config.write_text(all_week("3s"))
        assert ergo.command("reload").returncode == 0
        before_input = time.monotonic()
        sway.user_input()
        wait_until(lambda: (ergo.status() or {}).get("state") == "away", BREAK_AFTER,
                   "a break at the new threshold")
        assert 3 <= time.monotonic() - before_input < BREAK_AFTER
    finally:
        ergo.stop()


def test_on_sway_a_native_full_screen_window_holds_reminders(sway: WaylandSession):
    sway.popen(["foot", "-F", "--title", "Slides"])

    def focused_fullscreen() -> bool:
        tree = sway.run("swaymsg", "-t", "get_tree", "-r", check=False).stdout
        return '"fullscreen_mode": 1' in tree and '"focused": true' in tree

    wait_until(focused_fullscreen, 10, "foot full screen")
    ergo = Ergo(sway)
    try:
        ergo.wait_for_status()
        named = wait_until(lambda: (ergo.status() or {}).get("interruption"), 20,
                           "the interruption in ergo status")
        assert named.startswith("reminders wait: full-screen window: Slides")
    finally:
        ergo.stop()


def test_on_sway_with_xwayland_the_prompt_sits_bottom_right_and_leaves_the_focus_alone(
    sway_xwayland: WaylandSession,
):
    sway = sway_xwayland
    sway.popen(["foot", "--title", "Editor"])

    def editor_focused() -> bool:
        tree = json.loads(sway.run("swaymsg", "-t", "get_tree", "-r").stdout)
        return any(node.get("name") == "Editor" and node.get("focused")
                   for node in _nodes(tree))

    wait_until(editor_focused, 10, "foot to have the focus")
    ergo = Ergo(sway)
    try:
        ergo.wait_for_status()
        assert ergo.command("trigger", "walk").returncode == 0

        def prompt_geometry() -> tuple[int, int, int, int] | None:
            tree = sway.run("xwininfo", "-root", "-tree", check=False).stdout
            found = re.search(r'"Time to move": \("ergo-prompt".*?(\d+)x(\d+)\+(-?\d+)\+(-?\d+)',
                              tree)
            geometry = tuple(int(n) for n in found.groups()) if found else None
            # Xwayland lists the window at 1x1 for a moment, before sway lays it out.
            return geometry if geometry and geometry[0] > 1 else None  # type: ignore[return-value]

        width, height, x, y = wait_still(prompt_geometry, 15, "the prompt window to be placed")
        assert (x + width, y + height) == (SIZE[0] - 16, SIZE[1] - 56)
        stays(editor_focused, 0.5, "the editor's focus")
    finally:
        ergo.stop()


# A routine of two short steps, named by the walk reminder, so that Stretch now plays it.
QUICK_ROUTINE = """\
reminders:
  walk: {routine: quick}
routines:
  quick:
    title: Quick stretch
    steps:
      - {id: reach, name: Reach up, cues: [Both arms up high.], duration: 2s}
      - {id: lean, name: Lean aside, cues: [Lean to the left, then to the right.], duration: 2s}
"""


def two_routines_today(ergo: Ergo) -> dict | None:
    """Today's figures from ``ergo stats`` once two routines were completed, else None."""
    done = ergo.command("stats", "--today", "--json")
    today = json.loads(done.stdout)["days"][-1] if done.returncode == 0 else {}
    return today if today.get("routines_completed") == 2 else None


def test_on_sway_without_xwayland_stretches_and_routine_reminders_come_as_step_notifications(
    sway: WaylandSession,
):
    ergo = Ergo(sway, CONFIG + QUICK_ROUTINE)
    try:
        ergo.wait_for_status()
        routine = ergo.session.run(str(sway.python), "-c", ROUTINE_REQUEST, env=ergo.env)
        assert routine.returncode == 0, routine.stderr
        wait_until(lambda: "Stretches need a window" in sway.notifications(), 10,
                   "the notification about the missing window")
        assert wait_until(lambda: sway.notification_body("Reach up"), 10,
                          "the first step") == "Step 1 of 2\nBoth arms up high."
        wait_until(lambda: "Lean aside" in sway.notifications(), 10, "the second step")
        done = wait_until(lambda: sway.notification_body("Quick stretch"), 10, "the end")
        assert done.startswith("Well done")
        wait_until(lambda: (ergo.status() or {}).get("state") == "active", 10,
                   "the routine's end in ergo status")
        sway.run("makoctl", "dismiss", "--all")
        # mako has buttons: the reminder is answered on the notification, and its
        # Start stretches button plays the routine as notifications too.
        assert ergo.command("trigger", "walk").returncode == 0
        wait_until(lambda: "Time to move" in sway.notifications(), 10, "the routine reminder")
        sway.run("makoctl", "invoke", "routine")
        wait_until(lambda: "Reach up" in sway.notifications(), 10, "the reminder's routine")
        today = wait_until(lambda: two_routines_today(ergo), 15, "the second routine's end")
        assert today["done"] == 1, today
    finally:
        ergo.stop()


def test_on_sway_ergo_saves_its_state_and_exits_when_the_compositor_ends(sway: WaylandSession):
    # The session bus lives on, as a user's systemd bus does after logout: ergo must
    # notice the compositor itself.
    ergo = Ergo(sway)
    try:
        ergo.wait_for_status()
        assert ergo.command("pause", "20m").returncode == 0
        assert sway.compositor_process is not None
        sway.terminate(sway.compositor_process)
        assert ergo.process.wait(15) == 0
        log = next(sway.home.rglob("ergo.log")).read_text()
        assert "the Wayland display" in log and "ergo stopped; state saved" in log
        saved = json.loads(next(sway.home.rglob("state.json")).read_text())["state"]
        assert saved["pause"]["until"] is not None
    finally:
        ergo.stop()


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("nodes", []) + node.get("floating_nodes", []):
        yield from _nodes(child)


def test_on_kwin_idle_comes_from_ext_idle_notify_and_the_lock_from_the_screensaver(
    kwin: WaylandSession,
):
    ergo = Ergo(kwin)
    try:
        first = ergo.wait_for_status()
        assert first["backends"]["idle"] == "ext-idle-notify + screensaver"
        assert a_break_and_its_end(ergo) >= BREAK_AFTER
        paths = doctor_paths(ergo)
        assert paths["idle time"] == ("ext-idle-notify", "-")
        assert paths["lock state"] == ("screensaver", "-")
        assert paths["full screen"][0] == "none"
        assert "KDE gives programs no way to see other windows" in paths["full screen"][1]
    finally:
        ergo.stop()


def test_on_gnome_the_tray_item_a_notification_and_an_idle_break_work(gnome: WaylandSession):
    ergo = Ergo(gnome)
    try:
        the_tray_item_and_a_notification(ergo, "mutter", "the AppIndicator extension")
        assert "feet flat" in (gnome.notification_body("Feet check") or "")
        # Mutter counts the idle time from the shell's start: input first, so the break
        # has to wait the whole threshold after it.
        before_input = time.monotonic()
        gnome.user_input()
        seen = a_break_and_its_end(ergo)
        assert ergo.started + seen - before_input >= BREAK_AFTER
        paths = doctor_paths(ergo)
        assert paths["idle time"] == ("mutter", "-")
        assert paths["lock state"][0] == "none"
        assert paths["full screen"][0] == "none"
        assert "GNOME gives programs no way to see other windows" in paths["full screen"][1]
        assert paths["windows"][0] == "none"
        assert "install Xwayland" in paths["windows"][1]
    finally:
        ergo.stop()


def test_on_gnome_with_xwayland_the_prompt_opens_and_only_x11_full_screen_is_seen(
    gnome_xwayland: WaylandSession,
):
    gnome = gnome_xwayland
    ergo = Ergo(gnome)
    try:
        first = ergo.wait_for_status()
        assert first["backends"]["idle"] == "mutter"
        assert ergo.command("trigger", "walk").returncode == 0
        wait_until(lambda: '"Time to move": ("ergo-prompt"' in gnome.run(
            "xwininfo", "-root", "-tree", check=False).stdout, 15, "the prompt window")
        paths = doctor_paths(ergo)
        assert paths["windows"] == ("xwayland", "-")
        assert paths["full screen"][0] == "fullscreen-x11 (Xwayland windows only)"
    finally:
        ergo.stop()
