"""Notices the end of the desktop session: its display or its session bus going away.

When a user logs out, the X server and the session bus end, but a daemon whose
tray or idle source swallowed the error would live on and keep its
single-instance lock, so the next login's ``ergo run`` would say "already
running" and that session would have no ergo. Each *link* here is a connection
of ergo's own to one part of the session that does nothing but wait, blocked in
the kernel, until the server closes it: no polling, no wake-ups while the
session lives. A lost connection to either is for good (neither server comes
back on the same socket), so :class:`SessionWatch` then calls ``on_end`` once.

The links are chosen from the environment by :func:`session_links`: the X
display, the Wayland display and the session bus (a Wayland session's user bus
may outlive the compositor, so the compositor is watched itself). Each link's
thread is a daemon thread of its own, named ``ergo-session-<name>``; ``on_end`` is
called on it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    """One part of the session: ``wait`` blocks until it is gone and returns why."""

    name: str
    wait: Callable[[], str]


def session_links(environ: Mapping[str, str]) -> list[Link]:
    """Return a link for each part of the session that ``environ`` names and that
    answers now: the X display (``DISPLAY``), the Wayland display (``WAYLAND_DISPLAY``)
    and the session bus."""
    links = []
    for name, opener in (("display", _x11_link), ("wayland", _wayland_link),
                         ("session bus", _bus_link)):
        try:
            wait = opener(environ)
        except Exception as error:  # an unusable link is only not watched
            log.debug("not watching the %s: %s", name, error)
            continue
        if wait is not None:
            links.append(Link(name, wait))
    return links


def _x11_link(environ: Mapping[str, str]) -> Callable[[], str] | None:
    name = environ.get("DISPLAY")
    if not name:
        return None
    from ergo.desktop.xdisplay import open_display

    connection = open_display(name)
    # No event mask is selected, so nothing arrives until the server goes away.
    return _until_closed(connection.next_event, f"the X display {name}")


def _wayland_link(environ: Mapping[str, str]) -> Callable[[], str] | None:
    name = environ.get("WAYLAND_DISPLAY")
    if not name:
        return None
    from ergo.desktop.wayland_wire import connect

    connection = connect(environ)
    # Only the registry is bound: the compositor sends nothing more until it ends,
    # apart from outputs coming and going.
    return lambda: f"the Wayland display {name} closed the connection ({connection.run()})"


def _bus_link(environ: Mapping[str, str]) -> Callable[[], str] | None:
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(address)
    # No match rules: the bus sends nothing more than the greeting until it ends.
    return _until_closed(connection.receive, "the session bus")


def _until_closed(receive: Callable[[], Any], what: str) -> Callable[[], str]:
    """Return a wait that calls ``receive`` until it fails, then says that ``what``
    closed the connection and how."""

    def wait() -> str:
        while True:
            try:
                receive()
            except Exception as error:  # whatever ended the connection
                return f"{what} closed the connection ({error or type(error).__name__})"

    return wait


class SessionWatch:
    """Calls ``on_end(reason)`` once, when the first of ``links`` is gone."""

    def __init__(self, links: list[Link], on_end: Callable[[str], Any]) -> None:
        self._links = links
        self._on_end = on_end
        self._ended = threading.Event()

    def start(self) -> None:
        """Start one daemon thread per link. Any thread."""
        for link in self._links:
            threading.Thread(target=self._watch, args=(link,), name=f"ergo-session-{link.name}",
                             daemon=True).start()

    def _watch(self, link: Link) -> None:
        try:
            reason = link.wait()
        except Exception:
            log.exception("watching the %s failed; it is not watched any more", link.name)
            return
        if not self._ended.is_set():
            self._ended.set()
            self._on_end(reason)
