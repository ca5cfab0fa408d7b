"""The default tray on Linux and the BSDs: a StatusNotifierItem, else an XEmbed icon.

Which protocol reaches the user depends on the panel, and panels start after
ergo, restart and change. So both are watched the whole time:

- while a ``org.kde.StatusNotifierWatcher`` has accepted the item (KDE Plasma,
  XFCE, LXQt, GNOME with the AppIndicator extension, waybar and other Wayland
  bars), the icon is a StatusNotifierItem (:mod:`ergo.desktop.tray_sni`);
- otherwise, while an XEmbed tray host owns ``_NET_SYSTEM_TRAY_S<screen>``
  (trayer, stalonetray, older panels), the icon docks there
  (:mod:`ergo.desktop.tray_xembed`);
- otherwise nothing shows yet, and the icon appears as soon as either host does.

The StatusNotifierItem wins when both hosts exist (panels such as XFCE's offer
both): it also works on Wayland, and has tooltips and an attention state. The
XEmbed icon is withdrawn then, so a panel never shows ergo twice.
``ERGO_TRAY=sni`` or ``ERGO_TRAY=xembed`` restricts the tray to one protocol.

Everything runs in one loop on the main thread that sleeps in ``select`` on the
D-Bus socket, the X connection and a pipe through which :meth:`LinuxTray.show`
and :meth:`LinuxTray.stop` wake it from other threads. It has no timer: idle,
it does not wake at all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ergo.desktop.dbusmenu import default_item
from ergo.ports import TrayView

if TYPE_CHECKING:
    from ergo.desktop.tray_sni import StatusNotifierItem
    from ergo.desktop.tray_xembed import XEmbedIcon

log = logging.getLogger(__name__)
trail = logging.getLogger("ergo.trail")

PROTOCOLS: tuple[str, ...] = ("sni", "xembed")


class TrayUnavailable(Exception):
    """Neither protocol can run here; the message gives each reason."""


def session_bus_address(env: Mapping[str, str]) -> str:
    """Return the session bus address: ``DBUS_SESSION_BUS_ADDRESS``, else the
    systemd user bus ``$XDG_RUNTIME_DIR/bus``. Raise TrayUnavailable if neither."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    raise TrayUnavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")


class LinuxTray:
    """A :class:`ergo.ports.Tray` speaking StatusNotifierItem and XEmbed.

    Construct it on the main thread; ``protocols`` is a subset of :data:`PROTOCOLS`.
    Raise TrayUnavailable when none of them can connect (no session bus, no X
    display). :attr:`limits` says what is missing when only one of two could.
    ``on_action`` is called on the main thread, in the tray's loop.
    """

    has_menu = True

    def __init__(
        self,
        on_action: Callable[[object], None],
        *,
        protocols: tuple[str, ...] = PROTOCOLS,
        env: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if env is None else env
        self._on_action = on_action
        self._protocols = protocols
        self._sni: StatusNotifierItem | None = None
        self._xembed: XEmbedIcon | None = None
        problems = []
        if "sni" in protocols:
            try:
                self._sni = self._connect_sni(env)
            except TrayUnavailable as error:
                problems.append(f"no StatusNotifierItem: {error}")
        if "xembed" in protocols:
            try:
                self._xembed = self._connect_xembed(env)
            except TrayUnavailable as error:
                problems.append(f"no XEmbed icon: {error}")
        if self._sni is None and self._xembed is None:
            raise TrayUnavailable("; ".join(problems))
        self.limits = tuple(problems)
        self._sni_shown = False
        # The tray's name when the support trail last heard of it.
        self._trailed: str | None = None
        self._view = TrayView("active", "ergo")
        self._pending: TrayView | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)

    @property
    def name(self) -> str:
        """``sni`` or ``xembed`` for the protocol showing the icon now; while no host
        shows it, the protocols it waits for (``sni/xembed``); ``none`` when it lost
        both the bus and the display."""
        if self._sni_shown:
            return "sni"
        if self._xembed is not None and self._xembed.docked:
            return "xembed"
        return "/".join(p for p in self._protocols if self._connected(p)) or "none"

    def _connected(self, protocol: str) -> bool:
        return (self._sni if protocol == "sni" else self._xembed) is not None

    def _connect_sni(self, env: Mapping[str, str]) -> StatusNotifierItem:
        from jeepney.io.blocking import open_dbus_connection

        from ergo.desktop import symbolic_icons
        from ergo.desktop.tray_sni import StatusNotifierItem

        address = session_bus_address(env)
        try:
            connection = open_dbus_connection(bus=address)
        except (OSError, RuntimeError, ValueError) as error:
            raise TrayUnavailable(
                f"cannot connect to the D-Bus session bus {address} ({error})"
            ) from None
        return StatusNotifierItem(
            connection,
            on_action=self._on_action,
            on_activate=self._activate,
            on_host=self._sni_host,
            symbolic=symbolic_icons.wanted(env),
        )

    def _connect_xembed(self, env: Mapping[str, str]) -> XEmbedIcon:
        display = env.get("DISPLAY", "").strip()
        if not display:
            raise TrayUnavailable("no X display (DISPLAY is not set)")
        try:
            from Xlib.error import DisplayError

            from ergo.desktop.tray_xembed import XEmbedIcon
        except ImportError as error:
            raise TrayUnavailable(f"python-xlib is missing ({error})") from None
        try:
            return XEmbedIcon(display, on_action=self._on_action, on_activate=self._activate)
        except (DisplayError, OSError) as error:
            raise TrayUnavailable(f"cannot open the X display {display} ({error})") from None

    # -- the Tray port ----------------------------------------------------------------

    def run(self, on_ready: Callable[[], None]) -> None:
        wanted = {"sni": "a StatusNotifierItem while a panel runs a StatusNotifierWatcher",
                  "xembed": "an XEmbed icon while an X tray host runs"}
        log.info("tray: %s", "; else ".join(wanted[p] for p in PROTOCOLS if self._connected(p)))
        if self._sni is not None:
            self._sni.start()
        if self._xembed is not None:
            self._xembed.start()
            # With a session bus, wait for its answer about the watcher before
            # docking, so a panel offering both protocols never shows ergo twice.
            self._xembed.set_wanted(self._sni is None)
        self._apply_pending()
        threading.Thread(target=on_ready, name="tray-ready", daemon=True).start()
        try:
            while not self._stopping:
                self._loop_once()
        finally:
            self._close()

    def show(self, view: TrayView) -> None:
        with self._lock:
            self._pending = view
        self._wake()

    def stop(self) -> None:
        self._stopping = True
        self._wake()

    # -- the loop ---------------------------------------------------------------------

    def _loop_once(self) -> None:
        if self._xembed is not None:
            self._receive_x()
        # Every change of host came through an event handled since the last look.
        self._trail_switch()
        sources = [self._wake_read]
        sources += [s.fileno() for s in (self._sni, self._xembed) if s is not None]
        readable, _, _ = select.select(sources, [], [])
        if self._wake_read in readable:
            self._drain_wake()
            self._apply_pending()
        if self._sni is not None and self._sni.fileno() in readable:
            self._receive_dbus()

    def _receive_dbus(self) -> None:
        try:
            self._sni.receive()
        except (ConnectionError, OSError) as error:
            log.warning("tray: lost the D-Bus session bus (%s)", error)
            self._sni.close()
            self._sni = None
            self._sni_host(False)

    def _receive_x(self) -> None:
        from Xlib.error import ConnectionClosedError

        try:
            self._xembed.receive()
        except (ConnectionClosedError, OSError) as error:
            log.warning("tray: lost the X display (%s)", error)
            self._xembed = None

    def _wake(self) -> None:
        # A full pipe holds wake-ups already: the loop will run anyway.
        with contextlib.suppress(BlockingIOError):
            os.write(self._wake_write, b"!")

    def _drain_wake(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self._wake_read, 512):
                pass

    def _apply_pending(self) -> None:
        with self._lock:
            view, self._pending = self._pending, None
        if view is None or view == self._view:
            return
        self._view = view
        for side in (self._sni, self._xembed):
            if side is not None:
                side.show(view)

    def _close(self) -> None:
        for side in (self._sni, self._xembed):
            if side is not None:
                side.close()
        self._sni = self._xembed = None
        os.close(self._wake_read)
        os.close(self._wake_write)

    # -- hosts and clicks -------------------------------------------------------------

    def _sni_host(self, shown: bool) -> None:
        self._sni_shown = shown
        if self._xembed is not None:
            self._xembed.set_wanted(not shown)

    def _trail_switch(self) -> None:
        """Log "tray: sni" or "tray: xembed" to the support trail when the protocol
        showing the icon changes, and the tray's name when no host shows it any more
        (not while it waits for the first one)."""
        name = self.name
        if name != self._trailed and (name in PROTOCOLS or self._trailed in PROTOCOLS):
            trail.info("tray: %s", name)
        self._trailed = name

    def _activate(self) -> bool:
        item = default_item(self._view.menu)
        if item is None:
            return False
        self._on_action(item.action)
        return True
