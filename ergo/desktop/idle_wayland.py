"""Idle time from the Wayland compositor: ``ext-idle-notify-v1``, else ``org_kde_kwin_idle``.

Neither protocol can be asked for the idle time. ergo arms one notification
at ``idle.break_after``: the compositor sends "idled" when no input has come
for that long, and "resumed" at the next input. The idle time is then known
from the moment "idled" arrived (the threshold plus the time since), and is
0 while the user is active. KWin, Hyprland and COSMIC offer the first
protocol; wlroots compositors before 0.17 (sway 1.7) only the second.

A config reload that changes the threshold replaces the notification
(:meth:`WaylandIdle.rearm`). During a break the old one stays until its
"resumed", so the break still ends at the next input.

The connection's receiver thread (``ergo-wayland-idle``) only records the
events, swaps a waiting new notification in, and calls ``notify``; every other
method runs on the idle watcher thread. A compositor that goes away makes
:meth:`WaylandIdle.idle_seconds` raise IdleUnavailable.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping

from ergo.desktop.wayland_wire import Connection, WaylandError, connect
from ergo.ports import IdleSignal, IdleUnavailable

EXT_IDLE = "ext_idle_notifier_v1"
KDE_IDLE = "org_kde_kwin_idle"
SEAT = "wl_seat"

_Notify = Callable[[IdleSignal], None]


def _ignore(signal: IdleSignal) -> None:
    """The notify callback before :meth:`WaylandIdle.start`."""


class WaylandIdle:
    """The compositor's idle notification at the break threshold; see the module docstring.

    ``monotonic`` is the clock the watcher uses (injected by tests).
    """

    signals: frozenset[IdleSignal] = frozenset({"input", "idle"})

    def __init__(
        self,
        env: Mapping[str, str],
        monotonic: Callable[[], float] = time.monotonic,
        make_connection: Callable[[Mapping[str, str]], Connection] = connect,
    ) -> None:
        try:
            self._wayland = make_connection(env)
        except WaylandError as error:
            raise IdleUnavailable(str(error)) from None
        offered = self._wayland.globals
        self._protocol = next((p for p in (EXT_IDLE, KDE_IDLE) if p in offered), None)
        problem = None
        if self._protocol is None:
            problem = f"the compositor offers neither {EXT_IDLE} nor {KDE_IDLE}"
        elif SEAT not in offered:
            problem = "the compositor has no seat (no keyboard or pointer)"
        if problem is not None:
            self._wayland.close()
            raise IdleUnavailable(problem)
        self.name = "ext-idle-notify" if self._protocol == EXT_IDLE else "kde-idle"
        self._monotonic = monotonic
        self._on_change: _Notify = _ignore
        self._threshold = 0.0
        self._idle_since: float | None = None
        self._seat = self._manager = self._watch = 0
        # A new threshold waiting for the break under the old one to end.
        self._waiting: float | None = None
        self._lock = threading.Lock()

    def start(self, break_after: float, notify: _Notify) -> None:
        self._on_change = notify
        wayland = self._wayland
        try:
            self._seat = wayland.bind(SEAT, 1, lambda opcode, payload: None)
            self._manager = wayland.bind(self._protocol, 1, lambda opcode, payload: None)  # type: ignore[arg-type]
            self._arm(break_after)
            wayland.start(self._lost, "ergo-wayland-idle")
        except WaylandError as error:
            raise IdleUnavailable(str(error)) from None

    def rearm(self, break_after: float) -> None:
        """Notify at ``break_after`` from now on (the config changed); during a break,
        once it ends."""
        with self._lock:
            if self._idle_since is not None:
                self._waiting = break_after
                return
            self._waiting = None
            try:
                self._arm(break_after)
            except WaylandError as error:
                raise IdleUnavailable(str(error)) from None

    def _arm(self, break_after: float) -> None:
        """Replace the notification with one at ``break_after`` (with the lock held, or
        before the receiver thread runs)."""
        wayland = self._wayland
        if self._watch:
            # Both protocols: request 0 destroys (releases) the notification.
            wayland.send(self._watch, 0)
            wayland.forget(self._watch)
        self._threshold = break_after
        self._watch = wayland.new_object(self._event)
        milliseconds = max(1, round(break_after * 1000))
        if self._protocol == EXT_IDLE:
            wayland.send(self._manager, 1, "nuo", self._watch, milliseconds, self._seat)
        else:
            wayland.send(self._manager, 0, "nou", self._watch, self._seat, milliseconds)

    def _event(self, opcode: int, payload: bytes) -> None:
        # Both protocols: event 0 is "idle(d)", event 1 "resumed".
        with self._lock:
            if opcode == 0:
                self._idle_since = self._monotonic() - self._threshold
            elif opcode == 1:
                self._idle_since = None
                if self._waiting is not None:
                    waiting, self._waiting = self._waiting, None
                    # A lost connection is reported by _lost; idle_seconds then raises.
                    with contextlib.suppress(WaylandError):
                        self._arm(waiting)
        if opcode in (0, 1):
            self._on_change("idle" if opcode == 0 else "input")

    def _lost(self, reason: str) -> None:
        self._on_change("input")

    def idle_seconds(self) -> float:
        if self._wayland.lost is not None:
            raise IdleUnavailable(f"the Wayland idle notification ended ({self._wayland.lost})")
        since = self._idle_since
        return 0.0 if since is None else max(self._threshold, self._monotonic() - since)

    def locked(self) -> bool | None:
        return None

    def close(self) -> None:
        self._wayland.close()
