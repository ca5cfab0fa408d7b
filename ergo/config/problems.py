"""Where a config value came from, and the error that lists what is wrong with it.

Every message ergo prints about a config file has the form
``FILE:LINE:COL: key.path: what is wrong; how to fix it``, so editors and CI logs
can jump to the spot. :class:`Mark` is the ``FILE:LINE:COL`` part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ergo.errors import UserError

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A place in a config source; ``line`` and ``col`` count from 1.

    ``line`` is 0 for a source without lines, such as a command-line override.
    """

    source: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line == 0:
            return self.source
        return f"{self.source}:{self.line}:{self.col}"


class ConfigError(UserError):
    """One or more problems in the configuration; ``problems`` holds one line each.

    Each line reads ``FILE:LINE:COL: key.path: what is wrong; how to fix it``.
    """


def dotted(path: KeyPath) -> str:
    """Given a key path, return it as people write it: ``reminders.walk.every``, ``a.b[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def problem(mark: Mark | None, path: KeyPath, message: str) -> str:
    """Given where, which key and what is wrong (with its fix), return one problem line."""
    where = f"{mark}: " if mark else ""
    key = f"{dotted(path)}: " if path else ""
    return f"{where}{key}{message}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Given a misspelt word and the valid ones, return the closest valid one, if any is close."""
    # Only a mistake needs it, so the daemon does not hold it at rest.
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Given an unknown key and the valid ones, return a fix hint naming the closest."""
    choices = sorted(choices)
    near = closest(word, choices)
    if near:
        return f"did you mean {near!r}?"
    return "valid keys here: " + ", ".join(choices)
