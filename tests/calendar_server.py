"""A real HTTP server on 127.0.0.1 serving calendar feeds the tests write, as the services do.

Each feed is served at its path with an ``ETag``; a request whose ``If-None-Match``
matches gets ``304``. A feed can be made slow (no answer until the server
stops), too large, or an error status. ``requests`` keeps every request's path
and headers.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Feed:
    body: bytes = b""
    status: int = 200
    slow: bool = False
    # Send no Content-Length, so only the bytes read show the size.
    streamed: bool = False


@dataclass
class CalendarServer:
    port: int
    feeds: dict[str, Feed] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha256(self.feeds[path].body).hexdigest()[:16] + '"'

    def serve(self, path: str, body: bytes, status: int = 200, slow: bool = False,
              streamed: bool = False) -> str:
        self.feeds[path] = Feed(body, status, slow, streamed)
        return self.url(path)


@contextmanager
def calendar_server() -> Iterator[CalendarServer]:
    state = CalendarServer(0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            feed = state.feeds.get(self.path)
            if feed is None:
                self.send_error(404, "Not Found")
                return
            if feed.slow:
                state.stopping.wait(30)
                return
            if feed.status != 200:
                self.send_error(feed.status)
                return
            etag = state.etag(self.path)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("ETag", etag)
            if not feed.streamed:
                self.send_header("Content-Length", str(len(feed.body)))
            self.end_headers()
            self.wfile.write(feed.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
