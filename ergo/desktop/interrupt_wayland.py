"""Is a full-screen window focused? Read from wlroots' foreign-toplevel list on Wayland.

``zwlr_foreign_toplevel_manager_v1`` (sway, Hyprland, labwc, river and other
wlroots compositors) announces every toplevel window with its title and
state; a state of "activated" plus "fullscreen" is the focused full-screen
window, native or Xwayland. GNOME and KDE do not offer this protocol to
ordinary programs, so there the detector is unavailable.

The connection's receiver thread (``ergo-wayland-windows``) keeps the window
states; :meth:`FullscreenWlroots.check` runs on the idle watcher thread and
only reads them.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ergo.desktop.wayland_wire import SERVER_IDS, Connection, WaylandError, connect, decode
from ergo.ports import DetectorUnavailable

MANAGER = "zwlr_foreign_toplevel_manager_v1"
ACTIVATED, FULLSCREEN = 2, 3
# zwlr_foreign_toplevel_handle_v1 events and its destroy request.
_TITLE, _STATE, _DONE, _CLOSED = 0, 4, 5, 6
_DESTROY = 7


@dataclass
class Toplevel:
    """One window as the compositor last described it (``pending`` until "done")."""

    title: str = ""
    states: frozenset[int] = frozenset()
    pending_title: str | None = None
    pending_states: frozenset[int] | None = None


class FullscreenWlroots:
    """Reports a presentation or video while the focused window is full screen."""

    name = "fullscreen-wlroots"
    reason = "fullscreen"

    def __init__(
        self,
        env: Mapping[str, str],
        make_connection: Callable[[Mapping[str, str]], Connection] = connect,
    ) -> None:
        try:
            self._wayland = make_connection(env)
            if MANAGER not in self._wayland.globals:
                self._wayland.close()
                raise DetectorUnavailable(
                    f"the compositor offers no {MANAGER}: only wlroots compositors (sway, "
                    "Hyprland, labwc) let programs see other windows; GNOME and KDE do not"
                )
            self._windows: dict[int, Toplevel] = {}
            self._wayland.bind(MANAGER, 3, self._manager_event)
            self._wayland.roundtrip()
            self._wayland.start(lambda reason: None, "ergo-wayland-windows")
        except WaylandError as error:
            raise DetectorUnavailable(str(error)) from None

    def _manager_event(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:
            (handle,) = decode("n", payload)
            if not isinstance(handle, int) or handle < SERVER_IDS:
                return
            self._windows[handle] = Toplevel()
            self._wayland.handle(handle, lambda op, data: self._window_event(handle, op, data))

    def _window_event(self, handle: int, opcode: int, payload: bytes) -> None:
        window = self._windows.get(handle)
        if window is None:
            return
        if opcode == _TITLE:
            (title,) = decode("s", payload)
            window.pending_title = str(title or "")
        elif opcode == _STATE:
            (data,) = decode("a", payload)
            count = len(data) // 4  # type: ignore[arg-type]
            window.pending_states = frozenset(struct.unpack(f"<{count}I", data[:count * 4]))  # type: ignore[index]
        elif opcode == _DONE:
            if window.pending_title is not None:
                window.title, window.pending_title = window.pending_title, None
            if window.pending_states is not None:
                window.states, window.pending_states = window.pending_states, None
        elif opcode == _CLOSED:
            del self._windows[handle]
            self._wayland.forget(handle)
            try:
                self._wayland.send(handle, _DESTROY)
            except WaylandError:
                return

    def check(self) -> str | None:
        if self._wayland.lost is not None:
            raise DetectorUnavailable(f"the compositor's window list ended ({self._wayland.lost})")
        for window in list(self._windows.values()):
            if {ACTIVATED, FULLSCREEN} <= window.states:
                return f"full-screen window{': ' + window.title if window.title else ''}"
        return None

    def close(self) -> None:
        self._wayland.close()
