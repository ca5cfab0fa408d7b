"""Clicks on the real daemon's own Linux tray, under trayer (XEmbed) and xfce4-panel (SNI).

A left click opens the prompt of the reminder that is showing, or the menu when
none is; it never answers anything. A prompt closes when its reminder is answered
anywhere else. "Stretch now" never starts a second player. The headline names the
situation. And the history holds exactly what the user clicked.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.desktop.session import DesktopSession, Window, wait_until
from tests.desktop.test_daemon import REMINDER, TITLE, Ergo, Prompt, config_text
from tests.desktop.test_tray_panels import STRIP, PanelIcon
from tests.missing import unavailable

pytestmark = pytest.mark.desktop

HOSTS = ("trayer", "xfce4-panel")
PLAYER = "^ergo: Lower-back stretches$"
ANSWERS = ("done", "skipped", "ignored", "snoozed")


class Icon(PanelIcon):
    """ergo's icon in the tray host, clicked with xdotool."""

    def __init__(self, desktop: DesktopSession, host: str, ergo: Ergo) -> None:
        self.desktop = desktop
        self.window: Window | None = None
        if host == "trayer":
            ergo.start()
            self.window = desktop.wait_for_tray_icon()
        else:
            from PIL import ImageChops

            before = desktop.grab(STRIP)
            ergo.start()
            self.box = wait_until(
                lambda: ImageChops.difference(before, desktop.grab(STRIP)).getbbox(),
                10, "ergo's icon in the panel",
            )
        assert ergo.status()["backends"]["tray"] == ("xembed" if host == "trayer" else "sni")

    def click(self, button: int) -> None:
        if self.window is None:
            super().click(button)
        else:
            self.desktop.click(self.window.id, self.window.width // 2, self.window.height // 2,
                               button)

    def tooltip(self) -> str:
        """The XEmbed icon's name, which is its tooltip: "ergo: <headline>"."""
        assert self.window is not None
        icon = next(w for w in self.desktop.tray_icons() if w.id == self.window.id)
        return icon.name


@pytest.fixture(params=HOSTS)
def host(request: pytest.FixtureRequest, desktop: DesktopSession) -> Iterator[str]:
    program = request.param
    if program != "trayer":
        if shutil.which(program) is None:
            unavailable(f"{program} is not installed (see .ci/run)")
        desktop.start_panel(program)
    yield program
    if program != "trayer":
        desktop.stop_panel()


@pytest.fixture
def user(desktop: DesktopSession) -> Iterator[Ergo]:
    """An ergo on its own Linux tray (not started) with an hourly prompt reminder."""
    ergo = Ergo(desktop, tray=None)
    ergo.config.write_text(config_text(every="1h", delivery="prompt", prompt_timeout="60s"))
    yield ergo
    ergo.close()


def answers(ergo: Ergo) -> list[str]:
    return [e["kind"] for e in ergo.history() if e["kind"] in ANSWERS]


def closed(desktop: DesktopSession, prompt: Prompt) -> None:
    wait_until(lambda: prompt.window not in desktop.search("--name", TITLE),
               what="the prompt to close")


def due(ergo: Ergo, desktop: DesktopSession) -> Prompt:
    """Trigger the reminder and return its prompt."""
    ergo.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    ergo.wait_for_state("due")
    return prompt


def test_a_left_click_with_a_reminder_due_opens_its_prompt_and_answers_nothing(
    desktop: DesktopSession, host: str, user: Ergo
):
    icon = Icon(desktop, host, user)
    first = due(user, desktop)
    icon.click(1)
    # The prompt opens again (a new window in front); the reminder stays due, unanswered.
    closed(desktop, first)
    again = Prompt(desktop)
    assert user.status()["state"] == "due"
    assert answers(user) == []
    again.click(again.done)
    wait_until(lambda: answers(user) == ["done"], what="the Done in the history")


def test_a_left_click_with_nothing_due_opens_the_menu(
    desktop: DesktopSession, host: str, user: Ergo
):
    icon = Icon(desktop, host, user)
    menu = icon.open_menu(button=1)
    assert menu.height > 100
    desktop.key("Escape")
    assert answers(user) == []
    assert user.status()["state"] == "active"


def test_done_in_the_tray_closes_the_open_prompt(desktop: DesktopSession, host: str, user: Ergo):
    icon = Icon(desktop, host, user)
    prompt = due(user, desktop)
    icon.open_menu()
    # Enabled entries: "Show reminder: ...", "Done: ...", Skip, ...
    desktop.key("Down", "Down", "Return")
    closed(desktop, prompt)
    wait_until(lambda: answers(user) == ["done"], what="one Done in the history")
    assert user.status()["state"] == "active"


def test_a_snooze_from_the_command_line_closes_the_open_prompt(
    desktop: DesktopSession, user: Ergo
):
    Icon(desktop, "trayer", user)
    prompt = due(user, desktop)
    user.cli("snooze", "20s", REMINDER)
    closed(desktop, prompt)
    wait_until(lambda: answers(user) == ["snoozed"], what="the snooze in the history")


def test_a_natural_break_closes_the_prompt_and_the_headline_says_since_when(
    desktop: DesktopSession, user: Ergo
):
    user.config.write_text(
        config_text(every="1h", delivery="prompt", prompt_timeout="60s")
        .replace("kind: movement", "kind: posture") + "idle:\n  break_after: 1s\n"
    )
    icon = Icon(desktop, "trayer", user)
    # Hands off the keyboard and mouse: after a second ergo counts a break.
    away = user.wait_for_state("away")
    user.cli("trigger", REMINDER)
    prompt = Prompt(desktop)
    since = away["situation"].removeprefix("On a break since ")
    assert away["situation"] != since and len(since) == 5
    wait_until(lambda: icon.tooltip() == f"ergo: On a break since {since}",
               what="the icon's headline to name the break")
    assert prompt.window in desktop.search("--name", TITLE)
    # Back at the desk: a posture reminder restarts, so its prompt has nothing to ask.
    desktop.run("xdotool", "mousemove", "300", "300", "mousemove", "320", "310")
    closed(desktop, prompt)
    assert user.wait_for_history("natural_break")
    assert answers(user) == []
    # Hands off again, the next break may already have begun: either way nothing is due.
    assert user.status()["state"] in ("active", "away")


def test_a_second_stretch_now_brings_the_player_forward_and_the_headline_says_stretching(
    desktop: DesktopSession, user: Ergo
):
    icon = Icon(desktop, "trayer", user)
    for _ in range(2):
        icon.open_menu()
        desktop.key("Down", "Down", "Down", "Return")  # Snooze, Pause, Stretch now
        wait_until(lambda: desktop.search("--name", PLAYER), 20, "the player window")
        assert wait_until(lambda: icon.tooltip().startswith("ergo: Stretching"),
                          what="the headline to say Stretching")
    wait_until(lambda: "a routine is already playing" in user.log,
               what="the second Stretch now to reach the player")
    [player] = desktop.search("--name", PLAYER)
    # Past the safety notice, the headline follows the player's steps. Without a window
    # manager the keyboard follows the pointer: into the player, then the keys.
    x, y = desktop.geometry(player).center
    desktop.run("xdotool", "mousemove", str(x), str(y))
    desktop.key("Return")
    wait_until(lambda: icon.tooltip() == "ergo: Stretching, step 1 of 6",
               what="the headline to name the step")
    desktop.key("Right")
    wait_until(lambda: user.status()["situation"] == "Stretching, step 2 of 6",
               what="ergo status to name the next step")
    started = [e for e in user.history() if e["kind"] == "routine_started"]
    assert len(started) == 1


def test_a_session_of_clicks_leaves_exactly_those_clicks_in_the_history(
    desktop: DesktopSession, user: Ergo
):
    icon = Icon(desktop, "trayer", user)
    clicked = []
    first = due(user, desktop)
    icon.click(1)  # opens the prompt again: no answer
    # Until the first prompt has gone, it is the one a search by title may find.
    closed(desktop, first)
    prompt = Prompt(desktop)
    prompt.click(prompt.skip)
    clicked.append("skipped")
    prompt = due(user, desktop)
    prompt.click(prompt.snooze[0])
    clicked.append("snoozed")
    # The snooze ends after five seconds and the prompt comes back.
    prompt = Prompt(desktop, timeout=15)
    icon.open_menu()
    desktop.key("Down", "Down", "Return")  # Done in the tray menu
    closed(desktop, prompt)
    clicked.append("done")
    wait_until(lambda: answers(user) == clicked, what="the history to match the clicks")
    kinds = [e["kind"] for e in user.history() if e["reminder"] == REMINDER]
    assert kinds.count("shown") == 3
