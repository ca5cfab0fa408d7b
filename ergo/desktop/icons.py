"""ergo's tray and notification icons, drawn with Pillow.

The daemon does not draw them: ``tools/render_tray_icons.py`` renders them into
``ergo/data/tray/`` at build time and :mod:`ergo.desktop.pixmaps` reads those files;
pystray's backends, which take Pillow images, draw them here.

One look per tray status, told apart by colour *and* shape so they stay distinct
for colour-blind users and in monochrome panels:

- active: a teal disc with a standing figure;
- paused or snoozed: a grey disc with pause bars;
- due: an orange disc with a figure stretching its arms up;
- off_hours: a dark disc with a crescent moon.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from ergo.ports import TrayStatus

# Drawn on a 4x canvas and scaled down, which smooths the edges (Pillow's shapes
# have no anti-aliasing of their own).
_SCALE = 4
_UNIT = 64 * _SCALE

_BACKGROUND: dict[TrayStatus, str] = {
    "active": "#168f7f",
    "paused": "#6f7479",
    "snoozed": "#6f7479",
    "due": "#e0661b",
    "off_hours": "#2e3440",
}
_INK = "#ffffff"


def draw_icon(status: TrayStatus, size: int = 64) -> Image.Image:
    """Given a tray status, return a square RGBA icon of ``size`` pixels for it."""
    image = Image.new("RGBA", (_UNIT, _UNIT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = 2 * _SCALE
    draw.ellipse((margin, margin, _UNIT - margin, _UNIT - margin), fill=_BACKGROUND[status])
    if status == "active":
        _figure(draw, arms_up=False)
    elif status == "due":
        _figure(draw, arms_up=True)
    elif status in ("paused", "snoozed"):
        _pause_bars(draw)
    else:
        _moon(draw, _BACKGROUND[status])
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_png(status: TrayStatus, path: Path, size: int = 128) -> Path:
    """Write the icon for ``status`` as a PNG at ``path`` (for notifications); return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_icon(status, size).save(path, "PNG")
    return path


def _u(value: float) -> int:
    """Given a coordinate on the 64-pixel design grid, return it on the canvas."""
    return round(value * _SCALE)


def _figure(draw: ImageDraw.ImageDraw, *, arms_up: bool) -> None:
    width = _u(5)
    draw.ellipse((_u(26), _u(9), _u(38), _u(21)), fill=_INK)
    draw.line((_u(32), _u(22), _u(32), _u(40)), fill=_INK, width=width)
    if arms_up:
        draw.line((_u(32), _u(28), _u(16), _u(17)), fill=_INK, width=width)
        draw.line((_u(32), _u(28), _u(48), _u(17)), fill=_INK, width=width)
    else:
        draw.line((_u(32), _u(26), _u(22), _u(36)), fill=_INK, width=width)
        draw.line((_u(32), _u(26), _u(42), _u(36)), fill=_INK, width=width)
    draw.line((_u(32), _u(39), _u(24), _u(54)), fill=_INK, width=width)
    draw.line((_u(32), _u(39), _u(40), _u(54)), fill=_INK, width=width)


def _pause_bars(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((_u(21), _u(18), _u(29), _u(46)), radius=_u(2), fill=_INK)
    draw.rounded_rectangle((_u(35), _u(18), _u(43), _u(46)), radius=_u(2), fill=_INK)


def _moon(draw: ImageDraw.ImageDraw, background: str) -> None:
    draw.ellipse((_u(17), _u(15), _u(47), _u(45)), fill="#f2e7b6")
    draw.ellipse((_u(25), _u(10), _u(53), _u(38)), fill=background)
