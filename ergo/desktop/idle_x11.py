"""Idle time on X11 from the MIT-SCREEN-SAVER extension, through python-xlib.

The X server counts the milliseconds since the last input event of any client
(keyboard, pointer, XTEST), so this works under every X11 desktop. It cannot
tell whether the screen is locked (``locked`` returns None) and sends no
signal for input, so the watcher polls it. Its connection is used by the
watcher thread only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping

from ergo.ports import IdleSignal, IdleUnavailable


class X11Idle:
    """Reads the idle time of the display named by ``DISPLAY`` in ``env``."""

    name = "x11"
    signals: frozenset[IdleSignal] = frozenset()

    def __init__(self, env: Mapping[str, str]) -> None:
        name = env.get("DISPLAY")
        if not name:
            raise IdleUnavailable("no X display (DISPLAY is not set)")
        try:
            from Xlib import error

            from ergo.desktop.xdisplay import open_display
        except ImportError:
            raise IdleUnavailable("python-xlib is not installed") from None
        self._error = error
        try:
            self._display = open_display(name, ("MIT-SCREEN-SAVER",))
        except Exception as failure:
            # python-xlib raises its own DisplayError family, or OSError from the socket.
            raise IdleUnavailable(f"cannot open X display {name} ({failure})") from None
        if not self._display.has_extension("MIT-SCREEN-SAVER"):
            self._display.close()
            raise IdleUnavailable(f"the X server at {name} lacks the MIT-SCREEN-SAVER extension")
        self._root = self._display.screen().root
        self.idle_seconds()

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        """Nothing to start: the X server is polled."""

    def idle_seconds(self) -> float:
        try:
            return self._root.screensaver_query_info().idle / 1000
        except (self._error.XError, self._error.ConnectionClosedError, OSError) as failure:
            raise IdleUnavailable(f"the X server stopped answering ({failure})") from None

    def locked(self) -> bool | None:
        return None

    def close(self) -> None:
        with contextlib.suppress(self._error.ConnectionClosedError, OSError):
            self._display.close()
