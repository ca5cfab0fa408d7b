"""The real daemon, ``python -m ergo run``, end to end in the virtual desktop.

Each test starts ergo as a subprocess with a home, XDG directories and runtime
directory of its own and a config whose reminders come every few seconds, then
watches it the way a user would: the icon in trayer, the Notify calls dunst
receives, the prompt window on screen, and the answers of the ``ergo`` commands.

The working day runs 00:00-23:59 on every weekday in a fixed-offset zone where it
is about noon right now, so the tests behave the same at any hour and on any day.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client
from pathlib import Path
from typing import Any

import pytest

from tests import daemon_control
from tests.desktop.conftest import ROOT, needs_gtk
from tests.desktop.session import DesktopSession, NotifyCall, Window, wait_until
from tests.desktop.sni_host import Watcher
from tests.waiting import stays

pytestmark = pytest.mark.desktop

REMINDER = "stand-up"
TITLE = "Stand up and stretch"
MESSAGE = "Get up from the chair for a minute."




def noon_zone() -> str:
    """Return a fixed-offset zone in which it is between 12:00 and 13:00 now."""
    offset = 12 - datetime.now(UTC).hour
    # The Etc zones count the other way: Etc/GMT-5 is five hours ahead of UTC.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def config_text(
    every: str = "3s",
    delivery: str = "notification",
    title: str = TITLE,
    prompt_timeout: str = "30s",
    routine: str | None = None,
    longest_snooze: str = "20s",
) -> str:
    """Return a user config with one reminder, ``every`` apart, all day, every day."""
    offer = f"\n    routine: {routine}" if routine else ""
    return f"""\
language: en
work_hours:
  timezone: {noon_zone()}
  days: [mon, tue, wed, thu, fri, sat, sun]
  start: "00:00"
  end: "23:59"
  breaks: []
reminders:
  sit-upright: {{enabled: false}}
  feet-flat: {{enabled: false}}
  change-position: {{enabled: false}}
  walk: {{enabled: false}}
  {REMINDER}:
    every: {every}
    kind: movement
    title: {title}
    message: {MESSAGE}
    delivery: {delivery}{offer}
snooze:
  durations: [5s, {longest_snooze}]
  max_per_day: 4
notifications:
  timeout: 5s
  min_gap: 1s
  prompt_timeout: {prompt_timeout}
"""


def moment(text: str | None) -> datetime:
    assert text is not None
    return datetime.fromisoformat(text)


def seconds_until(instant: datetime) -> float:
    return (instant - datetime.now(UTC)).total_seconds()


def close_to(instant: datetime, expected: datetime, seconds: float = 2.0) -> bool:
    return abs((instant - expected).total_seconds()) <= seconds


class Ergo:
    """One user's ergo: isolated directories, its config, and the daemon once started."""

    def __init__(self, desktop: DesktopSession, tray: str | None = "gtk") -> None:
        self.desktop = desktop
        # Short, so the control socket's path stays under AF_UNIX's limit.
        self.root = Path(tempfile.mkdtemp(prefix="ergo-e2e-"))
        home = self.root / "home"
        home.mkdir()
        self.config = self.root / "ergo.yaml"
        self.runtime = self.root / "run"
        env = {k: v for k, v in desktop.env.items() if not k.startswith(("ERGO_", "XDG_"))}
        env.update(
            PYTHONPATH=str(ROOT),
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            # No organisation file from the machine running the tests.
            XDG_CONFIG_DIRS=str(self.root / "etc"),
            XDG_RUNTIME_DIR=str(self.root),
            ERGO_RUNTIME_DIR=str(self.runtime),
            # ergo talks to the notification server itself: notify-send is not needed.
            PATH=desktop.path_without("notify-send"),
        )
        if tray is not None:
            env["ERGO_TRAY"] = tray
        self.env = env
        self.default_config = home / ".config" / "ergo" / "ergo.yaml"
        self.state_file = home / ".local" / "state" / "ergo" / "state.json"
        self.log_file = home / ".local" / "state" / "ergo" / "log" / "ergo.log"
        self.history_file = home / ".local" / "share" / "ergo" / "history.sqlite3"
        # Not the first start: no welcome window over the tray and the prompt.
        self.state_file.parent.mkdir(parents=True)
        (self.state_file.parent / "welcome-shown").write_text("")
        self.process: subprocess.Popen[bytes] | None = None
        self._stderr = self.root / "stderr.txt"
        # The desktop is shared between tests: count only the notifications sent from now on.
        self._calls_before = len(desktop.notify_calls())

    def start(
        self, *args: str, env: dict[str, str] | None = None, config_option: bool = True
    ) -> subprocess.Popen[bytes]:
        """Start ``ergo run -v --config FILE`` (without ``--config``: the user file in
        its default place) and wait until it answers ``ergo status``."""
        self.launch(*args, env=env, config_option=config_option)
        # A start takes about a second; far longer on a loaded machine.
        wait_until(self._answers, timeout=60, what="ergo to answer ergo status")
        return self.process

    def launch(
        self, *args: str, env: dict[str, str] | None = None, config_option: bool = True
    ) -> subprocess.Popen[bytes]:
        """Start ``ergo run`` as :meth:`start` does, without waiting for it."""
        config = ["--config", str(self.config)] if config_option else []
        with self._stderr.open("ab") as stderr:
            self.process = self.desktop.popen(
                [sys.executable, "-m", "ergo", "run", "-v", *config, *args],
                env=env or self.env,
                stderr=stderr,
            )
        return self.process

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(
                f"ergo run exited {self.process.returncode}:\n{self.stderr}"
            )
        return daemon_control.status(self.runtime) is not None

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run an ``ergo`` command for this user."""
        done = subprocess.run(
            [sys.executable, "-m", "ergo", *args],
            env=self.env, capture_output=True, text=True, timeout=20, check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"ergo {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done

    def calls(self, title: str = TITLE) -> list[NotifyCall]:
        """Return the notifications titled ``title`` dunst was sent since this began."""
        calls = self.desktop.notify_calls()[self._calls_before :]
        return [call for call in calls if call.summary == title]

    def notifications(self, title: str = TITLE) -> int:
        return len(self.calls(title))

    def wait_for_notification(self, count: int = 1, timeout: float = 10) -> NotifyCall:
        """Wait until the ``count``-th notification of the reminder is sent; return it."""
        calls = wait_until(
            lambda: (found := self.calls()) and len(found) >= count and found,
            timeout,
            f"notification {count} of {TITLE!r}",
        )
        return calls[count - 1]

    def status(self) -> dict[str, Any]:
        return daemon_control.request(self.runtime, "status")

    def wait_for_state(self, state: str, timeout: float = 10) -> dict[str, Any]:
        return wait_until(
            lambda: (s := self.status())["state"] == state and s,
            timeout,
            f"ergo status to say {state}",
        )

    def history(self) -> list[dict[str, str]]:
        """Return the recorded events, oldest first, as the rows ``ergo stats --export``
        writes; read in the test's own process, as tests ask again and again."""
        from ergo.commands.stats import EXPORT_COLUMNS, export_row, open_existing

        store = open_existing(self.history_file)
        if store is None:
            return []
        try:
            return [dict(zip(EXPORT_COLUMNS, export_row(event), strict=True))
                    for event in store.all_events()]
        finally:
            store.close()

    def wait_for_history(self, kind: str, timeout: float = 5) -> dict[str, str]:
        return wait_until(
            lambda: next((e for e in self.history() if e["kind"] == kind), None),
            timeout,
            f"a {kind!r} event in the history",
        )

    @property
    def stderr(self) -> str:
        return self._stderr.read_text(errors="replace") if self._stderr.exists() else ""

    def warnings(self, text: str) -> int:
        """Return how many warnings in the log file contain ``text``."""
        return sum(1 for line in self.log.splitlines() if " WARNING " in line and text in line)

    @property
    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def exit_status(self, timeout: float = 10) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process is not None:
            self.desktop.terminate(self.process)
        # pytest shows this only when the test failed.
        print(f"--- {self.log_file}\n{self.log}--- stderr of ergo run\n{self.stderr}")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def ergo(desktop: DesktopSession) -> Iterator[Ergo]:
    """An ergo for the gtk tray with a three-second reminder (not started yet)."""
    user = Ergo(desktop)
    user.config.write_text(config_text())
    yield user
    user.close()


class Prompt:
    """The daemon's prompt window on screen and its buttons.

    Layout (see ergo.desktop.prompt.PromptWindow): toplevel > wrapper > frame whose
    children are title, message, action row (Done, Skip[, routine]), snooze row
    (label, options...).
    """

    def __init__(self, desktop: DesktopSession, title: str = TITLE, timeout: float = 15) -> None:
        self.desktop = desktop
        self.title = title
        self.window, self.frame = wait_until(self._find, timeout, f"the prompt {title!r}")
        self.done, self.skip, *self.routine = self.frame.children[2].children
        self.snooze = self.frame.children[3].children[1:]

    def _find(self) -> tuple[int, Window] | None:
        for window in self.desktop.search("--name", self.title):
            tree = self.desktop.tree(window)
            # Tk maps the toplevel first; wait until both button rows are there too.
            if tree and tree[0].children:
                frame = tree[0].children[0]
                rows = frame.children
                if len(rows) >= 4 and len(rows[2].children) >= 2 and len(rows[3].children) >= 2:
                    return window, frame
        return None

    def click(self, button: Window) -> None:
        self.desktop.click_on(button)
        wait_until(lambda: self.window not in self.desktop.search("--name", self.title),
                   what="the prompt to close")


# -- the tray icon --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tray", "chosen", "in_use"),
    [
        pytest.param("gtk", "gtk", "gtk", marks=needs_gtk),
        ("xorg", "xorg", "xorg"),
        # ergo's own Linux tray; trayer has no StatusNotifierWatcher, so it docks by XEmbed.
        pytest.param(None, "sni/xembed", "xembed", id="default"),
    ],
)
def test_the_icon_docks_in_the_tray_and_status_names_the_backend(
    desktop: DesktopSession, tray: str | None, chosen: str, in_use: str
):
    user = Ergo(desktop, tray=tray)
    try:
        user.config.write_text(config_text(every="1h"))
        user.start()
        icon = desktop.wait_for_tray_icon()
        assert icon.width > 1 and icon.height > 1
        assert user.status()["backends"]["tray"] == in_use
        # ergo run -v says which backend runs and why.
        how = "forced by ERGO_TRAY" if tray else "the candidates for linux, in order"
        assert f"tray: {chosen} ({how})" in user.stderr
    finally:
        user.close()


@pytest.mark.parametrize("tray", [pytest.param("gtk", marks=needs_gtk), "xorg"])
def test_the_icon_shows_whether_a_reminder_is_due_or_ergo_is_paused(
    desktop: DesktopSession, tray: str
):
    user = Ergo(desktop, tray=tray)
    try:
        user.config.write_text(config_text(every="1h"))
        user.start()
        icon = desktop.wait_for_tray_icon()

        def drawn() -> bytes:
            # Where the icon is now: a busy tray host may still move or resize it.
            at = desktop.geometry(icon.id)
            box = (at.x, at.y, at.x + at.width, at.y + at.height)
            return desktop.screenshot(user.root / "icon.png", box).read_bytes()

        active = wait_until(drawn, what="the icon drawn")
        user.cli("trigger", REMINDER)
        user.wait_for_state("due")
        # Each look is a screenshot, slow when the machine is busy: allow for a few.
        due = wait_until(lambda: (shot := drawn()) != active and shot, timeout=15,
                         what="the due icon")
        user.cli("pause")
        paused = wait_until(lambda: (shot := drawn()) != due and shot, timeout=15,
                            what="the paused icon")
        assert paused != active
    finally:
        user.close()


def test_the_xorg_icon_stays_docked_at_full_size_through_state_changes(
    desktop: DesktopSession,
):
    user = Ergo(desktop, tray="xorg")
    try:
        user.config.write_text(config_text(every="1h"))
        user.start()
        def docked() -> list[tuple[int, int, int]]:
            return [(icon.id, icon.width, icon.height) for icon in desktop.tray_icons()]

        desktop.wait_for_tray_icon()
        first = docked()
        for command in (["trigger", REMINDER], ["pause"], ["resume"], ["pause"], ["resume"]):
            user.cli(*command)
        stays(lambda: docked() == first, 0.5, "the icon docked at full size")
    finally:
        user.close()


def test_the_xorg_icon_docks_at_its_next_change_when_the_tray_host_started_later(
    desktop: DesktopSession,
):
    user = Ergo(desktop, tray="xorg")
    try:
        user.config.write_text(config_text(every="1h"))
        desktop.stop_trayer()
        user.start()
        desktop.start_trayer()
        # pystray's xorg backend does not watch for the new tray host.
        stays(lambda: desktop.tray_icons() == [], 0.5, "no icon in the new tray")
        user.cli("pause")
        desktop.wait_for_tray_icon()
    finally:
        user.close()


@needs_gtk
def test_hovering_the_gtk_icon_shows_its_tooltip(desktop: DesktopSession, ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    icon = desktop.wait_for_tray_icon()
    before = {w.id for w in desktop.top_windows()}
    desktop.run("xdotool", "mousemove", *(str(n) for n in icon.center))
    tooltip = wait_until(
        lambda: next((w for w in desktop.top_windows() if w.id not in before), None),
        what="a tooltip",
    )
    assert tooltip.y >= icon.y + icon.height - 2
    desktop.run("xdotool", "mousemove", "0", "400")


@needs_gtk
def test_the_icon_docks_when_the_tray_host_starts_after_ergo(
    desktop: DesktopSession, ergo: Ergo
):
    desktop.stop_trayer()
    ergo.start()
    assert ergo.status()["backends"]["tray"] == "gtk"
    desktop.start_trayer()
    desktop.wait_for_tray_icon(timeout=10)


@needs_gtk
def test_the_icon_comes_back_when_the_tray_host_is_killed_and_restarted(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    desktop.wait_for_tray_icon()
    assert desktop.trayer is not None
    desktop.trayer.kill()
    desktop.stop_trayer()
    assert desktop.tray_icons() == []
    desktop.start_trayer()
    icon = desktop.wait_for_tray_icon(timeout=10)
    # The icon that came back is the live one: its menu opens and works.
    desktop.open_tray_menu(icon)
    desktop.key("Up", "Return")
    assert ergo.exit_status() == 0


def test_the_support_trail_follows_the_tray_from_xembed_to_sni_and_back(
    desktop: DesktopSession,
):
    ergo = Ergo(desktop, tray=None)
    try:
        ergo.config.write_text(config_text(every="1h"))
        ergo.start()

        def tray_lines() -> list[str]:
            return [line.split("ergo.trail: ", 1)[1] for line in ergo.log.splitlines()
                    if "ergo.trail: tray: " in line]

        def trail_says(*lines: str) -> None:
            wait_until(lambda: tray_lines() == list(lines), what=f"the trail to say {lines}")

        desktop.wait_for_tray_icon()
        trail_says("tray: xembed")
        watcher = Watcher(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
        try:
            watcher.wait_for_item()
            trail_says("tray: xembed", "tray: sni")
        finally:
            watcher.stop()
        trail_says("tray: xembed", "tray: sni", "tray: xembed")
    finally:
        ergo.close()


# -- notifications and snooze ----------------------------------------------------------


def test_a_due_reminder_reaches_dunst_as_a_notification_with_its_title(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.start()
    call = ergo.wait_for_notification()
    assert call.app_name == "ergo"
    assert call.body == MESSAGE
    assert call.expire_timeout == 5000
    # No ergo icon in this user's icon theme: the picture itself is sent.
    width, height, *_, data = call.hints["image-data"]
    assert width == height and len(data) == width * height * 4
    assert call.hints["desktop-entry"] == "ergo"
    assert call.actions == (("done", "Done"), ("snooze", "Snooze 5s"))
    assert ergo.status()["state"] == "due"
    # The reminder comes again after its interval.
    ergo.wait_for_notification(2)


def test_ergo_snooze_holds_the_next_notification_back_for_the_snooze_period(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.start()
    ergo.wait_for_notification()
    asked = datetime.now(UTC)
    # Longer than two 3 s intervals, so a reminder it failed to hold back would show.
    done = ergo.cli("snooze", "8s")
    assert done.stdout.startswith("ergo: reminders are snoozed until ")
    shown = ergo.notifications()
    until = moment(ergo.status()["snoozed_until"])
    assert close_to(until, asked + timedelta(seconds=8))
    stays(lambda: ergo.notifications() == shown, seconds_until(until) - 0.5,
          "no notification during the snooze")
    # The snoozed reminder is owed: it comes as soon as the snooze ends.
    wait_until(lambda: ergo.notifications() > shown, timeout=4, what="the notification after")
    assert datetime.now(UTC) >= until


def test_ergo_status_json_tells_the_truth(desktop: DesktopSession, ergo: Ergo):
    # Hourly, so that the first reminder is still ahead however long the start takes.
    ergo.config.write_text(config_text(every="1h"))
    started = datetime.now(UTC).replace(microsecond=0)
    process = ergo.start()
    status = ergo.status()
    answered = datetime.now(UTC)
    assert status["pid"] == process.pid
    assert status["state"] == "active"
    assert status["paused_until"] is None
    assert status["snoozed_until"] is None
    assert [(n["id"], n["title"]) for n in status["next"]] == [(REMINDER, TITLE)]
    # An hour after the daemon started, which was between these two moments.
    next_at = moment(status["next"][0]["at"])
    assert started + timedelta(hours=1) <= next_at <= answered + timedelta(hours=1)
    assert status["snoozes_left_today"] == 4
    assert status["backends"]["tray"] == "gtk"
    assert status["backends"]["notifier"] == "freedesktop"
    assert "idle" in status["backends"]
    assert status["config_files"] == [str(ergo.config)]
    assert status["interruption"] is None

    ergo.cli("trigger", REMINDER)
    ergo.wait_for_notification()
    assert ergo.status()["state"] == "due"

    asked = datetime.now(UTC)
    ergo.cli("snooze", "20s")
    status = ergo.status()
    assert status["state"] == "snoozed"
    assert close_to(moment(status["snoozed_until"]), asked + timedelta(seconds=20))
    assert status["next"][0]["at"] == status["snoozed_until"]
    assert status["snoozes_left_today"] == 3

    asked = datetime.now(UTC)
    ergo.cli("pause", "10m")
    status = ergo.status()
    assert status["state"] == "paused"
    assert close_to(moment(status["paused_until"]), asked + timedelta(minutes=10))

    ergo.cli("resume")
    assert ergo.status()["state"] in ("active", "snoozed")


def test_ergo_pause_holds_reminders_back_until_it_ends_then_they_come_again(ergo: Ergo):
    ergo.start()
    asked = datetime.now(UTC)
    ergo.cli("pause", "5s")
    until = moment(ergo.status()["paused_until"])
    assert close_to(until, asked + timedelta(seconds=5))
    ergo.wait_for_notification(timeout=12)
    # A pause restarts every interval when it ends.
    assert datetime.now(UTC) >= until + timedelta(seconds=3) - timedelta(seconds=0.5)
    assert ergo.status()["paused_until"] is None


def test_when_the_days_snoozes_are_used_up_ergo_snooze_says_why_and_exits_1(ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    for _ in range(4):
        ergo.cli("snooze", "5s")
    refused = ergo.cli("snooze", "5s", check=False)
    assert refused.returncode == 1
    assert "all 4 snoozes for today are used" in refused.stderr
    assert ergo.status()["snoozes_left_today"] == 0


def test_a_corrupt_state_file_is_moved_aside_and_ergo_starts_fresh(ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.state_file.parent.mkdir(parents=True, exist_ok=True)
    ergo.state_file.write_text("{not json")
    ergo.start()
    assert ergo.status()["state"] == "active"
    assert ergo.warnings("is not valid JSON") == 1
    assert ergo.warnings("moved it to state.json.corrupt-") == 1
    assert [f.read_text() for f in ergo.state_file.parent.glob("state.json.corrupt-*")] == [
        "{not json"
    ]


# -- the prompt --------------------------------------------------------------------------


@pytest.fixture
def prompting(ergo: Ergo) -> Ergo:
    ergo.config.write_text(config_text(every="4s", delivery="prompt"))
    return ergo


def test_the_prompt_appears_for_a_prompt_reminder_instead_of_a_notification(
    desktop: DesktopSession, prompting: Ergo
):
    prompting.start()
    prompt = Prompt(desktop)
    assert [len(prompt.snooze), prompting.status()["state"]] == [3, "due"]
    assert prompting.notifications() == 0
    assert prompting.wait_for_history("shown")["reminder"] == REMINDER


def test_a_prompt_left_open_is_replaced_by_the_next_one_and_the_reminder_stays_due(
    desktop: DesktopSession, prompting: Ergo
):
    prompting.start()
    first = Prompt(desktop)
    wait_until(lambda: first.window not in desktop.search("--name", TITLE), timeout=8,
               what="the next firing to replace the prompt")
    Prompt(desktop)
    assert prompting.status()["state"] == "due"
    assert prompting.warnings("prompt") == 0


def test_ergo_stop_closes_an_open_prompt(desktop: DesktopSession, prompting: Ergo):
    prompting.start()
    prompt = Prompt(desktop)
    prompting.cli("stop")
    assert prompting.exit_status() == 0
    wait_until(lambda: prompt.window not in desktop.search("--name", TITLE),
               what="the prompt to close")


def test_the_prompts_snooze_button_snoozes_the_reminder_until_it_comes_back(
    desktop: DesktopSession, prompting: Ergo
):
    prompting.start()
    prompt = Prompt(desktop)
    clicked = datetime.now(UTC)
    prompt.click(prompt.snooze[0])  # 5s
    status = prompting.wait_for_state("snoozed", timeout=3)
    # A snooze of this reminder alone: not a snooze of all.
    assert status["snoozed_until"] is None
    [snooze] = status["snoozed_reminders"]
    assert snooze["id"] == REMINDER
    assert close_to(moment(snooze["until"]), clicked + timedelta(seconds=5))
    assert status["snoozes_left_today"] == 3
    snoozed = prompting.wait_for_history("snoozed")
    assert snoozed["reminder"] == REMINDER
    assert json.loads(snoozed["detail"]) == {"duration": 5.0}
    # The prompt comes back when the snooze ends.
    Prompt(desktop, timeout=8)
    assert datetime.now(UTC) >= moment(snooze["until"])


def test_the_prompts_routine_button_plays_the_routine_and_stopping_it_answers_the_prompt(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h", delivery="prompt", routine="lumbar-short"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    prompt.click(prompt.routine[0])
    player = wait_until(lambda: desktop.search("--class", "^ergo$"), 20, "the player window")
    assert ergo.wait_for_state("away")["next"] == []
    # The safety notice comes first on a fresh home; Escape declines it and stops. The
    # keyboard focus follows the pointer, which is still where the prompt's button was;
    # and the window closes on the key press, so sending the release fails: no check.
    box = desktop.geometry(player[-1])
    desktop.run("xdotool", "mousemove", *(str(n) for n in box.center))
    desktop.run("xdotool", "key", "--window", str(player[-1]), "Escape", check=False)
    status = ergo.wait_for_state("active")
    assert [n["id"] for n in status["next"]] == [REMINDER]
    ergo.wait_for_history("done")
    kinds = [e["kind"] for e in ergo.history()]
    assert kinds == ["shown", "routine_started", "routine_stopped", "done"]


def test_a_routine_from_the_organisation_file_plays_when_ergo_runs_with_org_config(
    desktop: DesktopSession, ergo: Ergo
):
    org = ergo.root / "org.yaml"
    org.write_text("""\
routines:
  desk-break:
    title: Desk break
    steps:
      - id: shrug
        name: Shoulder shrug
        cues: [Lift your shoulders, then let them drop.]
        duration: 20s
""")
    ergo.config.write_text(config_text(every="1h", delivery="prompt", routine="desk-break"))
    ergo.start("--org-config", str(org))
    ergo.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    prompt.click(prompt.routine[0])
    wait_until(lambda: desktop.search("--name", "^ergo: Desk break$"), 20, "the player window")
    assert ergo.warnings("the routine player failed") == 0


def test_the_prompts_done_button_counts_the_reminder_as_done(
    desktop: DesktopSession, ergo: Ergo
):
    # An hour apart, so that the state after Done cannot be missed (as it could be,
    # under load, with a reminder due again a few seconds later).
    ergo.config.write_text(config_text(every="1h", delivery="prompt"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    clicked = datetime.now(UTC)
    prompt.click(prompt.done)
    status = ergo.wait_for_state("active")
    # Doing it restarts its interval.
    assert close_to(moment(status["next"][0]["at"]), clicked + timedelta(hours=1))
    assert ergo.wait_for_history("done")["reminder"] == REMINDER


# -- the tray menu -------------------------------------------------------------------------


@needs_gtk
def test_pause_30m_in_the_gtk_tray_menu_pauses_ergo(desktop: DesktopSession, ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    # Enabled entries: Snooze, Pause, ...; Right opens Pause on its first choice, 30m.
    clicked = datetime.now(UTC)
    desktop.key("Down", "Down", "Right", "Return")
    status = ergo.wait_for_state("paused", timeout=5)
    assert close_to(moment(status["paused_until"]), clicked + timedelta(minutes=30), 5)
    assert ergo.wait_for_history("paused")


@needs_gtk
def test_done_in_the_gtk_tray_menu_answers_the_reminder_that_is_due(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    ergo.wait_for_notification()
    ergo.wait_for_state("due")
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    # The first enabled entry, "Show reminder", opens the prompt; the next is "Done: ...".
    desktop.key("Down", "Down", "Return")
    ergo.wait_for_state("active")
    assert ergo.wait_for_history("done")["reminder"] == REMINDER


@needs_gtk
def test_a_reminder_switched_off_in_the_gtk_tray_menu_stays_off_after_a_restart(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    # Snooze, Pause, Stretch now, Reminders; its list follows the config, ours comes last.
    desktop.key("Down", "Down", "Down", "Down", "Right", "End", "Return")
    wait_until(lambda: ergo.status()["next"] == [], what="the reminder to be switched off")
    ergo.cli("stop")
    assert ergo.exit_status() == 0
    ergo.start()
    assert ergo.status()["next"] == []


@needs_gtk
def test_open_config_file_in_the_gtk_tray_menu_writes_the_starter_file_and_edits_take_effect(
    desktop: DesktopSession, ergo: Ergo
):
    # Stands in for the user's editor: records the file it was asked to open.
    opened = ergo.root / "opened.txt"
    tools = ergo.root / "bin"
    tools.mkdir()
    (tools / "xdg-open").write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n')
    (tools / "xdg-open").chmod(0o755)
    ergo.env["PATH"] = f"{tools}{os.pathsep}{ergo.env['PATH']}"
    ergo.start(config_option=False)
    assert ergo.status()["config_files"] == []
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    desktop.key("Up", "Up", "Up", "Up", "Return")  # from Quit up to Open config file
    # The stand-in editor creates the file before it writes the path into it.
    wait_until(lambda: opened.exists() and opened.read_text(), what="the editor to be started")
    assert opened.read_text() == str(ergo.default_config)
    modeline, heading = ergo.default_config.read_text().splitlines()[:2]
    assert modeline.startswith("# yaml-language-server: $schema=file://")
    assert heading == "## Your ergo settings."
    ergo.default_config.write_text(config_text(every="1h"))
    wait_until(lambda: [n["title"] for n in ergo.status()["next"]] == [TITLE], timeout=12,
               what="the edited file to take effect")
    assert ergo.status()["config_files"] == [str(ergo.default_config)]


@needs_gtk
def test_stretch_now_in_the_gtk_tray_menu_plays_the_routine_and_ergo_counts_it_as_a_break(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    desktop.key("Down", "Down", "Down", "Return")  # Snooze, Pause, Stretch now
    wait_until(lambda: desktop.search("--name", "^ergo: Lower-back stretches$"), 20,
               "the player window")
    assert ergo.wait_for_state("away")["next"] == []
    assert json.loads(ergo.wait_for_history("routine_started")["detail"]) == {
        "routine": "lumbar-short"
    }


@needs_gtk
def test_about_and_safety_in_the_gtk_tray_menu_opens_its_window_and_quit_closes_it(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    desktop.open_tray_menu(desktop.wait_for_tray_icon())
    desktop.key("Up", "Up", "Return")  # the entry above Quit
    wait_until(lambda: desktop.search("--name", "^ergo: About and safety$"),
               what="the About and safety window")
    ergo.cli("stop")
    assert ergo.exit_status() == 0
    wait_until(lambda: not desktop.search("--name", "^ergo: About and safety$"),
               what="ergo's own window to close with it")


@needs_gtk
@pytest.mark.parametrize("tray", ["gtk", "appindicator"])
def test_quit_in_the_tray_menu_ends_ergo_with_status_0_and_its_state_saved(
    desktop: DesktopSession, tray: str
):
    user = Ergo(desktop, tray=tray)
    try:
        user.config.write_text(config_text(every="1h"))
        user.start()
        user.cli("pause", "1h")
        desktop.open_tray_menu(desktop.wait_for_tray_icon())
        desktop.key("Up", "Return")  # the last entry
        assert user.exit_status() == 0
        assert json.loads(user.state_file.read_text())["state"]["pause"] is not None
        assert user.cli("status", check=False).returncode == 1
    finally:
        user.close()


# -- stopping and restarting --------------------------------------------------------------


def test_ergo_stop_ends_the_daemon_with_status_0_and_its_state_on_disk(ergo: Ergo):
    ergo.start()
    ergo.cli("pause", "1h")
    done = ergo.cli("stop")
    assert done.stdout == "ergo: stopping\n"
    assert ergo.exit_status() == 0
    saved = json.loads(ergo.state_file.read_text())
    assert saved["format"] == 1
    assert saved["state"]["pause"]["until"] is not None
    assert not (ergo.runtime / "ergo.sock").exists()
    assert not (ergo.runtime / "control.key").exists()
    gone = ergo.cli("status", check=False)
    assert gone.returncode == 1
    assert "ergo is not running" in gone.stderr


@pytest.mark.parametrize("tray", [pytest.param("gtk", marks=needs_gtk), "xorg"])
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_sigterm_and_sigint_end_the_daemon_with_status_0_and_save_its_state(
    desktop: DesktopSession, tray: str, signal_number: int
):
    user = Ergo(desktop, tray=tray)
    try:
        user.config.write_text(config_text(every="1h"))
        process = user.start()
        user.cli("snooze", "20s")
        process.send_signal(signal_number)
        assert user.exit_status() == 0
        assert json.loads(user.state_file.read_text())["state"]["snoozed_all_until"]
        assert "state saved" in user.log
    finally:
        user.close()


def test_a_snooze_survives_kill_9_and_a_restart(desktop: DesktopSession, ergo: Ergo):
    # The snooze below grows with the start time, which is long on a busy machine.
    ergo.config.write_text(config_text(longest_snooze="5m"))
    began = time.monotonic()
    ergo.start()
    start = time.monotonic() - began
    ergo.wait_for_notification()
    # Long enough to outlast the kill and the restart (which takes about as long as the
    # first start, longer on a busy machine), with 3 s intervals left in it to show that
    # it still holds.
    ergo.cli("snooze", f"{math.ceil(3 * start) + 8}s")
    until = ergo.status()["snoozed_until"]
    assert ergo.process is not None
    ergo.process.kill()
    ergo.exit_status()
    shown = ergo.notifications()

    ergo.start()
    status = ergo.status()
    assert status["state"] == "snoozed"
    assert status["snoozed_until"] == until
    stays(lambda: ergo.notifications() == shown, seconds_until(moment(until)) - 0.5,
          "no notification during the snooze")
    wait_until(lambda: ergo.notifications() > shown, timeout=4, what="the notification after")


def test_a_second_ergo_run_says_already_running_with_the_pid_and_exits_1(ergo: Ergo):
    first = ergo.start()
    second = subprocess.run(
        [sys.executable, "-m", "ergo", "run", "--config", str(ergo.config)],
        env=ergo.env, capture_output=True, text=True, timeout=20,
    )
    assert second.returncode == 1
    assert f"ergo is already running (pid {first.pid})" in second.stderr
    # The second one left the first one's control channel alone.
    assert ergo.status()["pid"] == first.pid


# -- when the desktop does not cooperate ------------------------------------------------


def test_without_a_notification_server_reminders_go_to_the_prompt_and_the_log(
    desktop: DesktopSession, ergo: Ergo
):
    desktop.stop_dunst()
    ergo.start()
    assert ergo.status()["backends"]["notifier"] == "log"
    prompt = Prompt(desktop, timeout=10)
    prompt.click(prompt.skip)
    wait_until(lambda: ergo.log.count(f"reminder: {TITLE}: {MESSAGE}") >= 2, timeout=10,
               what="the second reminder in the log")
    assert ergo.warnings("notifications down: ") == 1
    assert "nothing owns org.freedesktop.Notifications" in ergo.log
    assert ergo.notifications() == 0
    ergo.cli("stop")
    assert ergo.exit_status() == 0
    assert "Traceback" not in ergo.stderr


def test_a_notification_server_killed_and_started_again_is_used_for_the_next_reminder(
    desktop: DesktopSession, notified: Ergo
):
    ergo = notified
    desktop.stop_dunst()
    wait_until(lambda: ergo.status()["backends"]["notifier"] == "log",
               what="ergo to notice the server went away")
    ergo.cli("trigger", REMINDER)
    Prompt(desktop).click(Prompt(desktop).skip)
    desktop.start_dunst()
    wait_until(lambda: ergo.status()["backends"]["notifier"] == "freedesktop",
               what="ergo to notice the new server")
    ergo.cli("trigger", REMINDER)
    assert ergo.wait_for_notification(2).actions, "the new server's buttons are used"
    assert ergo.warnings("notifications down: ") == 1
    assert "Traceback" not in ergo.stderr


def test_a_notification_server_stopped_for_5_s_costs_one_reminder_its_pop_up_only(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    with desktop.dunst_hung():
        hung = time.monotonic()
        ergo.cli("trigger", REMINDER)
        prompt = Prompt(desktop)
        assert ergo.status()["backends"]["notifier"] == "log"
        assert ergo.warnings("no answer within 2 s") == 1
        prompt.click(prompt.skip)
        # The fault under test is a 5 s stop: what is left of it.
        time.sleep(max(0.0, hung + 5 - time.monotonic()))
    ergo.cli("trigger", REMINDER)
    # dunst shows the Notify it received while stopped too; the new one comes after it.
    wait_until(lambda: ergo.notifications() >= 2, what="the reminder after the server thawed")
    assert ergo.status()["backends"]["notifier"] == "freedesktop"
    assert ergo.warnings("notifications down: ") == 1


@pytest.fixture
def notified(ergo: Ergo) -> Ergo:
    """ergo with an hourly reminder, triggered now: its notification is on screen."""
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    ergo.wait_for_notification()
    return ergo


def test_the_done_button_of_a_notification_counts_the_reminder_as_done(
    desktop: DesktopSession, notified: Ergo
):
    ergo = notified
    desktop.invoke_action("Done")
    assert ergo.wait_for_history("done")["reminder"] == REMINDER
    assert ergo.wait_for_state("active")["state"] == "active"
    # Answered: ergo takes its notification off the screen.
    desktop.wait_displayed(0)


def test_ergo_snooze_from_the_command_line_closes_the_notification_on_screen(
    desktop: DesktopSession, ergo: Ergo
):
    # On screen for a minute unless ergo closes it.
    ergo.config.write_text(config_text(every="1h").replace("timeout: 5s", "timeout: 60s"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    assert ergo.wait_for_notification().expire_timeout == 60000
    desktop.wait_displayed(1)
    ergo.cli("snooze", "20s", REMINDER)
    assert ergo.wait_for_history("snoozed")["reminder"] == REMINDER
    # Its buttons would answer nothing now: ergo takes it off the screen.
    desktop.wait_displayed(0)
    assert [e["kind"] for e in ergo.history()] == ["shown", "snoozed"]


def test_a_notification_closed_by_the_user_is_skipped_and_one_that_expires_ignored(
    desktop: DesktopSession, notified: Ergo
):
    ergo = notified
    desktop.wait_displayed(1)
    desktop.run("dunstctl", "close")
    assert ergo.wait_for_history("skipped")["reminder"] == REMINDER
    ergo.cli("trigger", REMINDER)
    ergo.wait_for_notification(2)
    # Its timeout is 5 s; the prompt timeout (30 s) would count it much later.
    assert ergo.wait_for_history("ignored", timeout=10)["reminder"] == REMINDER
    assert [e["kind"] for e in ergo.history()] == ["shown", "skipped", "shown", "ignored"]


@pytest.fixture
def own_server(desktop: DesktopSession) -> Iterator[Any]:
    """Make a server, in place of dunst, with ``own_server(actions=...)``."""
    from tests.dbus_services import FakeNotifications

    started: list[FakeNotifications] = []

    def start(actions: bool) -> FakeNotifications:
        desktop.stop_dunst()
        started.append(FakeNotifications(desktop.env["DBUS_SESSION_BUS_ADDRESS"],
                                         actions=actions).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_a_notification_server_without_buttons_gets_the_prompt_for_a_prompt_reminder(
    desktop: DesktopSession, ergo: Ergo, own_server: Any
):
    server = own_server(actions=False)
    ergo.config.write_text(config_text(every="1h", delivery="both"))
    ergo.start()
    ergo.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    ((_nid, args),) = server.notified
    assert args[3] == TITLE and args[5] == [], "no buttons for a server without actions"
    prompt.click(prompt.done)
    assert ergo.wait_for_history("done")["reminder"] == REMINDER


def test_where_no_prompt_window_can_open_the_notifications_buttons_answer_the_reminder(
    desktop: DesktopSession, ergo: Ergo, own_server: Any
):
    server = own_server(actions=True)
    ergo.config.write_text(config_text(every="1h", delivery="prompt"))
    # A Wayland session without Xwayland: no X display for the prompt window.
    env = {k: v for k, v in ergo.env.items() if k != "DISPLAY"}
    ergo.start("--no-tray", env=dict(env, WAYLAND_DISPLAY="wayland-ergo-test"))
    ergo.cli("trigger", REMINDER)
    ((nid, args),) = wait_until(lambda: server.notified, what="the notification")
    assert [args[5][i] for i in (0, 2)] == ["done", "snooze"]
    server.invoke(nid, "done")
    assert ergo.wait_for_history("done")["reminder"] == REMINDER
    assert ("CloseNotification", (nid,)) in server.calls
    assert ergo.warnings("prompt") == 0


def test_a_prompt_that_cannot_open_its_window_becomes_a_notification_with_buttons(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h", delivery="prompt"))
    # A display is set, but nothing answers there: the prompt fails once it runs.
    ergo.start("--no-tray", env=dict(ergo.env, DISPLAY=":987"))
    ergo.cli("trigger", REMINDER)
    call = ergo.wait_for_notification()
    assert call.actions[:2] == (("done", "Done"), ("snooze", "Snooze 5s"))
    assert ergo.status()["state"] == "due"
    desktop.invoke_action("Done")
    assert ergo.wait_for_history("done")["reminder"] == REMINDER
    assert [e["kind"] for e in ergo.history()] == ["shown", "done"]


def test_without_a_display_ergo_runs_without_a_tray_and_answers_the_cli(
    desktop: DesktopSession, ergo: Ergo
):
    env = {k: v for k, v in ergo.env.items() if k != "DISPLAY"}
    ergo.start(env=env)
    status = ergo.status()
    assert status["backends"]["tray"] == "none"
    assert ergo.log.count("running without a tray icon") == 1
    ergo.cli("stop")
    assert ergo.exit_status() == 0


# -- the control channel -----------------------------------------------------------------


def test_garbage_and_oversized_messages_on_the_control_channel_are_rejected(ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    address = str(ergo.runtime / "ergo.sock")
    key = bytes.fromhex((ergo.runtime / "control.key").read_text())

    def raw(data: bytes) -> None:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(10)
            sock.connect(address)
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                while sock.recv(65536):
                    pass
            except OSError:
                pass  # the daemon may hang up before reading everything: that is the point

    raw(b"GET / HTTP/1.0\r\n\r\n")
    raw(b"\x7f\xff\xff\xff" + b"x" * 1024)  # a length header claiming 2 GB
    raw(os.urandom(1 << 20))
    with pytest.raises(AuthenticationError):
        Client(address, "AF_UNIX", authkey=b"not the key").close()

    with Client(address, "AF_UNIX", authkey=key) as channel:
        channel.send_bytes(b"\x00\xffnot json")
        answer = json.loads(channel.recv_bytes())
    assert answer["ok"] is False and answer["error"].startswith("invalid request")

    oversized = b'{"v": 1, "cmd": "status", "args": {"x": "' + b"y" * 100_000 + b'"}}'
    with Client(address, "AF_UNIX", authkey=key) as channel:
        channel.send_bytes(oversized)
        answer = json.loads(channel.recv_bytes())
    assert answer["ok"] is False and "exceeds the limit of 65536 bytes" in answer["error"]

    assert ergo.process is not None and ergo.process.poll() is None
    assert ergo.status()["state"] == "active"
    assert ergo.log.count("control channel: rejected a connection") >= 5
    assert "Traceback" not in ergo.stderr


# -- config reload -------------------------------------------------------------------------


def test_ergo_reload_with_a_broken_config_keeps_the_last_good_one_and_names_file_and_line(
    desktop: DesktopSession, ergo: Ergo
):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    lines = config_text(every="1h").splitlines()
    broken = next(n for n, line in enumerate(lines, 1) if "every:" in line)
    lines[broken - 1] = "    every: 3 parsecs"
    ergo.config.write_text("\n".join(lines) + "\n")

    done = ergo.cli("reload", check=False)
    assert done.returncode == 1
    assert "ergo keeps the last good one" in done.stderr
    assert f"{ergo.config}:{broken}" in done.stderr
    status = ergo.status()
    assert [n["title"] for n in status["next"]] == [TITLE]
    assert "the config has problems" in status["interruption"]
    # Told once: by `ergo reload`, not again by the file watcher that also saw the edit.
    wait_until(lambda: "a config file changed on disk" in ergo.log, timeout=15,
               what="the file watcher to see the edit")
    ergo.status()  # answered after the watcher's reload: any notification of it is out
    assert ergo.notifications("ergo config has problems") == 1
    assert ergo.process is not None and ergo.process.poll() is None

    ergo.config.write_text(config_text(every="1h", title="Walk to the window"))
    assert ergo.cli("reload").stdout == "ergo: configuration reloaded\n"
    status = ergo.status()
    assert [n["title"] for n in status["next"]] == ["Walk to the window"]
    assert status["interruption"] is None


def test_an_edited_config_file_is_picked_up_by_itself_within_10_seconds(ergo: Ergo):
    ergo.config.write_text(config_text(every="1h"))
    ergo.start()
    ergo.config.write_text(config_text(every="1h", title="Walk to the window"))
    edited = time.monotonic()
    wait_until(
        lambda: [n["title"] for n in ergo.status()["next"]] == ["Walk to the window"],
        timeout=10,
        what="the new title in ergo status",
    )
    assert time.monotonic() - edited <= 10


# -- screenshots for the README (written to docs/ with ERGO_UPDATE_SCREENSHOTS=1) ------


@pytest.fixture(params=["en"])
def walk_due(desktop: DesktopSession, ergo: Ergo, request: pytest.FixtureRequest) -> Ergo:
    """ergo with its built-in reminders, all day, and the walk reminder just shown (in
    English, or in the language a test asks for)."""
    language = request.param
    ergo.config.write_text(f"""\
language: {language}
work_hours:
  timezone: {noon_zone()}
  days: [mon, tue, wed, thu, fri, sat, sun]
  start: "00:00"
  end: "23:59"
  breaks: []
""")
    ergo.start()
    ergo.cli("trigger", "walk")
    title = {"en": "Time to move", "nl": "Tijd om te bewegen"}[language]
    wait_until(lambda: ergo.notifications(title), what="the walk notification")
    return ergo


@needs_gtk
def test_screenshot_of_the_open_tray_menu(
    desktop: DesktopSession, walk_due: Ergo, screenshots: Path
):
    walk_due.wait_for_history("shown")
    # Answered after the history's write has redrawn the menu with its Today line.
    walk_due.status()
    icon = desktop.wait_for_tray_icon()
    menu = desktop.open_tray_menu(icon)
    left = min(menu.x, icon.x) - 20
    shot = desktop.screenshot(
        screenshots / "tray-menu.png", (left, 0, icon.x + icon.width + 2, menu.y + menu.height + 20)
    )
    assert shot.stat().st_size > 0
    desktop.key("Escape")


def test_screenshot_of_a_notification_from_ergo(
    desktop: DesktopSession, walk_due: Ergo, screenshots: Path
):
    # dunst draws it just after the call.
    window = wait_until(lambda: desktop.search("--class", "Dunst"), what="dunst's pop-up")[-1]
    popup = desktop.settled(window)
    shot = desktop.screenshot(
        screenshots / "notification.png",
        (popup.x - 20, popup.y - 10, popup.x + popup.width + 20, popup.y + popup.height + 10),
    )
    assert shot.stat().st_size > 0


@pytest.mark.parametrize(("walk_due", "title", "name"),
                         [("en", "Time to move", "prompt.png"),
                          ("nl", "Tijd om te bewegen", "prompt-nl.png")],
                         indirect=["walk_due"], ids=["en", "nl"])
def test_screenshot_of_the_prompt_from_ergo(
    desktop: DesktopSession, walk_due: Ergo, screenshots: Path, title: str, name: str
):
    prompt = Prompt(desktop, title)
    assert prompt.routine, "the walk reminder offers its routine"
    box = desktop.geometry(prompt.window)
    desktop.run("xdotool", "mousemove", "0", "0")
    shot = desktop.screenshot(
        screenshots / name,
        (box.x - 12, box.y - 12, box.x + box.width + 12, box.y + box.height + 12),
    )
    assert shot.stat().st_size > 0
