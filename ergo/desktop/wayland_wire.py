"""A small client of the Wayland wire protocol, in pure Python (no libwayland).

ergo only listens to a few compositor globals (idle notifications, the list of
toplevel windows), so it speaks the protocol itself, as the D-Bus code speaks
D-Bus through jeepney: a Unix socket, messages of an object id, an opcode and
little-endian arguments. Only the argument types those globals use are
supported (int, uint, string, object, new_id, array); no file descriptors.

:class:`Connection` is made and set up (:meth:`Connection.roundtrip`,
:meth:`Connection.bind`) on one thread; :meth:`Connection.start` then hands
reading to its own receiver thread, which calls the handlers. Requests may be
sent from any thread. A lost compositor (socket closed, protocol error) is
reported once to the ``on_lost`` callback given to :meth:`Connection.start`.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ergo.desktop.wayland_socket import WaylandError, socket_path

DISPLAY_ID = 1
#: Ids of objects the compositor creates (a toplevel handle) start here.
SERVER_IDS = 0xFF000000
_HEADER = struct.Struct("<IHH")

Handler = Callable[[int, bytes], None]
"""Called with the opcode and the raw arguments of an event for one object."""


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def encode(object_id: int, opcode: int, signature: str, *args: object) -> bytes:
    """Return one request: ``signature`` has a letter per argument, ``i`` int,
    ``u`` uint, ``o`` object, ``n`` new_id, ``s`` string, ``a`` array (bytes)."""
    body = bytearray()
    for kind, value in zip(signature, args, strict=True):
        if kind == "i":
            body += struct.pack("<i", value)
        elif kind in "uon":
            body += struct.pack("<I", value)
        elif kind == "s":
            text = str(value).encode() + b"\0"
            body += struct.pack("<I", len(text)) + _pad(text)
        elif kind == "a":
            data = bytes(value)  # type: ignore[call-overload]
            body += struct.pack("<I", len(data)) + _pad(data)
        else:
            raise ValueError(f"unknown argument type {kind!r}")
    return _HEADER.pack(object_id, opcode, _HEADER.size + len(body)) + bytes(body)


def decode(signature: str, payload: bytes) -> list[object]:
    """Return the arguments of an event, typed by ``signature`` (as in :func:`encode`;
    a string is ``str``, or None when the compositor sends a null one)."""
    values: list[object] = []
    offset = 0
    for kind in signature:
        if kind == "i":
            values.append(struct.unpack_from("<i", payload, offset)[0])
            offset += 4
        elif kind in "uon":
            values.append(struct.unpack_from("<I", payload, offset)[0])
            offset += 4
        elif kind in "sa":
            (length,) = struct.unpack_from("<I", payload, offset)
            offset += 4
            data = payload[offset:offset + length]
            if len(data) != length:
                raise WaylandError("an event's argument runs past its end")
            offset += length + (-length % 4)
            if kind == "a":
                values.append(data)
            else:
                values.append(data[:-1].decode("utf-8", "replace") if length else None)
        else:
            raise ValueError(f"unknown argument type {kind!r}")
    return values


def split(buffer: bytearray) -> list[tuple[int, int, bytes]]:
    """Remove every whole message from the front of ``buffer``; return them as
    (object id, opcode, arguments). A partial message stays in ``buffer``."""
    messages = []
    while len(buffer) >= _HEADER.size:
        object_id, opcode, size = _HEADER.unpack_from(buffer)
        if size < _HEADER.size:
            raise WaylandError(f"a message claims a length of {size} bytes")
        if len(buffer) < size:
            break
        messages.append((object_id, opcode, bytes(buffer[_HEADER.size:size])))
        del buffer[:size]
    return messages


@dataclass(frozen=True)
class Global:
    """One global the compositor advertises."""

    name: int
    interface: str
    version: int


class Connection:
    """One connection to the compositor; see the module docstring for its threads."""

    def __init__(self, path: str, timeout: float = 5.0) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        self._socket.settimeout(timeout)
        try:
            self._socket.connect(path)
        except OSError as error:
            self._socket.close()
            raise WaylandError(f"cannot connect to the compositor at {path} ({error})") from None
        self._buffer = bytearray()
        self._send_lock = threading.Lock()
        self._next_id = DISPLAY_ID + 1
        self._handlers: dict[int, Handler] = {DISPLAY_ID: self._display_event}
        self.globals: dict[str, Global] = {}
        self.lost: str | None = None
        self._on_lost: Callable[[str], None] = lambda reason: None
        self._thread: threading.Thread | None = None
        self._registry = self.new_object(self._registry_event)
        self.send(DISPLAY_ID, 1, "n", self._registry)
        self.roundtrip()

    # -- set-up, on the thread that made the connection ------------------------------

    def new_object(self, handler: Handler) -> int:
        """Return a fresh client object id whose events go to ``handler``."""
        object_id = self._next_id
        self._next_id += 1
        self._handlers[object_id] = handler
        return object_id

    def handle(self, object_id: int, handler: Handler) -> None:
        """Send the events of ``object_id`` (one the compositor created) to ``handler``."""
        self._handlers[object_id] = handler

    def forget(self, object_id: int) -> None:
        """Drop the handler of an object that is gone; its late events are ignored."""
        self._handlers.pop(object_id, None)

    def bind(self, interface: str, version: int, handler: Handler) -> int:
        """Bind the global ``interface`` at the lower of ``version`` and the compositor's;
        return the new object's id. Raise WaylandError when it is not offered."""
        found = self.globals.get(interface)
        if found is None:
            raise WaylandError(f"the compositor offers no {interface}")
        object_id = self.new_object(handler)
        self.send(self._registry, 0, "usun", found.name, interface,
                  min(version, found.version), object_id)
        return object_id

    def roundtrip(self) -> None:
        """Wait until the compositor has handled every request sent so far (and its
        events are dispatched). Only before :meth:`start`."""
        done: list[bool] = []
        callback = self.new_object(lambda opcode, payload: done.append(True))
        self.send(DISPLAY_ID, 0, "n", callback)
        while not done:
            self._read_once()
        self.forget(callback)

    # -- running ----------------------------------------------------------------------

    def start(self, on_lost: Callable[[str], None], name: str) -> None:
        """Read and dispatch events on a receiver thread called ``name`` until the
        connection ends; then call ``on_lost`` once with the reason."""
        self._on_lost = on_lost
        self._thread = threading.Thread(target=self._receive, name=name, daemon=True)
        self._thread.start()

    def run(self) -> str:
        """Read and dispatch events on the calling thread until the connection ends;
        return why it ended. Instead of :meth:`start`, for a thread of the caller's."""
        self._socket.settimeout(None)
        while True:
            try:
                self._read_once()
            except WaylandError as error:
                return self.lost or str(error)

    def send(self, object_id: int, opcode: int, signature: str = "", *args: object) -> None:
        """Send one request (any thread); raise WaylandError if the connection is gone."""
        message = encode(object_id, opcode, signature, *args)
        with self._send_lock:
            try:
                self._socket.sendall(message)
            except OSError as error:
                raise WaylandError(f"the compositor went away ({error})") from None

    def close(self) -> None:
        """Close the connection; the receiver thread ends. Any thread; harmless twice."""
        if self.lost is None:
            self.lost = "closed"
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()

    def _receive(self) -> None:
        reason = self.run()
        # Not when closed on purpose: close() has set lost already.
        if self.lost is None:
            self.lost = reason
            self._on_lost(reason)

    def _read_once(self) -> None:
        try:
            data = self._socket.recv(65536)
        except OSError as error:
            raise WaylandError(f"the compositor stopped answering ({error})") from None
        if not data:
            raise WaylandError("the compositor closed the connection")
        self._buffer += data
        for object_id, opcode, payload in split(self._buffer):
            handler = self._handlers.get(object_id)
            if handler is not None:
                handler(opcode, payload)

    def _display_event(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:
            object_id, code, message = decode("ous", payload)
            raise WaylandError(f"protocol error {code} on object {object_id}: {message}")
        if opcode == 1:
            (object_id,) = decode("u", payload)
            self.forget(object_id)  # type: ignore[arg-type]

    def _registry_event(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:
            name, interface, version = decode("usu", payload)
            self.globals[interface] = Global(name, interface, version)  # type: ignore[arg-type]
        elif opcode == 1:
            (name,) = decode("u", payload)
            for key in [k for k, g in self.globals.items() if g.name == name]:
                del self.globals[key]


def connect(env: Mapping[str, str]) -> Connection:
    """Return a connection to the session's compositor, its globals listed."""
    return Connection(socket_path(env))
