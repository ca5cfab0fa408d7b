"""The player window in a virtual desktop: it opens, counts down, and Next, Esc and the
safety notice work from the keyboard and the mouse; the outcome line is right."""

from __future__ import annotations

import io
import json
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.waiting import wait_until

if TYPE_CHECKING:
    from PIL import Image

pytestmark = pytest.mark.desktop

SCRIPT = Path(__file__).with_name("play_routine.py")


class Player:
    """A player process showing tests/desktop/play_routine.py's routine."""

    def __init__(self, env, state_dir: Path, language="en", second_step_seconds=20,
                 command: list[str] | None = None):
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, *(command or [str(SCRIPT), language, str(state_dir),
                                           str(second_step_seconds)])],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.window = wait_until(self._found, 15, "the player window")
        wait_until(self._drawn, 15, "the player to draw its first frame")

    def _found(self) -> str | None:
        if self.process.poll() is not None:
            pytest.fail(f"the player exited: {self.process.stderr.read()}")
        windows = self.xdotool("search", "--onlyvisible", "--class", "ergo").split()
        return windows[-1] if windows else None

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True)
        return result.stdout

    def key(self, name: str) -> None:
        self._answered(lambda: self.xdotool("key", "--window", self.window, name))

    def click(self, x: int, y: int) -> None:
        self._answered(lambda: self.xdotool("mousemove", "--window", self.window, str(x),
                                            str(y), "click", "1"))

    def _answered(self, send: Callable[[], object]) -> None:
        """Send input, then wait until the window shows something else or is gone."""
        before = self.picture()
        send()
        wait_until(lambda: self.process.poll() is not None or self.picture() != before,
                   what="the player to answer the input")

    def picture(self) -> bytes:
        """The window's pixels now (nothing once it is gone)."""
        image = self._image()
        return b"" if image is None else image.tobytes()

    def _drawn(self) -> bool:
        """Whether the window shows more than its background and one colour."""
        image = self._image()
        return image is not None and len(image.getcolors(1 << 16) or range(3)) > 2

    def _image(self) -> Image.Image | None:
        """The window as an RGB picture, taken from the whole screen: ``import -window``
        waits for a click when the window has just gone."""
        from PIL import Image

        fields = self._info()
        if not fields:
            return None
        left, top = int(fields["Absolute upper-left X"]), int(fields["Absolute upper-left Y"])
        box = (left, top, left + int(fields["Width"]), top + int(fields["Height"]))
        screen = subprocess.run(["import", "-window", "root", "png:-"], env=self.env,
                                capture_output=True, timeout=30, check=True).stdout
        with Image.open(io.BytesIO(screen)) as image:
            return image.crop(box).convert("RGB")

    def _info(self) -> dict[str, str]:
        info = subprocess.run(["xwininfo", "-id", self.window], env=self.env,
                              capture_output=True, text=True, timeout=30)
        if info.returncode != 0:
            return {}
        return dict(line.strip().split(": ", 1) for line in info.stdout.splitlines()
                    if ": " in line)

    def size(self) -> tuple[int, int]:
        fields = self._info()
        return int(fields["Width"]), int(fields["Height"])

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", self.window, str(path)], env=self.env, check=True)
        return path

    def outcome(self) -> dict:
        out, err = self.process.communicate(timeout=15)
        assert self.process.returncode == 0, err
        lines = out.strip().splitlines()
        assert len(lines) == 1, out
        return json.loads(lines[0])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def seen_state(tmp_path):
    """A state folder in which the safety notice has already been accepted."""
    (tmp_path / "safety-notice-seen").touch()
    return tmp_path


@pytest.fixture
def player(desktop_env, seen_state):
    players: list[Player] = []

    def start(**options) -> Player:
        options.setdefault("state_dir", seen_state)
        players.append(Player(desktop_env, **options))
        return players[-1]

    yield start
    for each in players:
        each.close()


def test_the_window_counts_down_and_escape_stops_it(player):
    shown = player()
    first = shown.picture()
    started = time.monotonic()
    wait_until(lambda: shown.picture() != first, what="the count to go down")
    shown.key("Escape")
    counted = time.monotonic() - started
    outcome = shown.outcome()
    assert outcome["status"] == "stopped"
    assert outcome["step"] == 1 and outcome["steps"] == 3
    # It counted at least the time the window was watched (in tenths of a second).
    assert outcome["seconds"] >= round(counted, 1) - 0.1


def test_the_right_arrow_goes_to_the_next_step(player):
    shown = player()
    shown.key("Right")
    shown.key("Escape")
    assert shown.outcome()["step"] == 2


def test_clicking_next_goes_to_the_next_step(player):
    shown = player()
    _, height = shown.size()
    shown.click(110 + 186, height - 42)  # the Next button, right of Pause along the bottom
    shown.click(110 + 186, height - 42)
    shown.key("Escape")
    assert shown.outcome()["step"] == 3


def test_space_pauses_and_the_paused_time_is_not_counted(player):
    shown = player()
    shown.key("space")
    time.sleep(3)  # the pause under test: time that must not be counted
    shown.key("space")
    shown.key("Escape")
    # Counted: only the moments before the first Space and after the second, which a
    # loaded machine can stretch to a second or more; a pause counted would add 3 s.
    assert shown.outcome()["seconds"] < 2.5


def test_a_routine_played_to_its_end_after_skipping_most_of_it_is_reported_skipped(player):
    shown = player(second_step_seconds=1)
    # Step 1 (32 s) skipped; steps 2 and 3 (1 s and 2 s) played to their end.
    shown.key("Right")
    # The outcome is printed when the last step ends.
    assert select.select([shown.process.stdout], [], [], 15)[0], "no outcome"
    line = shown.process.stdout.readline()
    assert shown.process.poll() is None  # the closing screen is still up
    shown.key("Return")
    shown.process.wait(timeout=10)
    outcome = json.loads(line)
    assert outcome["status"] == "skipped" and outcome["step"] == 3
    assert 3 <= outcome["seconds"] < 4.5


def test_the_safety_notice_comes_first_and_is_remembered(player, tmp_path):
    state = tmp_path / "fresh"
    shown = player(state_dir=state)
    shown.key("Return")
    shown.key("Escape")
    assert shown.outcome()["step"] == 1
    assert (state / "safety-notice-seen").exists()


def test_declining_the_safety_notice_stops_before_the_first_step(player, tmp_path):
    state = tmp_path / "fresh"
    shown = player(state_dir=state)
    shown.key("Escape")
    assert shown.outcome() == {"routine": "desk-test", "status": "stopped", "step": 1,
                               "steps": 3, "seconds": 0.0}
    assert not (state / "safety-notice-seen").exists()


def test_screenshot_of_the_built_in_routine_in_dutch(desktop_env, seen_state, tmp_path,
                                                     screenshots):
    config = tmp_path / "ergo.yaml"
    config.write_text("language: nl\n", encoding="utf-8")
    shown = Player(dict(desktop_env, ERGO_CONFIG=str(config)), seen_state, command=[
        "-m", "ergo.player", "lumbar-short", "--state-dir", str(seen_state)])
    try:
        assert shown.xdotool("getwindowname", shown.window).strip() == "ergo: Rugoefeningen"
        assert shown.screenshot(screenshots / "routine-nl.png").stat().st_size > 0
    finally:
        shown.close()
