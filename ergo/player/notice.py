"""Remembers whether the safety notice has been shown, in one small file per user."""

from __future__ import annotations

from pathlib import Path

_SEEN_FILE = "safety-notice-seen"


def default_state_dir() -> Path:
    """Return the per-user state folder (platformdirs ``user_state_dir``)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("ergo", appauthor=False))


def safety_notice_seen(state_dir: Path) -> bool:
    """Given the state folder, return whether the user has already seen the safety notice."""
    return (state_dir / _SEEN_FILE).exists()


def remember_safety_notice_seen(state_dir: Path) -> None:
    """Given the state folder, record that the safety notice was shown (creating the folder)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / _SEEN_FILE).touch()
