"""Whether the first-run welcome has been shown: one marker file in the user state dir.

The daemon calls these from its start-up code, before the tray loop, on the main thread.
The marker records when the welcome was shown; its presence is all that counts, so a
marker whose content cannot be read still means "shown" and the welcome never repeats.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ergo.atomic import write_atomic

MARKER_NAME = "welcome-shown"


def welcome_marker(state_dir: Path) -> Path:
    """Given the user state dir (platformdirs ``user_state_dir("ergo")``), return the
    marker's path."""
    return state_dir / MARKER_NAME


def welcome_shown(marker: Path) -> bool:
    """Given the marker path, return True if the welcome was shown before."""
    return marker.exists()


def mark_welcome_shown(marker: Path, now: datetime) -> None:
    """Given the marker path and the current time, record that the welcome was shown.

    Raise OSError if the state dir cannot be written; the caller logs it and goes on,
    at worst showing the welcome once more on the next start.
    """
    write_atomic(marker, f"{now.isoformat()}\n".encode(), mode=0o600)
