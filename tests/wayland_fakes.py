"""A fake Wayland compositor for the pure tests of ergo's Wayland sources.

:class:`FakeCompositor` listens on a Unix socket and answers in the Wayland
wire format: the registry with the globals it is given, ``wl_display.sync``,
``wl_registry.bind``, and the requests of the idle and toplevel protocols,
which it records. The test drives the event stream (:meth:`FakeCompositor.idled`,
:meth:`FakeCompositor.resumed`, :meth:`FakeCompositor.toplevel`, ...) and can
drop the connection like a compositor that exits.
"""

from __future__ import annotations

import socket
import struct
import threading
from pathlib import Path

from ergo.desktop.wayland_wire import DISPLAY_ID, SERVER_IDS, decode, encode, split
from tests.waiting import wait_until


class FakeCompositor:
    """One client at a time; see the module docstring."""

    def __init__(self, folder: Path, globals_: dict[str, int]) -> None:
        self.path = str(folder / "wayland-fake")
        self.globals = globals_
        self.bound: dict[int, str] = {}
        self.requests: list[tuple[str, int, list[object]]] = []
        self.notification: int | None = None
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.path)
        self._listener.listen(4)
        self._client: socket.socket | None = None
        self._connected = threading.Event()
        self._next_server_id = SERVER_IDS
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def env(self) -> dict[str, str]:
        return {"WAYLAND_DISPLAY": self.path}

    # -- events the test sends ----------------------------------------------------------

    def idled(self) -> None:
        self._send(self._wait_for_notification(), 0)

    def resumed(self) -> None:
        self._send(self._wait_for_notification(), 1)

    def toplevel(self, title: str, states: tuple[int, ...]) -> int:
        """Announce a new window with ``title`` and ``states``; return its handle id."""
        manager = self._bound_id("zwlr_foreign_toplevel_manager_v1")
        handle = self._next_server_id
        self._next_server_id += 1
        self._send(manager, 0, "n", handle)
        self._send(handle, 0, "s", title)
        self.set_states(handle, states)
        return handle

    def set_states(self, handle: int, states: tuple[int, ...]) -> None:
        self._send(handle, 4, "a", struct.pack(f"<{len(states)}I", *states))
        self._send(handle, 5)

    def closed(self, handle: int) -> None:
        self._send(handle, 6)

    def drop(self) -> None:
        """Close the client's connection, as a compositor that exits does."""
        client = self._wait_for_client()
        client.shutdown(socket.SHUT_RDWR)
        client.close()

    def close(self) -> None:
        self._listener.close()
        if self._client is not None:
            self._client.close()

    def wait_for_request(self, name: str, timeout: float = 3.0) -> list[object]:
        found = wait_until(lambda: [args for kind, _, args in self.requests if kind == name],
                           timeout, f"a {name} request")
        return found[-1]

    # -- the server ---------------------------------------------------------------------

    def _wait_for_client(self) -> socket.socket:
        assert self._connected.wait(3), "no client connected"
        assert self._client is not None
        return self._client

    def _wait_for_notification(self) -> int:
        return wait_until(lambda: self.notification, 3, "the client to ask for an idle "
                          "notification")

    def _bound_id(self, interface: str) -> int:
        found = wait_until(lambda: [i for i, name in self.bound.items() if name == interface],
                           3, f"{interface} to be bound")
        return found[0]

    def _send(self, object_id: int, opcode: int, signature: str = "", *args: object) -> None:
        client = self._wait_for_client()
        with self._lock:
            client.sendall(encode(object_id, opcode, signature, *args))

    def _serve(self) -> None:
        try:
            client, _ = self._listener.accept()
        except OSError:
            return
        self._client = client
        self._connected.set()
        buffer = bytearray()
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                return
            if not data:
                return
            buffer += data
            for object_id, opcode, payload in split(buffer):
                self._request(object_id, opcode, payload)

    def _request(self, object_id: int, opcode: int, payload: bytes) -> None:
        interface = "wl_display" if object_id == DISPLAY_ID else self.bound.get(object_id, "?")
        if interface == "wl_display" and opcode == 0:  # sync
            (callback,) = decode("n", payload)
            self._send(callback, 0, "u", 0)  # type: ignore[arg-type]
        elif interface == "wl_display" and opcode == 1:  # get_registry
            (registry,) = decode("n", payload)
            self.bound[registry] = "wl_registry"  # type: ignore[index]
            for number, (name, version) in enumerate(self.globals.items(), start=1):
                self._send(registry, 0, "usu", number, name, version)  # type: ignore[arg-type]
        elif interface == "wl_registry" and opcode == 0:  # bind
            _name, bound, version, new = decode("usun", payload)
            self.bound[new] = bound  # type: ignore[index]
            self.requests.append(("bind", object_id, [bound, version]))
        elif interface == "ext_idle_notifier_v1" and opcode == 1:
            new, timeout, seat = decode("nuo", payload)
            self.notification = new  # type: ignore[assignment]
            self.bound[new] = "ext_idle_notification_v1"  # type: ignore[index]
            self.requests.append(("get_idle_notification", object_id, [timeout, seat]))
        elif interface == "org_kde_kwin_idle" and opcode == 0:
            new, seat, timeout = decode("nou", payload)
            self.notification = new  # type: ignore[assignment]
            self.bound[new] = "org_kde_kwin_idle_timeout"  # type: ignore[index]
            self.requests.append(("get_idle_timeout", object_id, [timeout, seat]))
        else:
            self.requests.append((f"{interface}#{opcode}", object_id, [payload]))
