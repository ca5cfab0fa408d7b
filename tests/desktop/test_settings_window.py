"""The settings window in the virtual desktop, driven with the keyboard through xdotool:
a changed interval and working day reach the running daemon at once and the user's
comments stay; locked keys cannot be changed; a value beyond the organisation's bound
is refused with the bound named; Esc closes without saving; a broken file is never
written; the tray's helper opens it, and so does "Open config file" when no desktop
handler can."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ergo.config import load_config
from ergo.runtime.helpers import Helpers, LaunchFailed
from tests.desktop.conftest import needs_gtk
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.test_daemon import Ergo, close_to, moment, noon_zone

pytestmark = pytest.mark.desktop

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ORG = """\
policy:
  locked: [interruptions.meetings, reminders.feet-flat.enabled]
  bounds:
    reminders.walk.every: {min: 30m, max: 90m}
"""


def user_text(days: list[str], zone: str = "Europe/Amsterdam") -> str:
    return f"""\
# My own ergo settings: please keep this comment
language: en
work_hours:
  timezone: {zone}
  days: [{", ".join(days)}]   # my days
  start: "00:00"
  end: "23:59"
  breaks: []
reminders:
  sit-upright: {{enabled: false}}
  feet-flat: {{enabled: false}}
  change-position: {{enabled: false}}
  walk:
    every: 60m   # once an hour
"""


class Settings:
    """A settings window in its own process, found by its title, driven by keys."""

    def __init__(self, desktop: DesktopSession, env: dict[str, str], command: list[str],
                 title: str = "ergo settings") -> None:
        self.desktop = desktop
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.window = wait_until(lambda: self._found(title), 15, f"the window {title!r}")
        # Keys sent before Tk maps the window's widgets are lost: wait for its size.
        wait_until(lambda: self.desktop.geometry(self.window).width > 200, 5,
                   "the window to be laid out")
        # Tk also drops every key until it has given its window the focus, which it does
        # only once it has seen the window become visible: on a busy machine, after the
        # window is laid out.
        wait_until(lambda: self.desktop.input_focus() == self.window, 5,
                   "the window to have the keyboard")

    def _found(self, title: str) -> int | None:
        if self.process.poll() is not None:
            out, err = self.process.communicate()
            pytest.fail(f"the settings window exited {self.process.returncode}: {out}{err}")
        return next(iter(self.desktop.search("--name", f"^{title}$")), None)

    def keys(self, *keys: str) -> None:
        for key in keys:
            # xdotool fails when the key closes the window before it is released, and
            # the key would then stay down and repeat into the next window: release it.
            self.desktop.run("xdotool", "key", "--window", str(self.window), key, check=False)
            self.desktop.run("xdotool", "keyup", key.split("+")[-1], check=False)

    def type(self, text: str) -> None:
        self.desktop.run("xdotool", "type", "--window", str(self.window), text)

    def line(self, timeout: float = 10) -> dict:
        """Return the next JSON line the window prints."""
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.process.stdout.readline()),
                         daemon=True).start()
        return json.loads(lines.get(timeout=timeout))

    def finish(self) -> dict:
        out, _err = self.process.communicate(timeout=10)
        return json.loads(out.strip().splitlines()[-1])

    def screenshot(self, path: Path) -> Path:
        box = self.desktop.geometry(self.window)
        self.desktop.run("xdotool", "mousemove", "0", "0")
        return self.desktop.screenshot(path, (box.x, box.y, box.x + box.width,
                                              box.y + box.height))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def user(desktop: DesktopSession) -> Iterator[Ergo]:
    ergo = Ergo(desktop, tray=None)
    (ergo.root / "org.yaml").write_text(ORG, encoding="utf-8")
    ergo.env["ERGO_ORG_CONFIG"] = str(ergo.root / "org.yaml")
    yield ergo
    ergo.close()


@pytest.fixture
def settings(desktop: DesktopSession, user: Ergo) -> Iterator:
    opened: list[Settings] = []

    def open_settings(*args: str, title: str = "ergo settings",
                      command: tuple[str, ...] = ("-m", "ergo.settings")) -> Settings:
        window = Settings(desktop, user.env, [sys.executable, *command, "--config",
                                              str(user.config), *args], title)
        opened.append(window)
        return window

    yield open_settings
    for window in opened:
        window.close()


def test_a_changed_interval_and_working_day_move_the_daemons_next_reminder_and_keep_comments(
        user, settings):
    zone = noon_zone()
    today = datetime.now(ZoneInfo(zone)).weekday()
    user.config.write_text(user_text([d for n, d in enumerate(DAYS) if n != today], zone))
    user.start("--no-tray")
    before = user.status()["next"]
    assert all(moment(n["at"]).date() != datetime.now(ZoneInfo(zone)).date() for n in before)

    window = settings()
    window.keys("alt+r", "alt+e", "Down", "Down", "Down")  # the walk's interval
    window.type("45m")
    window.keys("alt+w", "alt+d", *["Tab"] * today, "space")  # today's box
    window.keys("Return")
    saved = datetime.now(ZoneInfo(zone))
    assert window.finish() == {"outcome": "saved",
                               "changed": ["reminders.walk.every", "work_hours.days"]}
    walk = wait_until(lambda: next((n for n in user.status()["next"] if n["id"] == "walk"
                                    and moment(n["at"]).date() == saved.date()), None),
                      timeout=4, what="the walk to come today")
    assert close_to(moment(walk["at"]), saved + timedelta(minutes=45), 30)
    text = user.config.read_text(encoding="utf-8")
    assert text.startswith("# My own ergo settings: please keep this comment\n")
    assert "every: 45m   # once an hour" in text
    days = next(line for line in text.splitlines() if "days:" in line)
    assert days.startswith(f"  days: [{', '.join(DAYS)}]") and days.endswith(" # my days")


def test_a_locked_switch_cannot_be_changed(user, settings):
    user.config.write_text(user_text(list(DAYS)))
    before = user.config.read_bytes()
    window = settings()
    window.keys("alt+n", "alt+m", "alt+f", "Return")  # calls: locked; full screen: free
    assert window.finish() == {"outcome": "saved", "changed": ["interruptions.fullscreen"]}
    text = user.config.read_text(encoding="utf-8")
    assert "fullscreen: false" in text and "meetings" not in text
    assert text.startswith(before.decode())


def test_a_value_beyond_the_bound_is_refused_with_the_bound_and_nothing_is_saved(
        user, settings):
    user.config.write_text(user_text(list(DAYS)))
    before = user.config.read_bytes()
    window = settings()
    window.keys("alt+r", "alt+e", "Down", "Down", "Down")
    window.type("2h")
    window.keys("Return")
    assert window.line() == {"refused": [
        "Time to move: every: 2h is more than the maximum 90m set by your organisation"]}
    assert window.process.poll() is None
    window.keys("Escape")
    assert window.finish() == {"outcome": "closed", "changed": []}
    assert user.config.read_bytes() == before


def test_offer_stretches_of_a_built_in_routine_can_be_unticked_and_is_saved_as_none(
        user, settings):
    user.config.write_text(user_text(list(DAYS)))
    window = settings()
    # The walk's interval, then Tab past "Shown as" to "Offer stretches".
    window.keys("alt+r", "alt+e", "Down", "Down", "Down", "Tab", "Tab", "space", "Return")
    assert window.finish() == {"outcome": "saved", "changed": ["reminders.walk.routine"]}
    assert "routine: none" in user.config.read_text(encoding="utf-8")
    loaded = load_config(user.config, user.root / "org.yaml", environ={})
    assert loaded.settings.reminder("walk").routine is None


def test_escape_closes_without_saving(user, settings):
    user.config.write_text(user_text(list(DAYS)))
    before = user.config.read_bytes()
    window = settings()
    window.keys("alt+r", "alt+e")
    window.type("40m")
    window.keys("Escape")
    assert window.finish() == {"outcome": "closed", "changed": []}
    assert user.config.read_bytes() == before


def test_a_broken_file_is_shown_in_dutch_and_never_written(user, settings):
    broken = user_text(list(DAYS)).replace("every: 60m", "every: often")
    user.config.write_text(broken)
    window = settings("--language", "nl", title="ergo-instellingen")
    window.keys("alt+r", "alt+e")
    window.type("45m")
    # Enter does nothing here: Esc, handled after it, still finds the window open.
    window.keys("Return", "Escape")
    assert window.finish() == {"outcome": "closed", "changed": []}
    assert user.config.read_text() == broken


@pytest.mark.parametrize("language, title", [("en", "ergo settings"),
                                             ("nl", "ergo-instellingen")])
def test_screenshots_of_ergo_settings_with_the_organisations_word_shown(
        user, settings, screenshots, language, title):
    user.config.write_text(user_text(list(DAYS)).replace("language: en", f"language: {language}"))
    window = settings(title=title, command=("-m", "ergo", "settings"))
    window.keys("alt+r" if language == "en" else "alt+h")
    window.screenshot(screenshots / f"settings-{language}.png")
    window.keys("Escape")
    assert window.process.wait(10) == 0


@needs_gtk
def test_settings_in_the_gtk_tray_menu_opens_the_window_in_the_configured_language(desktop):
    ergo = Ergo(desktop)
    try:
        ergo.config.write_text(user_text(list(DAYS)).replace("language: en", "language: nl"))
        ergo.start()
        desktop.open_tray_menu(desktop.wait_for_tray_icon())
        desktop.key("Up", "Up", "Up", "Up", "Up", "Return")  # from Quit up to Settings…
        wait_until(lambda: desktop.search("--name", "^ergo-instellingen$"), 15,
                   "the settings window")
    finally:
        ergo.close()


def test_the_trays_helper_opens_the_settings_window(desktop, user, monkeypatch):
    user.config.write_text(user_text(list(DAYS)))
    for name, value in user.env.items():
        monkeypatch.setenv(name, value)
    helpers = Helpers(lambda item: None, icon=None, config_args=("--config", str(user.config)))
    try:
        helpers.settings("nl")
        wait_until(lambda: desktop.search("--name", "^ergo-instellingen$"), 15,
                   "the settings window")
        shown = helpers._settings
        helpers.settings("nl")  # one is open: no second one
        assert helpers._settings is shown and shown.poll() is None
    finally:
        helpers.close()


def test_open_config_file_without_a_desktop_handler_opens_the_settings_window_with_the_path(
        desktop, user, monkeypatch, tmp_path):
    user.config.write_text(user_text(list(DAYS)))
    for name, value in user.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open, no gio
    put: queue.Queue[object] = queue.Queue()
    helpers = Helpers(put.put, icon=None, python=sys.executable,
                      config_args=("--config", str(user.config)))
    try:
        helpers.open_file(user.config)
        failed = put.get(timeout=5)
        assert isinstance(failed, LaunchFailed) and failed.target == str(user.config)
        assert failed.reason.startswith("xdg-open: No such file") and "gio:" in failed.reason
        wait_until(lambda: desktop.search("--name", "^ergo settings$"), 15,
                   "the settings window")
    finally:
        helpers.close()
