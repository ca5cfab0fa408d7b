"""Interruptions on macOS, as far as they can be read without extra libraries.

Focus (do not disturb): macOS 12 and later keep the active Focus assertions
in ``~/Library/DoNotDisturb/DB/Assertions.json``; a non-empty
``storeAssertionRecords`` means a Focus was switched on by hand. Scheduled
Focus modes are not read, and newer macOS versions may need Full Disk Access
for this file: ergo then says the detector is unavailable. Microphone, camera
and full-screen windows are not detected on macOS (they need Objective-C
frameworks); ``interruptions.apps`` works there.
"""

from __future__ import annotations

import json
from pathlib import Path

from ergo.ports import DetectorUnavailable

ASSERTIONS = Path("~/Library/DoNotDisturb/DB/Assertions.json")


def focus_on(data: object) -> bool:
    """Given the parsed Assertions.json, return whether a Focus is on."""
    if not isinstance(data, dict):
        return False
    entries = data.get("data")
    if not isinstance(entries, list):
        return False
    return any(
        isinstance(entry, dict) and bool(entry.get("storeAssertionRecords"))
        for entry in entries
    )


class FocusDetector:
    """Reports do-not-disturb while a Focus is on."""

    name = "macos-focus"
    reason = "dnd"

    def __init__(self, path: Path = ASSERTIONS) -> None:
        self._path = path.expanduser()
        self.check()

    def check(self) -> str | None:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise DetectorUnavailable(f"cannot read {self._path} ({error})") from None
        return "Focus is on" if focus_on(data) else None

    def close(self) -> None:
        """Nothing to release."""
