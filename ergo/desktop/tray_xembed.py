"""ergo's tray icon docked in an XEmbed system tray (trayer, stalonetray, older panels).

The freedesktop System Tray protocol over X11, with python-xlib: the tray host
owns the selection ``_NET_SYSTEM_TRAY_S<screen>``; the icon is a small window the
host embeds after a ``SYSTEM_TRAY_REQUEST_DOCK`` message. What pystray's xorg
backend lacks is done here:

- **clicks**: the icon window selects button presses; a left click runs the
  menu's default item (or opens the menu when there is none), a right click
  opens the menu;
- **a menu**: :mod:`ergo.desktop.xmenu`, drawn with Pillow in ergo's own windows
  (imported when the menu first opens);
- **docking late and again**: the root window's ``MANAGER`` client messages
  announce a new tray host, and the old host's window being destroyed says it
  went away, so the icon docks whenever a host appears, however often it restarts.

The icon's background is the host's (``ParentRelative``), read back and blended
with the icon (pre-rendered, see :mod:`ergo.desktop.pixmaps`), so the round icon has
no square around it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ergo.desktop.pixmaps import blend, icon
from ergo.ports import MenuItem, TrayView

log = logging.getLogger(__name__)

_REQUEST_DOCK = 0
_XEMBED_MAPPED = 1
_DEFAULT_SIZE = 24


class XEmbedIcon:
    """The XEmbed icon and its menu on one X connection; main thread only.

    ``on_action`` gets the action of a chosen menu item; ``on_activate`` is called
    for a left click and returns whether it ran something (else the menu opens).
    The icon docks while :meth:`set_wanted` says so and a tray host is there.
    Raise Xlib's DisplayError or OSError when the display cannot be opened.
    """

    def __init__(
        self,
        display_name: str | None,
        *,
        on_action: Callable[[object], None],
        on_activate: Callable[[], bool],
    ) -> None:
        from Xlib import X

        from ergo.desktop.xdisplay import open_display

        self._display = open_display(display_name)
        self._display.set_error_handler(self._x_error)
        self._on_action = on_action
        self._on_activate = on_activate
        self._screen = self._display.screen()
        number = self._display.get_default_screen()
        self._atoms = {
            name: self._display.intern_atom(name)
            for name in (f"_NET_SYSTEM_TRAY_S{number}", "_NET_SYSTEM_TRAY_OPCODE", "MANAGER",
                         "_XEMBED_INFO", "_NET_WM_NAME", "UTF8_STRING")
        }
        self._selection = self._atoms[f"_NET_SYSTEM_TRAY_S{number}"]
        self._manager: Any = None
        self._window: Any = None
        self._mapped = False
        self._size = (_DEFAULT_SIZE, _DEFAULT_SIZE)
        self._view = TrayView("active", "ergo")
        self._popup: Any = None
        self._font: Any = None
        self.wanted = False
        self._popup_events = frozenset(
            {X.Expose, X.MotionNotify, X.ButtonPress, X.ButtonRelease, X.KeyPress}
        )

    @property
    def docked(self) -> bool:
        """Is the icon's window given to a tray host?"""
        return self._window is not None

    # -- the loop ---------------------------------------------------------------------

    def fileno(self) -> int:
        return self._display.fileno()

    def start(self) -> None:
        """Listen for tray hosts coming and look for one now."""
        from Xlib import X

        self._screen.root.change_attributes(event_mask=X.StructureNotifyMask)
        owner = self._display.get_selection_owner(self._selection)
        if getattr(owner, "id", owner) != X.NONE:
            self._manager_appeared(owner)
        else:
            log.info("no XEmbed tray host (nothing owns %s) yet; waiting for one",
                     self._display.get_atom_name(self._selection))
        self._display.flush()

    def receive(self) -> None:
        """Handle every X event that has arrived and send every request made; call it
        before each wait on :meth:`fileno`.

        python-xlib reads incoming events into its own queue whenever it talks to
        the server, flushing included (a large image takes several writes, with
        reads in between), and the socket then looks idle. So the queue is emptied
        after the last flush, never before it: otherwise a click that arrived while
        the menu was being drawn would wait, unseen, until the next event.
        """
        while True:
            self._display.flush()
            if not self._display.pending_events():
                return
            self._event(self._display.next_event())

    def close(self) -> None:
        if self._popup is not None:
            self._popup.close()
        self._display.close()

    # -- what it shows ----------------------------------------------------------------

    def show(self, view: TrayView) -> None:
        old, self._view = self._view, view
        if self._window is None:
            return
        if view.tooltip != old.tooltip:
            self._set_name(view.tooltip)
        if view.status != old.status:
            self._draw()
        self._display.flush()

    def set_wanted(self, wanted: bool) -> None:
        """Dock when ``wanted`` and a tray host is there; undock when not wanted."""
        self.wanted = wanted
        if wanted and self._manager is not None and self._window is None:
            self._dock()
        elif not wanted and self._window is not None:
            self._undock()
        self._display.flush()

    # -- tray hosts -------------------------------------------------------------------

    def _manager_appeared(self, manager: Any) -> None:
        from Xlib import X

        if self._is(manager, self._manager) and self._window is not None:
            return  # the same host announcing itself again: the icon is docked there
        self._manager = manager
        # StructureNotify on the host's window brings its DestroyNotify when it quits.
        manager.change_attributes(event_mask=X.StructureNotifyMask)
        log.info("tray: an XEmbed tray host appeared (window 0x%x)", manager.id)
        if self.wanted:
            self._dock()

    def _manager_gone(self) -> None:
        log.info("tray: the XEmbed tray host went away")
        self._manager = None
        if self._window is not None:
            # The host's X server hands our window back to the root window: drop it.
            self._undock()

    def _dock(self) -> None:
        from Xlib import X, Xutil, protocol

        if self._window is not None:
            self._undock()
        screen = self._screen
        window = screen.root.create_window(
            0, 0, _DEFAULT_SIZE, _DEFAULT_SIZE, 0, screen.root_depth,
            X.InputOutput, X.CopyFromParent,
            background_pixmap=X.ParentRelative,
            event_mask=(X.ExposureMask | X.StructureNotifyMask
                        | X.ButtonPressMask | X.ButtonReleaseMask),
        )
        window.set_wm_class("ergo", "ergo")
        window.set_wm_normal_hints(flags=Xutil.PMinSize, min_width=_DEFAULT_SIZE,
                                   min_height=_DEFAULT_SIZE)
        window.change_property(self._atoms["_XEMBED_INFO"], self._atoms["_XEMBED_INFO"], 32,
                               [0, _XEMBED_MAPPED])
        self._window = window
        self._mapped = False
        self._set_name(self._view.tooltip)
        message = protocol.event.ClientMessage(
            window=self._manager,
            client_type=self._atoms["_NET_SYSTEM_TRAY_OPCODE"],
            data=(32, [X.CurrentTime, _REQUEST_DOCK, window.id, 0, 0]),
        )
        self._manager.send_event(message, event_mask=X.NoEventMask)
        log.info("tray: docking in the XEmbed tray host")

    def _undock(self) -> None:
        if self._popup is not None:
            self._popup.close()
            self._popup = None
        self._window.destroy()
        self._window = None
        self._mapped = False

    # -- events -----------------------------------------------------------------------

    def _event(self, event: Any) -> None:
        from Xlib import X

        kind = event.type
        popup = self._popup
        if (popup is not None and popup.open and kind in self._popup_events
                and (kind != X.Expose or popup.owns(event.window))):
            popup.handle(event)
            return
        if kind == X.ClientMessage and event.window == self._screen.root:
            if event.client_type == self._atoms["MANAGER"] and event.data[1][1] == self._selection:
                self._manager_appeared(
                    self._display.create_resource_object("window", event.data[1][2])
                )
        elif kind == X.DestroyNotify and self._is(event.window, self._manager):
            self._manager_gone()
        elif self._window is None or not self._is(getattr(event, "window", None), self._window):
            return
        elif kind == X.ConfigureNotify:
            self._size = (max(event.width, 1), max(event.height, 1))
        elif kind == X.MapNotify:
            self._mapped = True
        elif kind == X.UnmapNotify:
            self._mapped = False
        elif kind == X.Expose and event.count == 0:
            self._draw()
        elif kind == X.ButtonPress and event.detail in (1, 3):
            self._click(event.detail)

    def _click(self, button: int) -> None:
        if button == 1 and self._on_activate():
            return
        self._open_menu(self._view.menu)

    def _open_menu(self, items: tuple[MenuItem, ...]) -> None:
        from ergo.desktop.xmenu import PopupMenu, load_font

        if not items:
            return
        if self._font is None:
            self._font = load_font()
        origin = self._screen.root.translate_coords(self._window, 0, 0)
        width, height = self._size
        anchor = (origin.x, origin.y, width, height)
        self._popup = PopupMenu(self._display, items, anchor, self._chosen, self._font)

    def _chosen(self, item: MenuItem) -> None:
        self._popup = None
        self._on_action(item.action)

    # -- drawing ----------------------------------------------------------------------

    def _draw(self) -> None:
        if self._window is None or not self._mapped:
            return
        from Xlib import X

        width, height = self._size
        self._window.clear_area(0, 0, width, height)
        lsb = self._display.display.info.image_byte_order == X.LSBFirst
        # Red, green and blue within each 32-bit pixel: BGRX, or XRGB on big-endian servers.
        offsets = (2, 1, 0) if lsb else (1, 2, 3)
        data = self._background(width, height, offsets)
        side = min(width, height)
        blend(data, width, offsets, icon(self._view.status, side),
              (width - side) // 2, (height - side) // 2)
        gc = self._window.create_gc()
        # One request carries at most max_request_length words.
        rows = max(1, ((self._display.display.info.max_request_length << 2) - 64) // (width * 4))
        for top in range(0, height, rows):
            lines = min(rows, height - top)
            self._window.put_image(gc, 0, top, width, lines, X.ZPixmap, 24, 0,
                                   bytes(data[top * width * 4:(top + lines) * width * 4]))
        gc.free()

    def _background(self, width: int, height: int, offsets: tuple[int, int, int]) -> bytearray:
        """Return what the host draws behind the icon, read back from the window, as
        32-bit pixels."""
        from Xlib import X, error

        try:
            reply = self._window.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF)
        except error.XError:
            reply = None
        if reply is None or len(reply.data) != width * height * 4:
            # Not 32 bits a pixel (or not readable): a neutral grey stands in.
            grey = bytearray(4)
            for offset in offsets:
                grey[offset] = 0x80
            return grey * (width * height)
        return bytearray(reply.data)

    def _set_name(self, text: str) -> None:
        self._window.set_wm_name(text)
        self._window.change_property(self._atoms["_NET_WM_NAME"], self._atoms["UTF8_STRING"], 8,
                                     text.encode())

    def _is(self, window: Any, other: Any) -> bool:
        return other is not None and window is not None and window.id == other.id

    def _x_error(self, error: Any, _request: Any) -> None:
        # A tray host that quits leaves requests about its windows failing; the
        # DestroyNotify that follows is what counts.
        log.debug("X error in the tray: %s", error)

