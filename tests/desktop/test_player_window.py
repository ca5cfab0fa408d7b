"""The player window in a virtual desktop: it opens, counts down, and Next, Esc and the
safety notice work from the keyboard and the mouse; the outcome line is right."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
        self.window = self._find_window()

    def _find_window(self) -> str:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--onlyvisible", "--class", "ergo").split()
            if found:
                time.sleep(0.3)  # let Tk draw the first frame
                return found[-1]
            if self.process.poll() is not None:
                pytest.fail(f"the player exited: {self.process.stderr.read()}")
            time.sleep(0.05)
        pytest.fail("the player window did not appear")

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True)
        return result.stdout

    def key(self, name: str) -> None:
        self.xdotool("key", "--window", self.window, name)
        time.sleep(0.4)

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", "--window", self.window, str(x), str(y), "click", "1")
        time.sleep(0.4)

    def size(self) -> tuple[int, int]:
        info = subprocess.run(["xwininfo", "-id", self.window], env=self.env,
                              capture_output=True, text=True).stdout
        fields = dict(line.strip().split(": ", 1) for line in info.splitlines() if ": " in line)
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


def test_the_window_counts_down_and_escape_stops_it(player, tmp_path):
    shown = player()
    first = shown.screenshot(tmp_path / "first.png").read_bytes()
    time.sleep(4.2)  # one repetition of the first step lasts 4 s
    second = shown.screenshot(tmp_path / "second.png").read_bytes()
    shown.key("Escape")
    outcome = shown.outcome()
    assert first != second
    assert outcome["status"] == "stopped"
    assert outcome["step"] == 1 and outcome["steps"] == 3
    assert outcome["seconds"] >= 4


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
    time.sleep(2)
    shown.key("space")
    shown.key("Escape")
    assert shown.outcome()["seconds"] < 1.5


def test_a_routine_played_to_its_end_after_skipping_most_of_it_is_reported_skipped(player):
    shown = player(second_step_seconds=1)
    # Step 1 (32 s) skipped; steps 2 and 3 (1 s and 2 s) played to their end.
    shown.key("Right")
    time.sleep(3.5)
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
