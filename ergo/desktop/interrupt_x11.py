"""Is a full-screen window focused? Read from the window manager's EWMH hints on X11.

The window manager names the focused window in the root window's
``_NET_ACTIVE_WINDOW`` and marks a full-screen one with
``_NET_WM_STATE_FULLSCREEN`` in its ``_NET_WM_STATE``. Two property reads per
look, on the watcher thread's own X connection. Without a window manager
(or under Wayland, for native Wayland windows) nothing is reported.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from ergo.ports import DetectorUnavailable


class FullscreenX11:
    """Reports a presentation or video while the focused window is full screen."""

    name = "fullscreen-x11"
    reason = "fullscreen"

    def __init__(self, env: Mapping[str, str]) -> None:
        name = env.get("DISPLAY")
        if not name:
            raise DetectorUnavailable("no X display (DISPLAY is not set)")
        try:
            from Xlib import X, error

            from ergo.desktop.xdisplay import open_display
        except ImportError:
            raise DetectorUnavailable("python-xlib is not installed") from None
        self._any, self._error = X.AnyPropertyType, error
        try:
            self._display = open_display(name)
        except Exception as failure:
            # python-xlib raises its own DisplayError family, or OSError from the socket.
            raise DetectorUnavailable(f"cannot open X display {name} ({failure})") from None
        atom = self._display.intern_atom
        self._active = atom("_NET_ACTIVE_WINDOW")
        self._state = atom("_NET_WM_STATE")
        self._fullscreen = atom("_NET_WM_STATE_FULLSCREEN")
        self._wm_name = atom("_NET_WM_NAME")
        self._root = self._display.screen().root

    def check(self) -> str | None:
        try:
            active = self._root.get_full_property(self._active, self._any)
            if active is None or not len(active.value) or not active.value[0]:
                return None
            window = self._display.create_resource_object("window", int(active.value[0]))
            state = window.get_full_property(self._state, self._any)
            if state is None or self._fullscreen not in state.value:
                return None
            title = window.get_full_property(self._wm_name, self._any)
        except self._error.BadWindow:
            # The window closed between the two reads.
            return None
        except (self._error.XError, self._error.ConnectionClosedError, OSError) as failure:
            raise DetectorUnavailable(f"the X server stopped answering ({failure})") from None
        name = _text(title.value) if title is not None else ""
        return f"full-screen window{': ' + name if name else ''}"

    def close(self) -> None:
        with contextlib.suppress(self._error.ConnectionClosedError, OSError):
            self._display.close()


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
