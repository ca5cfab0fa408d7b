"""The first-run welcome: its text, and one marker file in the user state dir saying it
was shown.

The daemon calls :func:`welcome_once` when the tray is up (on the tray's ready thread).
The marker records when the welcome was shown; its presence is all that counts, so a
marker whose content cannot be read still means "shown" and the welcome never repeats.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ergo.atomic import write_atomic
from ergo.i18n import _

MARKER_NAME = "welcome-shown"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Welcome:
    """The welcome in one language: a title, a few short paragraphs and the question
    whether ergo should start at login."""

    title: str
    paragraphs: tuple[str, ...]
    question: str

    def as_text(self) -> str:
        """Return the welcome as plain text, for the log."""
        return "\n\n".join([self.title, *self.paragraphs, self.question])


def welcome() -> Welcome:
    """Return the welcome in the installed language (see :func:`ergo.i18n.install`)."""
    return Welcome(
        title=_("Welcome to ergo"),
        paragraphs=(
            _("During your working hours, ergo reminds you now and then to change position, "
              "to stand up and to take a short walk. It can also guide you through a short "
              "stretch routine for your lower back."),
            _("Busy? Snooze or pause the reminders from ergo's icon in the tray, or type "
              "ergo snooze 15m or ergo pause in a terminal."),
            _("ergo is not medical advice. Stop if pain gets worse, spreads into your leg, "
              "or you feel tingling or numbness. About and safety in the tray menu has "
              "the full notice."),
        ),
        question=_("Start ergo by itself when you log in? You can change this later with "
                   "ergo autostart enable or disable."),
    )


def welcome_marker(state_dir: Path) -> Path:
    """Given the user state dir (platformdirs ``user_state_dir("ergo")``), return the
    marker's path."""
    return state_dir / MARKER_NAME


def welcome_shown(marker: Path) -> bool:
    """Given the marker path, return True if the welcome was shown before."""
    return marker.exists()


def mark_welcome_shown(marker: Path, now: datetime) -> None:
    """Given the marker path and the current time, record that the welcome was shown.

    Raise OSError if the state dir cannot be written.
    """
    write_atomic(marker, f"{now.isoformat()}\n".encode(), mode=0o600)


def welcome_once(marker: Path, now: datetime, show: Callable[[], None]) -> bool:
    """Given the marker path, the current time and a function that shows the welcome,
    show it unless it was shown before and record that it was; return whether it was
    shown now.

    A marker that cannot be written is logged: at worst the welcome shows once more on
    the next start.
    """
    if welcome_shown(marker):
        return False
    show()
    try:
        mark_welcome_shown(marker, now)
    except OSError as error:
        log.warning("cannot record that the welcome was shown (%s)", error)
    return True
