"""A small D-Bus client over jeepney for the idle, lock, sleep and do-not-disturb adapters.

One :class:`Bus` is one connection to the session or system bus with jeepney's
receiver thread, which matches replies to calls and hands signals to the
handlers given to :meth:`Bus.subscribe`. Handlers run on that receiver thread:
they must not call the bus (the reply could never be received) and must return
quickly. Calls may be made from any other thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MatchRule,
    Message,
    Properties,
    message_bus,
    new_method_call,
)
from jeepney.io import RouterClosed
from jeepney.io.common import ReplyMatcher
from jeepney.io.threading import DBusRouter, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

#: Seconds to wait for a reply: these are local services that answer at once.
TIMEOUT = 2.0
#: The freedesktop notification server, used by the notifier and the do-not-disturb detectors.
NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)


class BusError(Exception):
    """A bus could not be reached or a call failed; the message says why in plain words."""


class BusTimeout(BusError):
    """A call got no reply in time; the reply may still come (and is then dropped)."""


class _Sink:
    """Hands matched messages to a handler; jeepney's router only calls ``put_nowait``."""

    def __init__(self, handler: Callable[[Message], None]) -> None:
        self._handler = handler

    def put_nowait(self, message: Message) -> None:
        self._handler(message)


class _FirstReplyMatcher(ReplyMatcher):
    """Matches replies to calls, keeping the first answer to each call.

    Some servers answer one call twice: mako 1.7 (Debian 12) answers
    ``GetCapabilities`` with its reply and then an UnknownMethod error. jeepney's own
    matcher raises on the second answer, on its receiver thread, which ends that
    thread and with it every call on the connection.
    """

    def dispatch(self, msg: Message) -> bool:
        future = self._futures.get(msg.header.fields.get(HeaderFields.reply_serial, -1))
        if future is not None and future.done():
            return True
        return bool(super().dispatch(msg))


class _Router(DBusRouter):
    """jeepney's threaded router with :class:`_FirstReplyMatcher`."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn)
        # Set before the first call: the receiver thread looks the matcher up per message.
        self._replies = _FirstReplyMatcher()


class Bus:
    """A connection to ``which`` ("SESSION" or "SYSTEM"); raise BusError if there is none."""

    def __init__(self, which: str) -> None:
        self.which = which
        try:
            self._conn = open_dbus_connection(which)
        except KeyError:
            raise BusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)") from None
        except (OSError, ValueError, TimeoutError) as error:
            raise BusError(f"cannot connect to the {which.lower()} bus ({_text(error)})") from None
        self._router = _Router(self._conn)
        self._filters: list[Any] = []
        self._closed = False

    def call(
        self,
        address: DBusAddress,
        method: str,
        signature: str | None = None,
        body: tuple = (),
        interface: str | None = None,
    ) -> tuple:
        """Call ``method`` and return the reply's body; raise BusError when it fails."""
        message = new_method_call(
            address.with_interface(interface) if interface else address, method, signature, body
        )
        return self._send(message, f"{address.bus_name} {method}")

    def get(self, address: DBusAddress, name: str) -> Any:
        """Return the value of property ``name`` of ``address``'s interface."""
        (variant,) = self._send(Properties(address).get(name), f"{address.bus_name} {name}")
        return variant[1]

    def has_owner(self, name: str) -> bool:
        """Return whether a service owns ``name`` on this bus (never starts one)."""
        return bool(self._send(message_bus.NameHasOwner(name), "NameHasOwner")[0])

    def subscribe(self, rule: MatchRule, handler: Callable[[Message], None]) -> None:
        """Ask the bus for the signals ``rule`` matches and pass each to ``handler``
        (on the receiver thread)."""
        self._send(message_bus.AddMatch(rule), "AddMatch")
        self._filters.append(self._router.filter(rule, queue=_Sink(handler)))

    def close(self) -> None:
        """Stop receiving and close the connection; harmless twice."""
        # jeepney's router raises ValueError when closed a second time.
        if self._closed:
            return
        self._closed = True
        for handle in self._filters:
            handle.close()
        self._filters.clear()
        with contextlib.suppress(OSError):
            self._router.close()
            self._conn.close()

    def _send(self, message: Message, what: str) -> tuple:
        try:
            reply = self._router.send_and_get_reply(message, timeout=TIMEOUT)
            return unwrap_msg(reply)
        except DBusErrorResponse as error:
            raise BusError(f"{what}: {error.name}: {' '.join(map(str, error.data))}") from None
        except TimeoutError:
            raise BusTimeout(f"{what}: no answer within {TIMEOUT:g} s") from None
        except (OSError, RouterClosed) as error:
            raise BusError(f"{what}: {_text(error)}") from None


def _text(error: BaseException) -> str:
    return str(error) or type(error).__name__
