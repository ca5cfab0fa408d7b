"""Idle time and lock state on macOS from the I/O Kit registry, read with ``ioreg``.

``ioreg -c IOHIDSystem -d 4`` prints ``"HIDIdleTime" = N`` (nanoseconds since
the last input); ``ioreg -n Root -d 1`` prints the console users, with
``"CGSSessionScreenIsLocked"=Yes`` while the screen is locked. Running ``ioreg``
costs a few milliseconds, fine at the watcher's slow pace, and needs neither
PyObjC nor a compiled extension. The parsing is plain Python, tested everywhere;
:func:`run_ioreg` is the only OS call.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Sequence

from ergo.ports import IdleSignal, IdleUnavailable

IDLE_COMMAND = ("ioreg", "-c", "IOHIDSystem", "-d", "4")
LOCK_COMMAND = ("ioreg", "-n", "Root", "-d", "1")
_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')
_LOCKED = re.compile(r'"CGSSessionScreenIsLocked"\s*=\s*(Yes|No)')


def run_ioreg(args: Sequence[str]) -> str:
    """Run ``ioreg`` and return its output; raise IdleUnavailable when it cannot run."""
    try:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise IdleUnavailable(f"cannot run ioreg ({error})") from None
    if done.returncode != 0:
        raise IdleUnavailable(f"ioreg exited with {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def parse_idle(text: str) -> float:
    """Given ``ioreg -c IOHIDSystem`` output, return the idle seconds (the smallest
    HIDIdleTime: a Mac with several HID systems lists one per system)."""
    values = [int(match) for match in _IDLE.findall(text)]
    if not values:
        raise IdleUnavailable("ioreg shows no HIDIdleTime")
    return min(values) / 1e9


def parse_locked(text: str) -> bool:
    """Given ``ioreg -n Root -d 1`` output, return whether the screen is locked."""
    match = _LOCKED.search(text)
    return match is not None and match.group(1) == "Yes"


class MacIdle:
    """Idle time and lock state of the logged-in console session."""

    name = "macos"
    signals: frozenset[IdleSignal] = frozenset()

    def __init__(self, run: Callable[[Sequence[str]], str] = run_ioreg) -> None:
        self._run = run
        self.idle_seconds()

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        """Nothing to start: ioreg is polled."""

    def idle_seconds(self) -> float:
        return parse_idle(self._run(IDLE_COMMAND))

    def locked(self) -> bool | None:
        return parse_locked(self._run(LOCK_COMMAND))

    def close(self) -> None:
        """Nothing to release."""
