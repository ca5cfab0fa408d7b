"""Small D-Bus services for tests, speaking the real protocol on a private bus (jeepney).

:func:`start_bus` runs a private ``dbus-daemon``; each :class:`Service` owns a
well-known name on it, answers method calls and ``org.freedesktop.DBus.Properties``
on its own thread, and emits signals when the test changes something. The
services implement the parts of GNOME's Mutter idle monitor, the freedesktop
screen saver, systemd-logind and the notification server that ergo uses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import HeaderFields

from tests.desktop.session import start_bus_daemon

#: A private bus daemon with its socket in a folder, and its address once it is ready.
start_bus = start_bus_daemon

PROPERTIES = "org.freedesktop.DBus.Properties"

Handler = Callable[..., tuple[str, tuple]]


class Service:
    """Owns ``name`` on the bus at ``address`` and serves ``path``.

    ``methods`` maps (interface, member) to a function of the call's arguments
    returning (signature, body); ``objects`` maps each object path to its
    properties, (interface, name) to (signature, value); ``properties`` are those
    of ``path``. Property changes through :meth:`set` emit ``PropertiesChanged``.
    """

    def __init__(self, address: str, name: str, path: str) -> None:
        self.name, self.path = name, path
        self.methods: dict[tuple[str, str], Handler] = {}
        self.objects: dict[str, dict[tuple[str, str], tuple[str, Any]]] = {path: {}}
        self.properties = self.objects[path]
        self.calls: list[tuple[str, tuple]] = []
        self._conn = open_dbus_connection(address)
        self._send_lock = threading.Lock()
        self._stop = threading.Event()
        self._conn.send_and_get_reply(message_bus.RequestName(name, 4))
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> Service:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._conn.close()

    def emit(
        self, interface: str, member: str, signature: str | None, body: tuple,
        path: str | None = None,
    ) -> None:
        emitter = DBusAddress(path or self.path, interface=interface)
        self._send(new_signal(emitter, member, signature, body))

    def set(self, interface: str, name: str, value: Any, path: str | None = None) -> None:
        properties = self.objects[path or self.path]
        signature, _ = properties[(interface, name)]
        properties[(interface, name)] = (signature, value)
        self.emit(PROPERTIES, "PropertiesChanged", "sa{sv}as",
                  (interface, {name: (signature, value)}, []), path)

    def _send(self, message: Any) -> None:
        with self._send_lock:
            self._conn.send(message)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                message = self._conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type is not MessageType.method_call:
                continue
            self._send(self._answer(message))

    def _answer(self, message: Any) -> Any:
        fields = message.header.fields
        interface = fields.get(HeaderFields.interface, "")
        member = fields[HeaderFields.member]
        properties = self.objects.get(fields[HeaderFields.path], {})
        self.calls.append((member, tuple(message.body)))
        if interface == PROPERTIES and member == "Get":
            key = tuple(message.body)
            if key not in properties:
                return new_error(message, "org.freedesktop.DBus.Error.UnknownProperty", "s",
                                 (f"no property {key[1]}",))
            return new_method_return(message, "v", (properties[key],))
        if interface == PROPERTIES and member == "GetAll":
            (wanted,) = message.body
            values = {name: value for (iface, name), value in properties.items()
                      if iface == wanted}
            return new_method_return(message, "a{sv}", (values,))
        handler = self.methods.get((interface, member))
        if handler is None:
            return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s",
                             (f"no method {interface}.{member}",))
        try:
            signature, body = handler(*message.body)
        except LookupError as error:
            return new_error(message, "org.freedesktop.DBus.Error.Failed", "s", (str(error),))
        return new_method_return(message, signature, body)


MUTTER_INTERFACE = "org.gnome.Mutter.IdleMonitor"


class FakeMutter(Service):
    """GNOME's idle monitor: idle time set by the test; watches fire as Mutter's do."""

    def __init__(self, address: str) -> None:
        super().__init__(address, "org.gnome.Mutter.IdleMonitor",
                         "/org/gnome/Mutter/IdleMonitor/Core")
        self.idle_ms = 0
        self.idle_watches: dict[int, int] = {}
        self.active_watches: set[int] = set()
        self._ids = iter(range(1, 10_000))
        self.methods.update({
            (MUTTER_INTERFACE, "GetIdletime"): lambda: ("t", (self.idle_ms,)),
            (MUTTER_INTERFACE, "AddIdleWatch"): self._add_idle,
            (MUTTER_INTERFACE, "AddUserActiveWatch"): self._add_active,
            (MUTTER_INTERFACE, "RemoveWatch"): self._remove,
        })

    def _add_idle(self, interval: int) -> tuple[str, tuple]:
        watch = next(self._ids)
        self.idle_watches[watch] = interval
        return "u", (watch,)

    def _add_active(self) -> tuple[str, tuple]:
        watch = next(self._ids)
        self.active_watches.add(watch)
        return "u", (watch,)

    def _remove(self, watch: int) -> tuple[str, tuple]:
        self.idle_watches.pop(watch, None)
        self.active_watches.discard(watch)
        return "", ()

    def go_idle(self, milliseconds: int) -> None:
        """No input for ``milliseconds``: idle watches with a shorter interval fire."""
        before, self.idle_ms = self.idle_ms, milliseconds
        for watch, interval in list(self.idle_watches.items()):
            if before < interval <= milliseconds:
                self.emit(MUTTER_INTERFACE, "WatchFired", "u", (watch,))

    def input(self) -> None:
        """The user touches the keyboard: user-active watches fire once and are gone."""
        self.idle_ms = 0
        for watch in sorted(self.active_watches):
            self.emit(MUTTER_INTERFACE, "WatchFired", "u", (watch,))
        self.active_watches.clear()


SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"


class FakeScreenSaver(Service):
    """The freedesktop screen saver (as KDE provides it): idle time in ms and lock state."""

    def __init__(self, address: str) -> None:
        super().__init__(address, "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
        self.idle_ms = 0
        self.active = False
        self.methods.update({
            (SCREENSAVER_INTERFACE, "GetSessionIdleTime"): lambda: ("u", (self.idle_ms,)),
            (SCREENSAVER_INTERFACE, "GetActive"): lambda: ("b", (self.active,)),
        })

    def lock(self, active: bool) -> None:
        self.active = active
        self.emit(SCREENSAVER_INTERFACE, "ActiveChanged", "b", (active,))


MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
SESSION_PATH = "/org/freedesktop/login1/session/_32"


class FakeLogind(Service):
    """systemd-logind's manager and one session (``2``), on the system bus."""

    def __init__(self, address: str) -> None:
        super().__init__(address, "org.freedesktop.login1", "/org/freedesktop/login1")
        self.methods.update({
            (MANAGER, "GetSession"): self._session,
            (MANAGER, "GetSessionByPID"): lambda pid: ("o", (SESSION_PATH,)),
        })
        self.objects[SESSION_PATH] = {
            (SESSION, "LockedHint"): ("b", False),
            (SESSION, "IdleHint"): ("b", False),
            (SESSION, "IdleSinceHintMonotonic"): ("t", 0),
        }

    def set_session(self, name: str, value: Any) -> None:
        self.set(SESSION, name, value, SESSION_PATH)

    def _session(self, session_id: str) -> tuple[str, tuple]:
        if session_id != "2":
            raise LookupError(session_id)
        return "o", (SESSION_PATH,)

    def sleep(self, going: bool) -> None:
        self.emit(MANAGER, "PrepareForSleep", "b", (going,))


NOTIFICATIONS_INTERFACE = "org.freedesktop.Notifications"


class FakeNotifications(Service):
    """A notification server with the ``Inhibited`` property of spec version 1.3.

    It answers ``Notify`` (kept in :attr:`notified` as the call's arguments, with the id
    it returned), ``CloseNotification`` and ``GetCapabilities``; ``actions`` decides
    whether it advertises buttons. :meth:`invoke` and :meth:`closed` send the signals a
    real server sends when the user clicks a button or closes a notification.
    """

    def __init__(self, address: str, inhibited_property: bool = True,
                 actions: bool = True) -> None:
        super().__init__(address, "org.freedesktop.Notifications",
                         "/org/freedesktop/Notifications")
        self.notified: list[tuple[int, tuple]] = []
        self._ids = iter(range(1, 10_000))
        capabilities = ["body", "icon-static", *(["actions"] if actions else [])]
        self.methods.update({
            (NOTIFICATIONS_INTERFACE, "GetServerInformation"): lambda: (
                "ssss", ("fake-notifyd", "ergo tests", "1.0", "1.3")),
            (NOTIFICATIONS_INTERFACE, "GetCapabilities"): lambda: ("as", (capabilities,)),
            (NOTIFICATIONS_INTERFACE, "Notify"): self._notify,
            (NOTIFICATIONS_INTERFACE, "CloseNotification"): lambda nid: ("", ()),
        })
        if inhibited_property:
            self.properties[(NOTIFICATIONS_INTERFACE, "Inhibited")] = ("b", False)

    def _notify(self, *args: Any) -> tuple[str, tuple]:
        nid = args[1] or next(self._ids)
        self.notified.append((nid, args))
        return "u", (nid,)

    def invoke(self, nid: int, key: str) -> None:
        self.emit(NOTIFICATIONS_INTERFACE, "ActionInvoked", "us", (nid, key))

    def closed(self, nid: int, reason: int) -> None:
        self.emit(NOTIFICATIONS_INTERFACE, "NotificationClosed", "uu", (nid, reason))


class TwiceAnsweringNotifications(FakeNotifications):
    """A notification server that answers every call twice, with its reply and then an
    UnknownMethod error, as mako 1.7 (Debian 12) answers ``GetCapabilities``."""

    def _answer(self, message: Any) -> Any:
        self._send(super()._answer(message))
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s",
                         ("Unknown method or interface",))
