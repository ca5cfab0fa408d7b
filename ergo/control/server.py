"""The daemon's end of the control channel: a listener thread that answers requests.

Each accepted connection gets a thread of its own (at most
``max_connections`` at once, far more than people and scripts open; extra
connections are closed at once, and the CLI tries once more), which
authenticates the peer, reads one request, passes it to the daemon's handler
and sends the reply. The request must arrive within ``connection_timeout`` of
the connection, so a client that connects and stalls (or sends a byte a second)
holds one slot for that long and never delays the others. Garbage (wrong
authkey, non-JSON, oversized, too deeply nested, invalid requests, peers that
hang up) is logged once per connection, without a traceback, and the server
keeps serving; an oversized request is answered with the limit it broke.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener

from ergo.control import transport
from ergo.control.endpoint import Endpoint, ensure_private_dir
from ergo.control.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Request,
    Response,
    decode_request,
    encode_response,
)
from ergo.i18n import _

log = logging.getLogger(__name__)

#: A request up to this size is read whole, so that one over MAX_MESSAGE_BYTES is answered
#: with the reason instead of cut off while its sender still writes (which it would see as
#: a broken pipe). Past it, the connection is closed unread: only a peer that holds the
#: authkey gets this far, and no ergo command sends anything near it.
READ_LIMIT = 16 * MAX_MESSAGE_BYTES

Handler = Callable[[Request], Response]


class ControlServer:
    """Serves control requests on ``endpoint`` until :meth:`close`.

    ``handler`` is called on one of the server's connection threads, possibly
    on several at once, never on the thread that created the server. It must
    be thread-safe and must not block long: the daemon's handler puts an
    event on its dispatcher queue and waits for the reply with a timeout
    shorter than ``connection_timeout``. An exception in the handler is
    logged and answered with a failure response.

    Start the server only while holding the single-instance lock
    (:mod:`ergo.runtime.single_instance`), which also removes a stale socket:
    binding fails if the socket file exists.
    """

    def __init__(
        self,
        handler: Handler,
        endpoint: Endpoint | None = None,
        *,
        connection_timeout: float = 3.0,
        max_connections: int = 128,
    ) -> None:
        self.endpoint = endpoint or Endpoint.for_dir()
        self._handler = handler
        self._timeout = connection_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._channels: set[transport.Channel] = set()
        self._workers: set[threading.Thread] = set()
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._authkey = b""

    def start(self) -> None:
        """Bind the socket (mode 0600), write a new authkey and start the listener thread.

        Raise OSError when the address is taken; the authkey of whoever holds
        it is then left alone.
        """
        ensure_private_dir(self.endpoint.directory)
        # A burst of clients waits in the backlog while the accept loop hands them out.
        self._listener = Listener(self.endpoint.address, self.endpoint.family, backlog=128)
        self._authkey = self.endpoint.write_authkey()
        socket_path = self.endpoint.socket_path
        if socket_path is not None:
            # The directory is already 0700; this makes the socket private too.
            socket_path.chmod(0o600)
        self._thread = threading.Thread(target=self._accept_loop, name="ergo-control", daemon=True)
        self._thread.start()
        log.debug("control channel listening on %s", self.endpoint.address)

    def close(self, timeout: float = 2.0) -> None:
        """Stop accepting, wake connections still waiting for their request, remove the
        socket and the authkey.

        Waits up to ``timeout`` seconds for the requests already read to be answered;
        no new handler call starts once close() has begun. Any thread may call it.
        """
        if self._stopping.is_set() or self._listener is None:
            return
        self._stopping.set()
        self._wake_accept()
        if self._thread is not None:
            self._thread.join(timeout)
        self._listener.close()
        with self._lock:
            channels, workers = list(self._channels), list(self._workers)
        for channel in channels:
            channel.abort()
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        self.endpoint.remove_authkey()
        log.debug("control channel closed")

    def __enter__(self) -> ControlServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _wake_accept(self) -> None:
        # Listener.accept() has no timeout and closing the socket does not
        # wake it on every platform; a connection of our own does.
        # OSError: the accept loop has already ended.
        with contextlib.suppress(OSError):
            Client(self.endpoint.address, self.endpoint.family).close()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection = self._listener.accept()
            except OSError as error:
                if not self._stopping.is_set():
                    log.warning("control channel: accept failed: %s", error)
                continue
            if self._stopping.is_set():
                connection.close()
                break
            if not self._slots.acquire(blocking=False):
                log.warning("control channel: rejected a connection: too many at once")
                connection.close()
                continue
            worker = threading.Thread(
                target=self._serve, args=(connection,), name="ergo-control-conn", daemon=True
            )
            with self._lock:
                self._workers.add(worker)
            worker.start()

    def _serve(self, connection: Connection) -> None:
        channel: transport.Channel | None = None
        try:
            channel = transport.Channel(connection, self._timeout)
            with self._lock:
                self._channels.add(channel)
            if self._stopping.is_set():
                return  # close() began after the accept; its abort may have missed us
            transport.accept_handshake(channel, self._authkey)
            raw = channel.recv_bytes(READ_LIMIT)
            with self._lock:
                # Answering now: close() waits for the answer instead of cutting it off
                # (the answer to `ergo stop` itself races the shutdown it starts).
                self._channels.discard(channel)
            channel.send_bytes(self._answer(raw))
        except AuthenticationError:
            self._reject("wrong authkey")
        except transport.ChannelTimeout as error:
            self._reject(f"the client sent nothing ({error})")
        except EOFError:
            self._reject("the client hung up")
        except (OSError, AssertionError) as error:
            # recv_bytes raises OSError("bad message length") past READ_LIMIT;
            # answer_challenge asserts on a malformed challenge.
            self._reject(str(error) or type(error).__name__)
        finally:
            with self._lock:
                self._channels.discard(channel)
                self._workers.discard(threading.current_thread())
            connection.close()
            self._slots.release()

    def _answer(self, raw: bytes) -> bytes:
        try:
            request = decode_request(raw)
        except ProtocolError as error:
            self._reject(f"invalid request: {error}")
            return encode_response(
                Response.failure(_("invalid request: {error}").format(error=error)))
        if self._stopping.is_set():
            return encode_response(Response.failure(_("ergo is shutting down")))
        try:
            response = self._handler(request)
            return encode_response(response)
        except Exception:
            log.exception("control channel: the handler failed on %r", request)
            return encode_response(Response.failure(
                _("ergo could not carry out '{command}'; see its log for details").format(
                    command=request.cmd)))

    def _reject(self, reason: str) -> None:
        if self._stopping.is_set():
            return  # the wake-up connection from close(), or clients cut off by it
        log.warning("control channel: rejected a connection: %s", reason)
