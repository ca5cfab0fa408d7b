"""Authenticated byte messages with a deadline, over ``multiprocessing.connection``.

``multiprocessing.connection`` gives framing, AF_UNIX/named-pipe transport and
an HMAC challenge, but its receives wait forever and ``Listener.accept`` runs
the challenge on the accepting thread. :class:`Channel` adds a deadline to
every receive, and both ends run the standard challenge through it, so a peer
that never writes costs at most ``timeout`` seconds. Only ``send_bytes`` and
``recv_bytes`` are used: ``send``/``recv`` would unpickle.
"""

from __future__ import annotations

import socket
import struct
import sys
import time
from multiprocessing.connection import Client, Connection, answer_challenge, deliver_challenge


class ChannelTimeout(TimeoutError):
    """The peer sent nothing before the deadline."""


def _limit_blocking_io(connection: Connection, timeout: float) -> None:
    """Make the kernel end any single read or write on the socket after ``timeout``.

    poll() only tells that some bytes arrived; a peer that sends half a
    message would still hold a blocking read. SO_RCVTIMEO/SO_SNDTIMEO bound
    that too. Named pipes carry whole messages, so Windows needs no such guard.
    """
    if sys.platform == "win32":
        return
    seconds = int(timeout)
    interval = struct.pack("ll", seconds, int((timeout - seconds) * 1_000_000))
    sock = socket.socket(fileno=connection.fileno())
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, interval)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, interval)
    finally:
        sock.detach()


class Channel:
    """One connection whose receives all end by a common deadline.

    Used by one thread at a time.
    """

    def __init__(self, connection: Connection, timeout: float) -> None:
        self._connection = connection
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout
        _limit_blocking_io(connection, timeout)

    def send_bytes(self, data: bytes) -> None:
        self._connection.send_bytes(data)

    def recv_bytes(self, maxlength: int | None = None) -> bytes:
        """Return the next message; raise ChannelTimeout past the deadline.

        Raise EOFError when the peer hung up, OSError when the message is
        longer than ``maxlength``.
        """
        remaining = self._deadline - time.monotonic()
        if remaining <= 0 or not self._connection.poll(remaining):
            raise ChannelTimeout(f"no message within {self._timeout:g} s")
        return self._connection.recv_bytes(maxlength)

    def abort(self) -> None:
        """Wake a thread blocked on this channel (it sees end of file). Any thread may call it."""
        try:
            if sys.platform == "win32":
                self._connection.close()
                return
            sock = socket.socket(fileno=self._connection.fileno())
            try:
                sock.shutdown(socket.SHUT_RDWR)
            finally:
                sock.detach()
        except OSError:
            pass  # already closed, by the peer or by the thread that owns it

    def close(self) -> None:
        self._connection.close()


def accept_handshake(channel: Channel, authkey: bytes) -> None:
    """Given the channel of a freshly accepted connection, authenticate the peer.

    Runs the same challenge as ``Listener.accept`` with an authkey. Raise
    ``multiprocessing.AuthenticationError`` for a wrong key, ChannelTimeout,
    EOFError or OSError for a peer that stalls or leaves.
    """
    # The challenge functions only call send_bytes and recv_bytes, which Channel has.
    deliver_challenge(channel, authkey)  # type: ignore[arg-type]
    answer_challenge(channel, authkey)  # type: ignore[arg-type]


def connect(address: str, family: str, authkey: bytes, timeout: float) -> Channel:
    """Connect to ``address``, authenticate with ``authkey`` and return the channel.

    Raise FileNotFoundError or ConnectionRefusedError when nobody listens,
    ``multiprocessing.AuthenticationError`` when the key is refused and
    ChannelTimeout when the listener does not answer in time.
    """
    channel = Channel(Client(address, family), timeout)
    try:
        answer_challenge(channel, authkey)  # type: ignore[arg-type]
        deliver_challenge(channel, authkey)  # type: ignore[arg-type]
    except BaseException:
        channel.close()
        raise
    return channel
