"""Idle time, lock state and sleep from desktop and system services over D-Bus (jeepney).

- :class:`MutterIdle`: GNOME's ``org.gnome.Mutter.IdleMonitor`` (X11 and Wayland).
  Signals both ways: an idle watch at the break threshold (moved when a reload
  changes it) and a user-active watch while the user is away, so the watcher
  never has to poll it.
- :class:`ScreenSaver`: ``org.freedesktop.ScreenSaver`` (KDE and others):
  ``GetSessionIdleTime`` (milliseconds, as KDE implements it), ``GetActive`` and
  the ``ActiveChanged`` signal. ``org.gnome.ScreenSaver`` has the same lock
  methods (GNOME's lock screen) but no idle time.
- :class:`Logind`: systemd-logind on the system bus: the session's
  ``LockedHint`` and ``IdleHint`` (with ``IdleSinceHintMonotonic``) and their
  change signals, and the manager's ``PrepareForSleep``.

Each opens its own bus connection; signal handlers run on that connection's
receiver thread and only call ``notify``. Every other method is called on the
idle watcher thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

from jeepney import DBusAddress, MatchRule, Message

from ergo.desktop.dbus import Bus, BusError
from ergo.ports import IdleSignal, IdleUnavailable

MUTTER = DBusAddress(
    "/org/gnome/Mutter/IdleMonitor/Core",
    bus_name="org.gnome.Mutter.IdleMonitor",
    interface="org.gnome.Mutter.IdleMonitor",
)
FREEDESKTOP_SCREENSAVER = DBusAddress(
    "/org/freedesktop/ScreenSaver",
    bus_name="org.freedesktop.ScreenSaver",
    interface="org.freedesktop.ScreenSaver",
)
GNOME_SCREENSAVER = DBusAddress(
    "/org/gnome/ScreenSaver", bus_name="org.gnome.ScreenSaver", interface="org.gnome.ScreenSaver"
)
LOGIN = DBusAddress(
    "/org/freedesktop/login1",
    bus_name="org.freedesktop.login1",
    interface="org.freedesktop.login1.Manager",
)
SESSION_INTERFACE = "org.freedesktop.login1.Session"

_Notify = Callable[[IdleSignal], None]


def _ignore(signal: IdleSignal) -> None:
    """The notify callback before :meth:`start`."""


def _connect(which: str, service: str) -> Bus:
    try:
        bus = Bus(which)
    except BusError as error:
        raise IdleUnavailable(str(error)) from None
    try:
        owned = bus.has_owner(service)
    except BusError as error:
        bus.close()
        raise IdleUnavailable(str(error)) from None
    if not owned:
        bus.close()
        raise IdleUnavailable(f"nothing provides {service} on the {which.lower()} bus")
    return bus


class MutterIdle:
    """GNOME's idle monitor; the screen lock comes from another source."""

    name = "mutter"
    signals: frozenset[IdleSignal] = frozenset({"input", "idle"})

    def __init__(self) -> None:
        self._bus = _connect("SESSION", MUTTER.bus_name)
        self._on_change: _Notify = _ignore
        self._threshold = 0.0
        self._idle_watch: int | None = None
        # Counts user-active watches fired; compared with the count when the last one was
        # added, so a new one is added once per break (no lock shared with the receiver).
        self._inputs = 0
        self._armed_at: int | None = None
        self.idle_seconds()

    def start(self, break_after: float, notify: _Notify) -> None:
        self._on_change = notify
        self._threshold = break_after
        rule = MatchRule(
            type="signal", interface=MUTTER.interface, member="WatchFired", path=MUTTER.object_path
        )
        try:
            self._bus.subscribe(rule, self._fired)
            (self._idle_watch,) = self._bus.call(
                MUTTER, "AddIdleWatch", "t", (round(break_after * 1000),)
            )
        except BusError as error:
            raise IdleUnavailable(str(error)) from None

    def rearm(self, break_after: float) -> None:
        """Move the idle watch to ``break_after`` (a config reload changed it)."""
        try:
            if self._idle_watch is not None:
                self._bus.call(MUTTER, "RemoveWatch", "u", (self._idle_watch,))
            (self._idle_watch,) = self._bus.call(
                MUTTER, "AddIdleWatch", "t", (round(break_after * 1000),)
            )
        except BusError as error:
            raise IdleUnavailable(str(error)) from None
        self._threshold = break_after

    def _fired(self, message: Message) -> None:
        (watch,) = message.body
        if watch == self._idle_watch:
            self._on_change("idle")
        else:
            self._inputs += 1
            self._on_change("input")

    def idle_seconds(self) -> float:
        try:
            (milliseconds,) = self._bus.call(MUTTER, "GetIdletime")
            idle = milliseconds / 1000
            if self._threshold and idle >= self._threshold and self._armed_at != self._inputs:
                # A user-active watch fires once, on the next input, then is gone.
                self._armed_at = self._inputs
                self._bus.call(MUTTER, "AddUserActiveWatch")
        except BusError as error:
            raise IdleUnavailable(str(error)) from None
        return idle

    def locked(self) -> bool | None:
        return None

    def close(self) -> None:
        self._bus.close()


class ScreenSaver:
    """A screen saver service: the lock state and its signal, and the idle time when
    ``address`` is the freedesktop one."""

    signals: frozenset[IdleSignal] = frozenset({"lock"})

    def __init__(self, address: DBusAddress = FREEDESKTOP_SCREENSAVER) -> None:
        self._address = address
        self.name = "gnome-screensaver" if address is GNOME_SCREENSAVER else "screensaver"
        self._bus = _connect("SESSION", address.bus_name)
        self._on_change: _Notify = _ignore
        self.locked()
        #: Why this service gives no idle time, if it does not (KWin on Wayland answers
        #: NotSupported); its lock state is still good.
        self.no_idle: str | None = None
        try:
            self.idle_seconds()
        except IdleUnavailable as error:
            self.no_idle = str(error)

    def start(self, break_after: float, notify: _Notify) -> None:
        self._on_change = notify
        rule = MatchRule(
            type="signal",
            interface=self._address.interface,
            member="ActiveChanged",
            path=self._address.object_path,
        )
        try:
            self._bus.subscribe(rule, lambda message: self._on_change("lock"))
        except BusError as error:
            raise IdleUnavailable(str(error)) from None

    def idle_seconds(self) -> float:
        if self._address is not FREEDESKTOP_SCREENSAVER:
            raise IdleUnavailable(f"{self._address.bus_name} has no idle time")
        try:
            (milliseconds,) = self._bus.call(self._address, "GetSessionIdleTime")
        except BusError as error:
            raise IdleUnavailable(str(error)) from None
        return milliseconds / 1000

    def locked(self) -> bool | None:
        try:
            (active,) = self._bus.call(self._address, "GetActive")
        except BusError as error:
            raise IdleUnavailable(str(error)) from None
        return bool(active)

    def close(self) -> None:
        self._bus.close()


class Logind:
    """systemd-logind: this session's lock and idle hints, and sleep signals.

    The session is ``XDG_SESSION_ID`` in ``env``, else the one this process runs
    in. Without a session (an ssh login, a container) only sleep is reported.
    """

    name = "logind"

    def __init__(self, env: Mapping[str, str]) -> None:
        self._bus = _connect("SYSTEM", LOGIN.bus_name)
        self._on_change: _Notify = _ignore
        self.session: DBusAddress | None = None
        self.no_session: str | None = None
        session_id = env.get("XDG_SESSION_ID", "")
        try:
            if session_id:
                (path,) = self._bus.call(LOGIN, "GetSession", "s", (session_id,))
            else:
                (path,) = self._bus.call(LOGIN, "GetSessionByPID", "u", (os.getpid(),))
        except BusError as error:
            self.no_session = f"no logind session for ergo ({error})"
        else:
            self.session = DBusAddress(path, bus_name=LOGIN.bus_name, interface=SESSION_INTERFACE)
            self.locked()
        self.signals: frozenset[IdleSignal] = frozenset(
            {"sleep", "resume", "lock", "idle", "input"} if self.session else {"sleep", "resume"}
        )

    def start(self, break_after: float, notify: _Notify) -> None:
        self._on_change = notify
        try:
            self._bus.subscribe(
                MatchRule(type="signal", interface=LOGIN.interface, member="PrepareForSleep",
                          path=LOGIN.object_path),
                self._sleep,
            )
            if self.session is not None:
                self._bus.subscribe(
                    MatchRule(type="signal", interface="org.freedesktop.DBus.Properties",
                              member="PropertiesChanged", path=self.session.object_path),
                    self._changed,
                )
        except BusError as error:
            raise IdleUnavailable(str(error)) from None

    def _sleep(self, message: Message) -> None:
        (going,) = message.body
        self._on_change("sleep" if going else "resume")

    def _changed(self, message: Message) -> None:
        interface, changed, invalidated = message.body
        if interface != SESSION_INTERFACE:
            return
        names = set(changed) | set(invalidated)
        if "LockedHint" in names:
            self._on_change("lock")
        if "IdleHint" in names:
            idle = changed.get("IdleHint", ("b", True))[1]
            self._on_change("idle" if idle else "input")

    def idle_seconds(self) -> float:
        session = self._need_session()
        try:
            if not self._bus.get(session, "IdleHint"):
                return 0.0
            since = self._bus.get(session, "IdleSinceHintMonotonic")
        except BusError as error:
            raise IdleUnavailable(str(error)) from None
        # logind's monotonic clock is CLOCK_MONOTONIC, as is time.monotonic on Linux.
        return max(0.0, time.monotonic() - since / 1e6)

    def locked(self) -> bool | None:
        if self.session is None:
            return None
        try:
            return bool(self._bus.get(self.session, "LockedHint"))
        except BusError as error:
            raise IdleUnavailable(str(error)) from None

    def _need_session(self) -> DBusAddress:
        if self.session is None:
            raise IdleUnavailable(self.no_session or "no logind session")
        return self.session

    def close(self) -> None:
        self._bus.close()
