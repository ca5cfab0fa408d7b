"""Idle time and lock state on Windows through user32 and shell32 (ctypes).

``GetLastInputInfo`` gives the tick count (milliseconds since boot, 32 bits) of
the last input; ``GetTickCount`` the tick count now. Both wrap around every
49.7 days, so the difference is taken modulo 2**32 (:func:`idle_from_ticks`).
The lock state comes from ``SHQueryUserNotificationState``: ``QUNS_NOT_PRESENT``
means the screen is locked, a screen saver runs or another user is switched in.
Windows has no signal for these without a window of our own, so the watcher
polls. The OS calls are the few lines of :class:`_User32`; the arithmetic is
plain Python, tested everywhere.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from ergo.ports import IdleSignal, IdleUnavailable

_WRAP = 2**32
#: SHQueryUserNotificationState results (shellapi.h).
QUNS_NOT_PRESENT = 1
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7


def idle_from_ticks(now: int, last_input: int) -> float:
    """Given the 32-bit tick counts now and at the last input, return the idle seconds,
    across a wrap-around of the counter."""
    return ((now - last_input) % _WRAP) / 1000


class _User32:
    """The Windows calls, and nothing else."""

    def __init__(self) -> None:
        from ctypes import wintypes

        class LastInputInfo(ctypes.Structure):
            _fields_ = (("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD))

        self._info = LastInputInfo()
        self._info.cbSize = ctypes.sizeof(LastInputInfo)
        windll = ctypes.windll  # type: ignore[attr-defined]
        self._user32, self._kernel32, self._shell32 = windll.user32, windll.kernel32, windll.shell32
        self._kernel32.GetTickCount.restype = wintypes.DWORD

    def ticks(self) -> tuple[int, int]:
        if not self._user32.GetLastInputInfo(ctypes.byref(self._info)):
            raise OSError("GetLastInputInfo failed")
        return self._kernel32.GetTickCount(), self._info.dwTime

    def notification_state(self) -> int:
        state = ctypes.c_int()
        result = self._shell32.SHQueryUserNotificationState(ctypes.byref(state))
        if result != 0:
            raise OSError(result, "SHQueryUserNotificationState failed")
        return state.value


def user32() -> _User32:
    """Return the Windows calls; raise IdleUnavailable elsewhere."""
    try:
        return _User32()
    except (AttributeError, OSError) as error:
        raise IdleUnavailable(f"the Windows API is not available ({error})") from None


class WindowsIdle:
    """Idle time and lock state of the interactive Windows session."""

    name = "windows"
    signals: frozenset[IdleSignal] = frozenset()

    def __init__(self, api: _User32 | None = None) -> None:
        self._api = api or user32()
        self.idle_seconds()

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        """Nothing to start: Windows is polled."""

    def idle_seconds(self) -> float:
        try:
            now, last = self._api.ticks()
        except OSError as error:
            raise IdleUnavailable(str(error)) from None
        return idle_from_ticks(now, last)

    def locked(self) -> bool | None:
        try:
            return self._api.notification_state() == QUNS_NOT_PRESENT
        except OSError as error:
            raise IdleUnavailable(str(error)) from None

    def close(self) -> None:
        """Nothing to release."""
