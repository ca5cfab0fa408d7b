"""The tray icon over pystray, with one of its backends chosen by ``ergo.desktop.select``.

pystray picks its backend when the package is first imported (``PYSTRAY_BACKEND``,
else appindicator, gtk, xorg on Linux). ergo makes that choice itself, so it imports
the package with the inert ``dummy`` backend and then the backend module it wants.
Otherwise a plain ``import pystray`` would load GTK (about 55 MB) even when ergo
runs the xorg backend.

What each Linux backend can do (pystray 0.19.5): ``appindicator`` and ``gtk`` have
a working menu and dock again when the tray host restarts; ``xorg`` has no menu,
ignores clicks, and when the tray host starts late or restarts it docks only at the
icon's next change (see :func:`_xorg_icon`; pystray alone would not at all).
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ergo.desktop.icons import draw_icon
from ergo.ports import MenuItem, TrayStatus, TrayView

log = logging.getLogger(__name__)

PYSTRAY_BACKENDS: tuple[str, ...] = ("appindicator", "gtk", "xorg", "win32", "darwin")


def load_backend(name: str) -> ModuleType:
    """Given a pystray backend name, import and return its module.

    Raise ImportError (or the backend's own error, such as Xlib's DisplayNameError
    when there is no display) when the backend cannot run here.
    """
    if name not in PYSTRAY_BACKENDS:
        raise ImportError(f"unknown pystray backend {name!r}")
    if "pystray" not in sys.modules:
        saved = os.environ.get("PYSTRAY_BACKEND")
        os.environ["PYSTRAY_BACKEND"] = "dummy"
        try:
            importlib.import_module("pystray")
        finally:
            if saved is None:
                del os.environ["PYSTRAY_BACKEND"]
            else:
                os.environ["PYSTRAY_BACKEND"] = saved
    return importlib.import_module(f"pystray._{name}")


class PystrayTray:
    """A :class:`ergo.ports.Tray` over one pystray backend.

    Construct it on the main thread. ``on_action`` is called on the backend's event
    thread with the ``action`` of the clicked menu item.
    """

    def __init__(self, backend: str, on_action: Callable[[object], None]) -> None:
        self._backend = load_backend(backend)
        self._pystray = sys.modules["pystray"]
        self._on_action = on_action
        self._images: dict[TrayStatus, Any] = {}
        self._lock = threading.Lock()
        self.name = backend
        self.has_menu = bool(self._backend.Icon.HAS_MENU)
        icon_class = _xorg_icon(self._backend.Icon) if backend == "xorg" else self._backend.Icon
        self._icon = icon_class("ergo", icon=self._image("active"), title="ergo")
        self._shown = TrayView("active", "ergo")
        # The newest view not yet applied; the ergo-tray-update thread applies it once
        # the loop runs (see show()).
        self._waiting: TrayView | None = None
        self._wake = threading.Event()
        self._stopping = False

    def run(self, on_ready: Callable[[], None]) -> None:
        previous_sigint = signal.getsignal(signal.SIGINT)

        def setup(icon: Any) -> None:
            icon.visible = True
            if self.name in ("gtk", "appindicator"):
                self._restore_sigint(previous_sigint)
                # ergo notifies through its own notifier, never through pystray, whose GTK
                # backends still ask the notification server to close their (never
                # shown) notification when the loop ends: with no server that raises
                # and ends ergo with a traceback, and on a stock bus it D-Bus-activates
                # one just to quit. pystray 0.19 keeps that notifier in _notifier.
                icon._notifier = _NoNotifications()
            threading.Thread(target=self._apply_views, name="ergo-tray-update",
                             daemon=True).start()
            on_ready()

        self._icon.run(setup=setup)

    def show(self, view: TrayView) -> None:
        # Only keep the view: pystray's setters can block. The xorg backend waits,
        # without a time limit, for its X thread to carry each change out, and the
        # dispatcher must never wait on the tray. Nothing is applied before the loop
        # runs: updates sent while the appindicator backend starts up sometimes left
        # its icon undocked (trayer then shows an empty slot).
        with self._lock:
            self._waiting = view
        self._wake.set()

    def _apply_views(self) -> None:
        """Apply the newest view whenever one comes; the ergo-tray-update thread, from
        the moment the loop runs until :meth:`stop`."""
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            with self._lock:
                view, self._waiting = self._waiting, None
            if view is not None:
                try:
                    self._update(view)
                except Exception:
                    # One failed redraw must not freeze the icon for the rest of the day.
                    log.exception("the tray could not show the new state")

    def _update(self, view: TrayView) -> None:
        # Only what changed: the daemon redraws often, and each pystray update costs
        # (gtk writes the icon to a file and builds the whole menu again).
        shown, self._shown = self._shown, view
        if view.status != shown.status:
            self._icon.icon = self._image(view.status)
        if view.tooltip != shown.tooltip:
            self._icon.title = view.tooltip
            if self.name == "gtk":
                self._set_tooltip(view.tooltip)
        if self.has_menu and view.menu != shown.menu:
            self._icon.menu = self._pystray.Menu(*self._items(view.menu))

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._icon.stop()

    def _image(self, status: TrayStatus) -> Any:
        if status not in self._images:
            self._images[status] = draw_icon(status)
        return self._images[status]

    def _items(self, items: tuple[MenuItem, ...]) -> list[Any]:
        pystray = self._pystray
        result = []
        for item in items:
            if item.separator:
                result.append(pystray.Menu.SEPARATOR)
                continue
            if item.submenu:
                action: Any = pystray.Menu(*self._items(item.submenu))
            else:
                action = self._callback(item.action)
            checked = None if item.checked is None else _constant(item.checked)
            result.append(
                pystray.MenuItem(
                    item.label,
                    action,
                    checked=checked,
                    enabled=item.enabled,
                    default=item.default,
                )
            )
        return result

    def _callback(self, action: object) -> Callable[[], None]:
        def clicked() -> None:
            if action is not None:
                self._on_action(action)

        return clicked

    def _set_tooltip(self, text: str) -> None:
        # pystray's gtk backend passes the title to Gtk.StatusIcon.set_title, which
        # is only read by accessibility tools: without this, hovering shows nothing.
        # pystray 0.19 keeps the status icon in _status_icon; GTK is called on its
        # own loop, as pystray does for its own updates.
        from gi.repository import GLib

        GLib.idle_add(self._icon._status_icon.set_tooltip_text, text)

    def _restore_sigint(self, handler: Any) -> None:
        # pystray's GTK backends reset SIGINT to SIG_DFL when their loop starts, so
        # Ctrl+C would kill ergo without saving state. Put the daemon's handler back,
        # from the GLib loop on the main thread (signal.signal works only there), and
        # wait for it so the daemon is never told "ready" while Ctrl+C still kills.
        from gi.repository import GLib

        restored = threading.Event()

        def restore() -> bool:
            signal.signal(signal.SIGINT, handler)
            restored.set()
            return False

        GLib.idle_add(restore)
        restored.wait()


def _xorg_icon(base: type) -> type:
    """Given pystray's xorg Icon class, return it changed to ask for docking once.

    pystray 0.19's xorg backend asks the tray host to dock the icon on every icon
    change, and twice when it is first shown. trayer embeds it anew each time,
    sometimes one pixel wide or not at all, so the icon soon disappears. Here showing
    asks once; a change only redraws, unless the icon is not embedded (reparented
    away from the root window) yet: a request that was lost, or a tray host that
    started later, gets another request then.
    """

    class DockOnce(base):
        def _update_icon(self) -> None:
            # Runs on pystray's X thread; _visible is still False while first shown.
            root = self._display.screen().root
            if self._visible and self._window.query_tree().parent == root:
                super()._update_icon()
                return
            self._icon_data = None
            self._draw()
            self._icon_valid = True

    return DockOnce


class _NoNotifications:
    """Stands in for pystray's GTK notifier, which ergo does not use."""

    def hide(self) -> None:
        """Nothing was shown, so there is nothing to close."""


def _constant(value: bool) -> Callable[[Any], bool]:
    return lambda _item: value
