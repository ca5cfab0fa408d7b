"""Fakes for the daemon's ports, honouring the same contracts as the real adapters.

Used where the real thing cannot run in a unit test: the wall clock, a desktop
notification service, and helper processes that open windows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ergo.desktop.windows import WindowPath
from ergo.ports import Notification, NotificationAnswers, NotifierUnavailable


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.current = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return self.mono

    def move_to(self, instant: datetime) -> None:
        self.mono += (instant - self.current).total_seconds()
        self.current = instant


@dataclass
class RecordingNotifier:
    """A notification service that keeps what it was asked to show; ``gone`` makes it fail,
    ``buttons`` gives it the ``actions`` capability. ``answers`` holds each notification's
    answers (None without buttons), in step with ``shown``."""

    name: str = "recording"
    shown: list[tuple[str, str]] = field(default_factory=list)
    answers: list[NotificationAnswers | None] = field(default_factory=list)
    tags: list[tuple[str, ...]] = field(default_factory=list)
    withdrawn: list[tuple[str, ...]] = field(default_factory=list)
    styles: list[tuple[bool, str]] = field(default_factory=list)
    gone: bool = False
    buttons: bool = False

    def check(self) -> None:
        if self.gone:
            raise NotifierUnavailable("the test took the service away")

    def notify(self, notification: Notification) -> bool:
        self.check()
        self.shown.append((notification.title, notification.message))
        self.answers.append(notification.answers if self.buttons else None)
        self.tags.append(notification.tag)
        self.styles.append((notification.sound, notification.urgency))
        return self.buttons and notification.answers is not None

    def withdraw(self, tag: tuple[str, ...]) -> None:
        self.withdrawn.append(tag)

    def about(self) -> tuple[str, ...]:
        return ()

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class RecordingHelpers:
    """The dispatcher's helper starter, recording what it would start instead of opening
    windows; the test answers prompts itself."""

    icon: Path | None = None
    #: How ergo's windows open; ``WindowPath(None, ...)``: neither prompt nor player can.
    windows: WindowPath = field(default_factory=lambda: WindowPath("x11"))
    prompts: list[tuple[Any, Any, str | None]] = field(default_factory=list)
    expiring: list[tuple[tuple[str, ...], timedelta]] = field(default_factory=list)
    timers: list[tuple[float, object]] = field(default_factory=list)
    routines: list[tuple[str, str]] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)
    abouts: list[str] = field(default_factory=list)
    settings_windows: list[str | None] = field(default_factory=list)
    #: The tray switches the dispatcher asked to write into the user's file; the test
    #: answers with a SwitchSaved itself.
    switches: list[tuple[str, bool]] = field(default_factory=list)
    closed: bool = False

    def can_prompt(self) -> bool:
        return self.windows.name is not None

    # The reminders of the prompt that is open (the last one shown and not closed).
    prompt_ids: tuple[str, ...] = ()
    closed_prompts: int = 0
    # Whether the routine player is open; the test ends it by setting this back.
    routine_playing: bool = False
    brought_forward: int = 0

    def prompt(self, firing: Any, spec: Any, routine: str | None) -> None:
        self.prompts.append((firing, spec, routine))
        self.prompt_ids = tuple(firing.reminder_ids)

    def close_prompt(self) -> None:
        if self.prompt_ids:
            self.closed_prompts += 1
        self.prompt_ids = ()

    def expire(self, ids: tuple[str, ...], after: timedelta) -> None:
        self.expiring.append((ids, after))

    def after(self, seconds: float, item: object) -> None:
        self.timers.append((seconds, item))

    def routine(self, routine_id: str, language: str) -> bool:
        if self.routine_playing:
            self.brought_forward += 1
            return False
        self.routines.append((routine_id, language))
        self.routine_playing = True
        return True

    def about(self, language: str) -> None:
        self.abouts.append(language)

    def open_file(self, path: Path) -> None:
        self.opened.append(path)

    def settings(self, language: str | None = None, problem: str | None = None) -> None:
        self.settings_windows.append(language)

    def save_switch(self, reminder_id: str, on: bool) -> None:
        self.switches.append((reminder_id, on))

    def close(self) -> None:
        self.closed = True
