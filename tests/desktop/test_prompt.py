"""The reminder prompt: a real Tk window in the virtual desktop, clicked with xdotool."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

from ergo.desktop.prompt import PromptError, PromptProcess, start_prompt
from ergo.ports import PromptOutcome, PromptSpec, PromptStrings, SnoozeOption
from tests.desktop.session import DesktopSession, wait_until

pytestmark = pytest.mark.desktop

SPEC = PromptSpec(
    title="Time to move",
    message="Stand up and walk for two minutes: fetch water or take the stairs.",
    snooze=(
        SnoozeOption("10m", "10 min"),
        SnoozeOption("20m", "20 min"),
        SnoozeOption("rest_of_day", "Rest of today", enabled=False, reason="daily limit reached"),
    ),
    routine="Start stretches (4:30)",
    timeout=timedelta(seconds=30),
)


class Shown:
    """A prompt on screen and its buttons, found from the window tree.

    Layout (see PromptWindow): toplevel > wrapper > frame whose children are
    title, message, action row (Done, Skip[, routine]), snooze row (label, options...).
    """

    def __init__(self, desktop: DesktopSession, prompt: PromptProcess) -> None:
        self.prompt = prompt
        self.window = wait_until(
            lambda: next(iter(desktop.search("--name", prompt.spec.title)), None),
            what="the prompt window",
        )
        frame = desktop.tree(self.window)[0].children[0]
        self.frame = frame
        self.actions = frame.children[2].children
        self.snooze = frame.children[3].children[1:] if len(frame.children) > 3 else ()


@pytest.fixture
def shown(desktop: DesktopSession, request: pytest.FixtureRequest) -> Iterator[Shown]:
    spec = getattr(request, "param", SPEC)
    prompt = start_prompt(spec)
    yield Shown(desktop, prompt)
    prompt.close()


def test_the_prompt_sits_bottom_right_on_top_without_taking_the_focus(desktop: DesktopSession):
    focus_before = desktop.input_focus()
    prompt = start_prompt(SPEC)
    try:
        shown = Shown(desktop, prompt)
        box = desktop.geometry(shown.window)
        assert 1280 - 60 < box.x + box.width <= 1280
        assert 800 - 120 < box.y + box.height <= 800
        assert desktop.input_focus() == focus_before
        assert focus_before not in {shown.window, *(w.id for w in desktop.tree(shown.window))}
    finally:
        prompt.close()


def test_clicking_done_answers_done(shown: Shown, desktop: DesktopSession):
    desktop.click_on(shown.actions[0])
    assert shown.prompt.wait() == PromptOutcome("done")


def test_clicking_skip_answers_skipped(shown: Shown, desktop: DesktopSession):
    desktop.click_on(shown.actions[1])
    assert shown.prompt.wait() == PromptOutcome("skipped")


def test_clicking_the_routine_button_answers_routine(shown: Shown, desktop: DesktopSession):
    desktop.click_on(shown.actions[2])
    assert shown.prompt.wait() == PromptOutcome("routine")


def test_clicking_a_snooze_option_answers_snooze_with_its_id(shown: Shown, desktop: DesktopSession):
    desktop.click_on(shown.snooze[1])
    assert shown.prompt.wait() == PromptOutcome("snooze", "20m")


def test_a_disabled_snooze_option_does_nothing_when_clicked(shown: Shown, desktop: DesktopSession):
    desktop.click_on(shown.snooze[2])
    with pytest.raises(subprocess.TimeoutExpired):
        shown.prompt.process.wait(0.5)
    desktop.click_on(shown.snooze[0])
    assert shown.prompt.wait() == PromptOutcome("snooze", "10m")


@pytest.mark.parametrize(
    "shown",
    [PromptSpec("Sit up straight", "Shoulders down.", timeout=timedelta(seconds=20))],
    indirect=True,
)
def test_without_a_routine_or_snooze_only_done_and_skip_are_offered(shown: Shown):
    assert len(shown.actions) == 2
    assert len(shown.frame.children) == 3


def test_the_prompt_closes_itself_after_the_timeout_as_ignored(desktop: DesktopSession):
    prompt = start_prompt(
        PromptSpec("Blink", "Look away for a moment.", timeout=timedelta(seconds=1))
    )
    assert prompt.wait() == PromptOutcome("ignored")
    assert desktop.search("--name", "Blink") == []


def test_close_removes_a_prompt_answered_elsewhere(shown: Shown, desktop: DesktopSession):
    shown.prompt.close()
    wait_until(lambda: desktop.search("--name", SPEC.title) == [], what="the window to go")


def test_a_translated_prompt_shows_the_given_words(desktop: DesktopSession, tmp_path):
    spec = PromptSpec(
        "Tijd om te bewegen",
        "Sta op en loop twee minuten.",
        strings=PromptStrings(done="Gedaan", skip="Overslaan", snooze="Uitstellen"),
        snooze=(SnoozeOption("10m", "10 min"),),
    )
    prompt = start_prompt(spec)
    try:
        Shown(desktop, prompt)
        assert desktop.search("--name", "Tijd om te bewegen")
    finally:
        prompt.close()


def run_child(stdin: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ergo.desktop.prompt"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
    )


def test_a_bad_spec_exits_2_with_one_line_naming_the_problem():
    done = run_child('{"message": "no title"}', dict(os.environ))
    assert done.returncode == 2
    assert done.stderr.strip() == "ergo prompt: bad spec: the spec has no 'title'"
    assert done.stdout == ""


def test_without_a_display_the_prompt_exits_1_and_the_parent_raises():
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    done = run_child('{"title": "t", "message": "m"}', env)
    assert done.returncode == 1
    assert "cannot open a window" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_prompt_raises_prompt_error_when_no_window_can_be_shown(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(PromptError, match="cannot open a window"):
        start_prompt(SPEC).wait()


def test_a_used_up_snooze_budget_says_so_once_and_the_prompt_keeps_its_width(
    desktop: DesktopSession,
):
    reason = "all 4 snoozes for today are used; new ones are available from midnight"
    spec = PromptSpec(
        title="Refused snoozes",
        message=SPEC.message,
        snooze=tuple(
            SnoozeOption(key, label, enabled=False, reason=reason)
            for key, label in (("5m", "5 min"), ("10m", "10 min"), ("20m", "20 min"),
                               ("rest_of_day", "Rest of today"))
        ),
        routine=None,
        timeout=timedelta(seconds=30),
    )
    prompt = start_prompt(spec)
    try:
        shown = Shown(desktop, prompt)
        # Title, message, actions, snooze buttons and a single line of refusal.
        assert len(shown.frame.children) == 5
        assert desktop.geometry(shown.window).width <= 460
        for button in shown.snooze:
            desktop.click_on(button)
        # The clicks arrive in order: had a disabled button answered, Done would be too late.
        desktop.click_on(shown.actions[0])
        assert prompt.wait() == PromptOutcome("done")
    finally:
        prompt.close()
