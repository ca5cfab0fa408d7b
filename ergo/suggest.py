"""The "did you mean" hint for a mistyped name, shared by the command line and the daemon."""

from __future__ import annotations

from collections.abc import Iterable

from ergo.i18n import _


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Given a word the user typed and the names it could be, return ``" (did you mean
    'snooze'?)"`` for the closest name, or ``""`` when none is close."""
    # Only a mistake needs it, so the daemon does not hold it at rest.
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        return ""
    return " (" + _("did you mean '{name}'?").format(name=close[0]) + ")"
