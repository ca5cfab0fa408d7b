"""The tray's symbolic icons: one glyph per look, for panels that draw tray icons in
their own colour, and the rule for when the StatusNotifierItem names them.

``tools/draw_status_icons.py`` draws them into ``ergo/data/icons/hicolor/scalable/status/``
(one colour, filled shapes only, as GTK and KDE recolour them); the item sends their
names (``IconName``, ``AttentionIconName``) and the icon folder (``IconThemePath``)
alongside the colour pixmaps, which stay for hosts that cannot find the names.

Hosts do not agree on what a name means:

- GNOME's AppIndicator extension and Plasma 6 take the name first (from
  ``IconThemePath``) and recolour a symbolic icon to the panel's text colour; they fall
  back to the pixmap when the name is not found. Plasma 5's tray engine took the pixmap
  whenever one was sent: there the colour icon stays.
- waybar, xfce4-panel and lxqt-panel also take the name first, but draw an icon found
  through ``IconThemePath`` as it is, unrecoloured: a grey glyph instead of ergo's
  colour icon. lxqt-panel never reads the pixmap of an item that gives a name.

So the names are sent only on the desktops whose trays are monochrome and recolour
(:func:`wanted`); elsewhere the colour pixmaps alone keep the state's colour.
Called on the tray's thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ergo.desktop.pixmaps import LOOKS
from ergo.ports import TrayStatus

#: The icon theme folder sent as ``IconThemePath``: it holds ``hicolor/index.theme``,
#: so that a host searching only this folder (waybar) finds the icons too.
FOLDER = Path(__file__).resolve().parent.parent / "data" / "icons"
#: XDG_CURRENT_DESKTOP names whose trays recolour symbolic icons.
RECOLOURING_DESKTOPS = frozenset({"GNOME", "KDE", "UNITY"})


def icon_name(status: TrayStatus) -> str:
    """Return the icon name of ``status``'s look (paused and snoozed share one)."""
    return f"ergo-{LOOKS[status].replace('_', '-')}-symbolic"


def icon_file(status: TrayStatus) -> Path:
    """Return the SVG file of ``status``'s symbolic icon."""
    return FOLDER / "hicolor" / "scalable" / "status" / f"{icon_name(status)}.svg"


def wanted(env: Mapping[str, str]) -> bool:
    """Should the tray name its symbolic icons on this desktop (``XDG_CURRENT_DESKTOP``)?"""
    desktops = {name.strip().upper() for name in env.get("XDG_CURRENT_DESKTOP", "").split(":")}
    return not desktops.isdisjoint(RECOLOURING_DESKTOPS)
