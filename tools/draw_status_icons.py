"""Draw the tray's symbolic icons (ergo/desktop/symbolic_icons.py) as SVG files, one per
look, in the shapes of the colour tray icons (ergo/desktop/icons.py): a standing figure
(active), pause bars (paused or snoozed), a figure stretching its arms up with a dot
(due) and a crescent moon (off hours). They are one colour and made of filled shapes
only (circle, rect, path): GTK recolours the fill of those elements, KDE the
``ColorScheme-Text`` class, and neither recolours strokes. Run it from the repository
root after changing a shape; the results are committed as package data:

    python tools/draw_status_icons.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from draw_icon import capsule
from draw_icon import number as _n

from ergo.desktop.pixmaps import LOOKS
from ergo.desktop.symbolic_icons import icon_file

#: The colour symbolic icons are drawn in; hosts replace it with their foreground.
COLOUR = "#bebebe"
SIZE = 16
TITLES = {
    "active": "ergo: reminders running",
    "paused": "ergo: paused or snoozed",
    "due": "ergo: a reminder is due",
    "off_hours": "ergo: outside working hours",
}
_FILL = 'class="ColorScheme-Text" fill="currentColor"'


def _path(data: str) -> str:
    return f'<path {_FILL} d="{data}"/>'


def _limb(x1: float, y1: float, x2: float, y2: float, width: float) -> str:
    """A filled capsule ``width`` wide from (x1, y1) to (x2, y2): a round-capped line."""
    return _path(capsule(x1, y1, x2, y2, width))


def _figure(x: float, *, arms_up: bool) -> list[str]:
    hand_y, hand_dx = (2.5, 4.25) if arms_up else (9.75, 3.25)
    return [
        f'<circle {_FILL} cx="{_n(x)}" cy="2.5" r="2"/>',
        f'<rect {_FILL} x="{_n(x - 1.25)}" y="5" width="2.5" height="5.5" rx="1.25"/>',
        _limb(x - 0.5, 6.25, x - hand_dx, hand_y, 1.6),
        _limb(x + 0.5, 6.25, x + hand_dx, hand_y, 1.6),
        _limb(x - 0.5, 10, x - 2.25, 14.75, 1.8),
        _limb(x + 0.5, 10, x + 2.25, 14.75, 1.8),
    ]


def _pause_bars() -> list[str]:
    return [f'<rect {_FILL} x="{x}" y="2" width="3.5" height="12" rx="1"/>' for x in (3.5, 9)]


def _crescent() -> list[str]:
    """A disc less a smaller disc overlapping its top right: two arcs between the points
    where the circles cross."""
    (x1, y1, r1), (x2, y2, r2) = (7.5, 8.5, 6.5), (11.0, 5.0, 5.25)
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy)
    along = (r1 * r1 - r2 * r2 + d * d) / (2 * d)
    across = math.sqrt(r1 * r1 - along * along)
    mx, my = x1 + along * dx / d, y1 + along * dy / d
    start = (mx + across * dy / d, my - across * dx / d)
    end = (mx - across * dy / d, my + across * dx / d)
    return [_path(f"M {_n(start[0])} {_n(start[1])} A {_n(r1)} {_n(r1)} 0 1 0 {_n(end[0])} "
                  f"{_n(end[1])} A {_n(r2)} {_n(r2)} 0 0 1 {_n(start[0])} {_n(start[1])} Z")]


SHAPES = {
    "active": _figure(8, arms_up=False),
    "paused": _pause_bars(),
    "due": [*_figure(6.5, arms_up=True), f'<circle {_FILL} cx="13" cy="12.5" r="2.5"/>'],
    "off_hours": _crescent(),
}


def svg(look: str) -> str:
    """Return the SVG text of ``look``'s symbolic icon."""
    body = "\n  ".join(SHAPES[look])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
            f'viewBox="0 0 {SIZE} {SIZE}">\n'
            f"  <title>{TITLES[look]}</title>\n"
            f'  <style id="current-color-scheme" type="text/css">'
            f".ColorScheme-Text {{ color: {COLOUR}; }}</style>\n"
            f"  {body}\n</svg>\n")


def main() -> int:
    for status, look in LOOKS.items():
        path = icon_file(status)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg(look))
    return 0


if __name__ == "__main__":
    sys.exit(main())
