"""A StatusNotifierWatcher and a panel-like host for tests, written with jeepney.

:class:`Watcher` owns ``org.kde.StatusNotifierWatcher`` on a session bus and
answers on its own thread, recording every item that registers. :class:`Host`
reads an item the way panels do (properties, icon, menu layout) and clicks its
menu entries through ``Event``, with plain blocking calls.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    new_error,
    new_method_call,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import MatchRule, message_bus
from jeepney.io.blocking import open_dbus_connection

from tests.waiting import wait_until

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"


class Watcher:
    """A minimal StatusNotifierWatcher; :meth:`stop` releases its name, as a panel
    that quits does.

    With ``query_first`` it reads a registering item's properties *before* it
    answers ``RegisterStatusNotifierItem``, as XFCE's panel does; the answers go to
    :attr:`answers_before_reply`.
    """

    def __init__(self, address: str, *, query_first: bool = False) -> None:
        self.items: list[str] = []
        self.query_first = query_first
        self.answers_before_reply: list[dict[str, Any]] = []
        self.registered = threading.Event()
        self._connection = open_dbus_connection(bus=address)
        reply = self._connection.send_and_get_reply(message_bus.RequestName(WATCHER, 4))
        if reply.body[0] != 1:
            raise RuntimeError(f"cannot own {WATCHER} (RequestName answered {reply.body[0]})")
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="test-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        self._thread.join(5)
        self._connection.close()

    def wait_for_item(self, count: int = 1, timeout: float = 5) -> str:
        """Wait until ``count`` registrations have arrived; return the last service name."""
        wait_until(lambda: len(self.items) >= count, timeout,
                   f"{count} item registrations")
        return self.items[-1]

    def _serve(self) -> None:
        while not self._stopping:
            try:
                message = self._connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return  # the bus went away first
            if message.header.message_type is MessageType.method_call:
                self._connection.send(self._answer(message))

    def _answer(self, message: Any) -> Any:
        member = message.header.fields.get(HeaderFields.member)
        if member == "RegisterStatusNotifierItem":
            service = message.body[0]
            if self.query_first:
                query = new_method_call(DBusAddress("/StatusNotifierItem", service, PROPERTIES),
                                        "GetAll", "s", (ITEM,))
                answer = self._connection.send_and_get_reply(query, timeout=5)
                self.answers_before_reply.append(answer.body[0])
            self.items.append(service)
            self.registered.set()
            self._connection.send(new_signal(
                DBusAddress("/StatusNotifierWatcher", interface=WATCHER),
                "StatusNotifierItemRegistered", "s", (service,),
            ))
            return new_method_return(message)
        if member == "Get" and message.body[1] == "RegisteredStatusNotifierItems":
            return new_method_return(message, "v", (("as", list(self.items)),))
        if member == "Get" and message.body[1] == "IsStatusNotifierHostRegistered":
            return new_method_return(message, "v", (("b", True),))
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))


class Host:
    """Reads and clicks one StatusNotifierItem, as a panel would."""

    def __init__(self, address: str, service: str) -> None:
        self._connection = open_dbus_connection(bus=address)
        self.service = service

    def close(self) -> None:
        self._connection.close()

    def call(self, path: str, interface: str, member: str, signature: str | None = None,
              body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        message = new_method_call(DBusAddress(path, self.service, interface), member,
                                  signature, body)
        reply = self._connection.send_and_get_reply(message, timeout=5)
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"{member}: {reply.header.fields.get(HeaderFields.error_name)}")
        return reply.body

    def listen(self, interface: str, member: str) -> deque[Any]:
        """Start collecting the signals ``interface.member``; return the deque they
        are put in by :meth:`wait_for_signal` (and by every other call's wait)."""
        rule = MatchRule(type="signal", interface=interface, member=member)
        self._connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        found: deque[Any] = deque()
        self._connection.filter(rule, queue=found)
        return found

    def wait_for_signal(self, found: deque[Any], timeout: float = 5) -> Any:
        """Return the oldest collected signal's body, waiting for one if there is none."""
        return self._connection.recv_until_filtered(found, timeout=timeout).body

    def get(self, name: str) -> Any:
        """Return one StatusNotifierItem property (as LXQt reads them: one Get each)."""
        return self.call("/StatusNotifierItem", PROPERTIES, "Get", "ss", (ITEM, name))[0][1]

    def get_all(self, interface: str = ITEM) -> dict[str, Any]:
        """Return every property of ``interface`` (as XFCE reads them)."""
        props = self.call("/StatusNotifierItem", PROPERTIES, "GetAll", "s", (interface,))[0]
        return {name: value for name, (_sig, value) in props.items()}

    def menu_path(self) -> str:
        return self.get("Menu")

    def layout(self, names: tuple[str, ...] = ()) -> tuple[int, Any]:
        """Return (revision, layout) of the whole menu."""
        return self.call(self.menu_path(), MENU, "GetLayout", "iias", (0, -1, list(names)))

    def activate(self) -> None:
        self.call("/StatusNotifierItem", ITEM, "Activate", "ii", (0, 0))

    def click(self, ident: int) -> None:
        self.call(self.menu_path(), MENU, "Event", "isvu", (ident, "clicked", ("i", 0), 0))

    def click_group(self, idents: list[int]) -> list[int]:
        events = [(ident, "clicked", ("i", 0), 0) for ident in idents]
        return self.call(self.menu_path(), MENU, "EventGroup", "a(isvu)", (events,))[0]

    def find(self, *labels: str) -> int:
        """Return the id of the entry reached by following ``labels`` from the top
        (each a prefix of an entry's label)."""
        _revision, node = self.layout()
        for label in labels:
            children = [child for _sig, child in node[2]]
            node = next(c for c in children if c[1].get("label", ("s", ""))[1].startswith(label))
        return node[0]


def labels(node: Any) -> list[str]:
    """Return the labels of a layout node's children, separators as ``---``."""
    result = []
    for _sig, child in node[2]:
        props = child[1]
        if props.get("type", ("s", ""))[1] == "separator":
            result.append("---")
        else:
            result.append(props["label"][1])
    return result
