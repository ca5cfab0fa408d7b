"""A small popup menu for the XEmbed tray icon: override-redirect X windows drawn with Pillow.

An XEmbed tray host only holds the icon's window; the menu is the program's own
business. GTK would cost about 55 MB, so ergo draws the menu itself: each level is
one override-redirect window (no window manager involved) showing a Pillow image,
with check marks, disabled entries, separators and submenus. While it is open it
grabs the pointer and the keyboard: a click outside or Escape closes it; arrows,
Return and Escape work as in other menus.

:func:`render` is the drawing (pure Pillow, tested without a display);
:class:`PopupMenu` puts it on screen with python-xlib. Main thread only: the menu
shares the tray's X connection and loop.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ergo.ports import MenuItem

log = logging.getLogger(__name__)

FONT_SIZE = 13
ROW = 24
SEPARATOR_ROW = 9
PADDING = 4
GUTTER = 28
ARROW_GUTTER = 28
MIN_WIDTH = 140

_BACKGROUND = "#fbfbfb"
_BORDER = "#8c8c8c"
_TEXT = "#1e1e1e"
_DISABLED = "#9b9b9b"
_HIGHLIGHT = "#168f7f"
_HIGHLIGHT_TEXT = "#ffffff"
_RULE = "#d4d4d4"


@dataclass(frozen=True)
class Row:
    """Where one item is drawn in its panel, top to bottom in pixels."""

    index: int
    top: int
    bottom: int


def load_font(size: int = FONT_SIZE) -> Any:
    """Return the desktop's sans-serif font (asked of fontconfig) at ``size`` pixels,
    or Pillow's built-in font when fontconfig or FreeType is missing."""
    from PIL import ImageFont

    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "sans-serif"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout
        return ImageFont.truetype(found, size)
    except (OSError, subprocess.SubprocessError, ValueError):
        return ImageFont.load_default(size)


def selectable(item: MenuItem) -> bool:
    """Can the pointer or keyboard highlight this item?"""
    return not item.separator and item.enabled


def rows(items: tuple[MenuItem, ...]) -> list[Row]:
    """Return the rows of a panel listing ``items``."""
    result, top = [], PADDING
    for index, item in enumerate(items):
        height = SEPARATOR_ROW if item.separator else ROW
        result.append(Row(index, top, top + height))
        top += height
    return result


def render(items: tuple[MenuItem, ...], highlighted: int | None, font: Any) -> Any:
    """Given a panel's items and the highlighted index, return its RGB Pillow image."""
    from PIL import Image, ImageDraw

    layout = rows(items)
    width = max(
        [MIN_WIDTH]
        + [GUTTER + round(font.getlength(i.label)) + ARROW_GUTTER for i in items if not i.separator]
    )
    height = (layout[-1].bottom if layout else PADDING) + PADDING
    image = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=_BORDER)
    for row, item in zip(layout, items, strict=True):
        if item.separator:
            middle = (row.top + row.bottom) // 2
            draw.line((6, middle, width - 7, middle), fill=_RULE)
            continue
        colour = _TEXT if item.enabled else _DISABLED
        if row.index == highlighted:
            draw.rectangle((1, row.top, width - 2, row.bottom - 1), fill=_HIGHLIGHT)
            colour = _HIGHLIGHT_TEXT
        middle = (row.top + row.bottom) // 2
        draw.text((GUTTER, middle), item.label, fill=colour, font=font, anchor="lm")
        if item.checked is not None:
            _check_box(draw, middle, item.checked, colour)
        if item.submenu:
            x = width - 14
            draw.polygon(((x, middle - 4), (x + 4, middle), (x, middle + 4)), fill=colour)
    return image


def _check_box(draw: Any, middle: int, checked: bool, colour: str) -> None:
    draw.rectangle((8, middle - 6, 20, middle + 6), outline=colour)
    if checked:
        draw.line(((10, middle), (13, middle + 3), (18, middle - 4)), fill=colour, width=2)


@dataclass
class _Panel:
    items: tuple[MenuItem, ...]
    window: Any
    x: int
    y: int
    width: int
    height: int
    highlighted: int | None = None

    def row_at(self, root_x: int, root_y: int) -> int | None:
        if not self.contains(root_x, root_y):
            return None
        y = root_y - self.y
        return next((r.index for r in rows(self.items) if r.top <= y < r.bottom), None)

    def contains(self, root_x: int, root_y: int) -> bool:
        return self.x <= root_x < self.x + self.width and self.y <= root_y < self.y + self.height


class PopupMenu:
    """An open menu; closed by a choice, a click outside or Escape.

    Create it on the main thread with the tray's X display; feed it the display's
    events through :meth:`handle` while :attr:`open`. ``on_choose`` is called with
    the chosen item after the menu has closed.
    """

    def __init__(
        self,
        display: Any,
        items: tuple[MenuItem, ...],
        anchor: tuple[int, int, int, int],
        on_choose: Callable[[MenuItem], None],
        font: Any,
    ) -> None:
        self._display = display
        self._on_choose = on_choose
        self._font = font
        self._panels: list[_Panel] = []
        self.open = True
        x, y, _width, height = anchor
        self._push(items, x, y + height, above=y)
        self._grab()

    # -- events -----------------------------------------------------------------------

    def handle(self, event: Any) -> None:
        """Handle one X event while the menu is open."""
        from Xlib import X

        kind = event.type
        if kind == X.Expose:
            panel = self._panel_of(event.window)
            if panel is not None and event.count == 0:
                self._draw(panel)
        elif kind == X.MotionNotify:
            self._hover(event.root_x, event.root_y)
        elif kind == X.ButtonPress:
            if not any(p.contains(event.root_x, event.root_y) for p in self._panels):
                self.close()
        elif kind == X.ButtonRelease:
            self._release(event.root_x, event.root_y)
        elif kind == X.KeyPress:
            self._key(self._display.keycode_to_keysym(event.detail, 0))

    def _hover(self, root_x: int, root_y: int) -> None:
        for level, panel in self._topmost_first():
            index = panel.row_at(root_x, root_y)
            if index is None:
                continue
            if not selectable(panel.items[index]):
                index = None
            if index == panel.highlighted and level + 1 < len(self._panels):
                return
            self._close_below(level)
            self._highlight(panel, index)
            if index is not None and panel.items[index].submenu:
                self._open_submenu(panel, index, highlight_first=False)
            return

    def _release(self, root_x: int, root_y: int) -> None:
        for level, panel in self._topmost_first():
            index = panel.row_at(root_x, root_y)
            if index is None:
                continue
            item = panel.items[index]
            if selectable(item) and item.submenu:
                self._close_below(level)
                self._highlight(panel, index)
                self._open_submenu(panel, index, highlight_first=False)
            elif selectable(item):
                self._choose(item)
            return

    def _topmost_first(self) -> list[tuple[int, _Panel]]:
        # A submenu overlaps its parent's edge: the deeper level is on top.
        return list(reversed(list(enumerate(self._panels))))

    def _key(self, keysym: int) -> None:
        from Xlib import XK

        panel = self._panels[-1]
        current = panel.highlighted
        if keysym in (XK.XK_Down, XK.XK_Up):
            direction = 1 if keysym == XK.XK_Down else -1
            self._highlight(panel, next_selectable(panel.items, current, direction))
        elif keysym in (XK.XK_Right, XK.XK_Return, XK.XK_KP_Enter, XK.XK_space):
            if current is None:
                return
            item = panel.items[current]
            if item.submenu:
                self._open_submenu(panel, current, highlight_first=True)
            elif keysym != XK.XK_Right:
                self._choose(item)
        elif keysym in (XK.XK_Left, XK.XK_Escape):
            if len(self._panels) > 1:
                self._close_below(len(self._panels) - 2)
            elif keysym == XK.XK_Escape:
                self.close()

    def _choose(self, item: MenuItem) -> None:
        self.close()
        self._on_choose(item)

    # -- panels -----------------------------------------------------------------------

    def _open_submenu(self, panel: _Panel, index: int, *, highlight_first: bool) -> None:
        row = rows(panel.items)[index]
        child = self._push(
            panel.items[index].submenu, panel.x + panel.width - 2, panel.y + row.top - PADDING,
            left_of=panel.x,
        )
        if highlight_first:
            self._highlight(child, next_selectable(child.items, None, 1))

    def _push(self, items: tuple[MenuItem, ...], x: int, y: int, *, above: int | None = None,
              left_of: int | None = None) -> _Panel:
        from Xlib import X

        image = render(items, None, self._font)
        width, height = image.size
        screen = self._display.screen()
        if x + width > screen.width_in_pixels:
            x = (left_of - width + 2) if left_of is not None else screen.width_in_pixels - width
        if y + height > screen.height_in_pixels:
            y = (above - height) if above is not None else screen.height_in_pixels - height
        x, y = max(0, x), max(0, y)
        window = screen.root.create_window(
            x, y, width, height, 0, screen.root_depth,
            X.InputOutput, X.CopyFromParent,
            override_redirect=True,
            background_pixel=screen.white_pixel,
            event_mask=(X.ExposureMask | X.ButtonPressMask | X.ButtonReleaseMask
                        | X.PointerMotionMask | X.KeyPressMask),
        )
        window.set_wm_name("ergo menu")
        window.set_wm_class("ergo-menu", "ergo")
        panel = _Panel(items, window, x, y, width, height)
        self._panels.append(panel)
        window.map()
        return panel

    def _close_below(self, level: int) -> None:
        while len(self._panels) > level + 1:
            self._panels.pop().window.destroy()

    def _highlight(self, panel: _Panel, index: int | None) -> None:
        if index != panel.highlighted:
            panel.highlighted = index
            self._draw(panel)

    def _draw(self, panel: _Panel) -> None:
        image = render(panel.items, panel.highlighted, self._font)
        gc = panel.window.create_gc()
        panel.window.put_pil_image(gc, 0, 0, image)
        gc.free()

    def _panel_of(self, window: Any) -> _Panel | None:
        return next((p for p in self._panels if p.window.id == window.id), None)

    def owns(self, window: Any) -> bool:
        """Is ``window`` one of the menu's panels?"""
        return self._panel_of(window) is not None

    # -- grabs ------------------------------------------------------------------------

    def _grab(self) -> None:
        from Xlib import X

        window = self._panels[0].window
        mask = X.ButtonPressMask | X.ButtonReleaseMask | X.PointerMotionMask
        pointer = window.grab_pointer(True, mask, X.GrabModeAsync, X.GrabModeAsync,
                                      X.NONE, X.NONE, X.CurrentTime)
        keyboard = window.grab_keyboard(False, X.GrabModeAsync, X.GrabModeAsync, X.CurrentTime)
        if pointer != X.GrabSuccess or keyboard != X.GrabSuccess:
            log.info("the tray menu could not grab the pointer (%s) or keyboard (%s); "
                     "a click outside it may not close it", pointer, keyboard)

    def close(self) -> None:
        """Close every level and release the grabs. Harmless when already closed."""
        from Xlib import X

        if not self.open:
            return
        self.open = False
        self._display.ungrab_pointer(X.CurrentTime)
        self._display.ungrab_keyboard(X.CurrentTime)
        self._close_below(-1)
        self._display.flush()


def next_selectable(items: tuple[MenuItem, ...], current: int | None, direction: int) -> int | None:
    """Return the next selectable index from ``current`` in ``direction``, wrapping
    round; None when nothing can be selected."""
    count = len(items)
    start = (-1 if direction > 0 else count) if current is None else current
    for offset in range(1, count + 1):
        index = (start + direction * offset) % count
        if selectable(items[index]):
            return index
    return None
