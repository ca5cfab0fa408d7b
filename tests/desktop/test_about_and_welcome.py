"""The About and safety window and the first-run welcome in the virtual desktop: they
open in the language asked for, their buttons work when clicked, the welcome's
"Start ergo at login" writes the autostart entry, and the daemon shows the welcome on
its first start only."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.session import DesktopSession, Window, wait_until
from tests.waiting import stays

pytestmark = pytest.mark.desktop


@pytest.fixture
def home() -> Iterator[Path]:
    # Short: a daemon's control socket lives below it and AF_UNIX paths are limited.
    path = Path(tempfile.mkdtemp(prefix="ergo-home-", dir="/tmp"))
    (path / "run").mkdir(mode=0o700)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def env(desktop_env: dict[str, str], home: Path) -> dict[str, str]:
    """The desktop's environment with a home of its own, so autostart entries, state and
    config go to a temporary folder."""
    return dict(desktop_env, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                XDG_CONFIG_DIRS=str(home / "none"), XDG_DATA_HOME=str(home / "data"),
                XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
                XDG_RUNTIME_DIR=str(home / "run"))


class Opened:
    """A window of ``python -m ergo.player`` (--about or --welcome), found by its title."""

    def __init__(self, desktop: DesktopSession, env: dict[str, str], title: str,
                 *args: str) -> None:
        self.desktop = desktop
        self.process = subprocess.Popen([sys.executable, "-m", "ergo.player", *args], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        self.window = wait_until(lambda: self._found(title), 15, f"the window {title!r}")
        desktop.drawn(self.window)

    def _found(self, title: str) -> int | None:
        if self.process.poll() is not None:
            pytest.fail(f"the window's process exited: {self.process.stderr.read()}")
        return next(iter(self.desktop.search("--name", f"^{title}$")), None)

    def body(self) -> Window:
        return self.desktop.tree(self.window)[0].children[0]

    def screenshot(self, path: Path) -> Path:
        box = self.desktop.geometry(self.window)
        self.desktop.run("xdotool", "mousemove", "0", "0")
        return self.desktop.screenshot(path, (box.x, box.y, box.x + box.width,
                                              box.y + box.height))

    def finish(self) -> tuple[int, str]:
        out, _err = self.process.communicate(timeout=10)
        return self.process.returncode, out

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def opened(desktop: DesktopSession, env: dict[str, str]) -> Iterator:
    windows: list[Opened] = []

    def open_window(title: str, *args: str) -> Opened:
        windows.append(Opened(desktop, env, title, *args))
        return windows[-1]

    yield open_window
    for window in windows:
        window.close()


def welcome_buttons(shown: Opened) -> tuple[Window, ...]:
    """The welcome's button row is the last thing in its body."""
    return shown.body().children[-1].children


def test_the_about_window_opens_in_dutch_and_close_closes_it(opened, desktop, screenshots):
    about = opened("ergo: over ergo en veiligheid", "--about", "--language", "nl")
    box = desktop.geometry(about.window)
    assert (box.width, box.height) == (780, 700)
    about.screenshot(screenshots / "about-nl.png")
    close = about.body().children[0]  # packed first, so it stays visible
    desktop.click_on(close)
    assert about.finish() == (0, "")


def test_the_about_window_shows_other_text_in_english_and_escape_closes_it(
        opened, desktop, tmp_path):
    dutch = opened("ergo: over ergo en veiligheid", "--about", "--language", "nl")
    dutch_shot = dutch.screenshot(tmp_path / "nl.png").read_bytes()
    dutch.close()
    english = opened("ergo: About and safety", "--about", "--language", "en")
    english_shot = english.screenshot(tmp_path / "en.png").read_bytes()
    # xdotool reports an error when the window is gone before it finishes: not checked.
    desktop.run("xdotool", "key", "--window", str(english.window), "Escape", check=False)
    assert english.finish() == (0, "")
    assert dutch_shot != english_shot


def test_not_now_closes_the_dutch_welcome_and_sets_nothing_up(opened, desktop, home,
                                                              screenshots):
    welcome = opened("Welkom bij ergo", "--welcome", "--language", "nl")
    welcome.screenshot(screenshots / "welcome-nl.png")
    _start, not_now = welcome_buttons(welcome)
    desktop.click_on(not_now)
    code, out = welcome.finish()
    assert (code, json.loads(out)) == (0, {"choice": "not_now"})
    assert not (home / "config" / "autostart").exists()


def test_start_at_login_writes_the_autostart_entry_and_then_offers_close(
        opened, desktop, home, screenshots):
    welcome = opened("Welcome to ergo", "--welcome", "--language", "en")
    welcome.screenshot(screenshots / "welcome-en.png")
    start, _not_now = welcome_buttons(welcome)
    desktop.click_on(start)
    entry = home / "config" / "autostart" / "ergo.desktop"
    wait_until(entry.exists, what="the autostart entry")
    text = entry.read_text(encoding="utf-8")
    assert f"Exec={sys.executable} -m ergo run\n" in text or "/ergo run\n" in text
    assert (home / "data" / "applications" / "ergo.desktop").exists()
    close = wait_until(lambda: len(welcome_buttons(welcome)) == 1 and welcome_buttons(welcome),
                       what="the Close button")
    desktop.click_on(close[0])
    code, out = welcome.finish()
    assert (code, json.loads(out)) == (0, {"choice": "autostart"})


def test_the_welcome_only_offers_close_when_ergo_already_starts_at_login(opened, env, desktop):
    enabled = subprocess.run([sys.executable, "-m", "ergo", "autostart", "enable"], env=env,
                             capture_output=True, text=True, timeout=30)
    assert enabled.returncode == 0, enabled.stderr
    welcome = opened("Welcome to ergo", "--welcome", "--language", "en")
    (close,) = welcome_buttons(welcome)
    desktop.click_on(close)
    code, out = welcome.finish()
    assert (code, json.loads(out)) == (0, {"choice": "closed"})


def ergo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ergo", *args], env=env, capture_output=True,
                          text=True, timeout=30, check=False)


def start_daemon(env: dict[str, str]) -> subprocess.Popen[str]:
    daemon = subprocess.Popen([sys.executable, "-m", "ergo", "run", "--no-tray"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: ergo(env, "status").returncode == 0, 20, "ergo status")
    return daemon


def stop_daemon(env: dict[str, str], daemon: subprocess.Popen[str]) -> None:
    try:
        assert ergo(env, "stop").returncode == 0
        daemon.wait(timeout=20)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()


def test_the_daemon_shows_the_welcome_on_its_first_start_only(env, desktop, home):
    env = dict(env, LANGUAGE="nl")
    marker = home / "state" / "ergo" / "welcome-shown"
    daemon = start_daemon(env)
    try:
        window = wait_until(lambda: next(iter(desktop.search("--name", "^Welkom bij ergo$")),
                                         None), 15, "the welcome window")
        assert marker.exists()
        desktop.drawn(window)
        not_now = desktop.tree(window)[0].children[0].children[-1].children[1]
        desktop.click_on(not_now)
        wait_until(lambda: not desktop.search("--name", "^Welkom bij ergo$"), what="it to close")
    finally:
        stop_daemon(env, daemon)
    stamp = marker.read_text()

    daemon = start_daemon(env)
    try:
        # Far longer than the welcome took to appear the first time.
        stays(lambda: not desktop.search("--name", "^Welkom bij ergo$"), 2, "no welcome")
    finally:
        stop_daemon(env, daemon)
    assert marker.read_text() == stamp
    assert not (home / "config" / "autostart").exists()
