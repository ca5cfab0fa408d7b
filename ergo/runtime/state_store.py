"""The daemon's state on disk: one JSON file, replaced atomically on every save.

The file is ``state.json`` in platformdirs' ``user_state_dir("ergo")``
(``~/.local/state/ergo`` on Linux) unless a path is given. It holds::

    {"format": 1, "state": {...}}

where ``state`` is whatever dict the engine's ``to_dict()`` produced; this
module never looks inside it.

A save writes a temporary file in the same directory, fsyncs it, renames it
over ``state.json`` and fsyncs the directory, so the file on disk is always
either the previous state or the new one, even when the process is killed
mid-save or the machine loses power. A file that cannot be read or parsed is
moved aside to ``state.json.corrupt-<timestamp>`` with a warning and ergo
starts fresh.

Used from one thread at a time (the dispatcher thread in the daemon).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from ergo.atomic import TEMP_SUFFIX, temp_prefix, write_atomic
from ergo.jsondepth import DepthError, loads_bounded

FORMAT_VERSION = 1
STATE_NAME = "state.json"

log = logging.getLogger(__name__)


def default_state_path() -> Path:
    """Return the state file's path in the user state directory."""
    import platformdirs

    return Path(platformdirs.user_state_dir("ergo", appauthor=False)) / STATE_NAME


class StateStore:
    """Loads and saves the daemon's state at ``path`` (default: :func:`default_state_path`)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_state_path()

    def load(self) -> dict[str, Any] | None:
        """Return the saved state, or None when there is none or it was unusable.

        An unusable file (unreadable, not JSON, wrong shape, unknown format)
        is moved aside with a warning. Temporary files left by a save that
        was cut short are removed.
        """
        self._remove_leftover_temporaries()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.move_aside(f"cannot be read ({error.strerror})")
            return None
        try:
            document = loads_bounded(raw)
        except DepthError as error:
            self.move_aside(f"is {error}")
            return None
        except ValueError as error:
            self.move_aside(f"is not valid JSON ({error})")
            return None
        if not isinstance(document, dict) or not isinstance(document.get("state"), dict):
            self.move_aside('is not an object with a "state" object')
            return None
        if document.get("format") != FORMAT_VERSION:
            self.move_aside(f"has format {document.get('format')!r}; this ergo reads format "
                             f"{FORMAT_VERSION}")
            return None
        return document["state"]

    def save(self, state: dict[str, Any]) -> None:
        """Write ``state`` atomically, creating the directory (mode 0700) if needed.

        Raise TypeError or ValueError when ``state`` holds values JSON cannot
        represent (the file is then left as it was), OSError when the disk
        refuses.
        """
        data = json.dumps({"format": FORMAT_VERSION, "state": state}, ensure_ascii=False,
                          allow_nan=False, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self.path, data, mode=0o600, dir_mode=0o700)

    def move_aside(self, problem: str) -> None:
        """Move the state file aside to ``state.json.corrupt-<timestamp>``, warning that
        it ``problem`` (``"is not valid JSON"``); ergo then starts with a fresh state."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as error:
            log.warning("the state file %s %s and cannot be moved aside (%s); starting with "
                        "a fresh state", self.path, problem, error.strerror)
            return
        log.warning("the state file %s %s; moved it to %s and starting with a fresh state",
                    self.path, problem, target.name)

    def _remove_leftover_temporaries(self) -> None:
        directory = self.path.parent
        if not directory.is_dir():
            return
        for leftover in directory.glob(f"{temp_prefix(self.path)}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                leftover.unlink()

