"""Draw ergo's application icon: a figure sitting upright on a chair, on a teal tile.

The shapes are defined once, below, and written as the scalable SVG, through Pillow as
the PNG sizes of the hicolor icon theme, and without the tile in one colour as the
symbolic icon (``ergo-symbolic.svg``) that panels recolour to match their theme. The
symbolic icon is made of filled shapes only: GTK and KDE recolour fills, not strokes. Run
it from the repository root after changing a shape; the results are committed as package
data:

    python tools/draw_icon.py
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
OUT = Path(__file__).resolve().parent.parent / "ergo" / "data" / "icons" / "hicolor"
VIEW = 256

TILE = "#1e7f6e"
FIGURE = "#ffffff"
CHAIR = "#a7e8d6"
# The colour symbolic icons are drawn in; themes replace it with their foreground.
SYMBOLIC = "#2e3436"
SYMBOLIC_VIEW = 16

# (kind, geometry, width, colour) in a 256 x 256 view box; strokes have round caps and joins.
SHAPES: list[tuple[str, tuple, int, str]] = [
    ("tile", (16, 16, 240, 240, 52), 0, TILE),
    # office chair: back rest and seat, stem, base
    ("stroke", ((62, 96), (62, 194), (142, 194)), 16, CHAIR),
    ("stroke", ((102, 194), (102, 222)), 16, CHAIR),
    ("stroke", ((72, 226), (132, 226)), 14, CHAIR),
    # the figure: head, straight spine into thigh, shin and foot, arm resting forward
    ("disc", (114, 60, 26), 0, FIGURE),
    ("stroke", ((104, 104), (104, 166), (170, 166), (170, 212), (196, 212)), 30, FIGURE),
    ("stroke", ((108, 114), (146, 132)), 20, FIGURE),
]


def number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def capsule(x1: float, y1: float, x2: float, y2: float, width: float) -> str:
    """The SVG path data of a filled capsule ``width`` wide from (x1, y1) to (x2, y2):
    a line with round caps, drawn as a fill."""
    length = math.hypot(x2 - x1, y2 - y1)
    nx, ny = -(y2 - y1) / length * width / 2, (x2 - x1) / length * width / 2
    n, r = number, number(width / 2)
    return (f"M {n(x1 + nx)} {n(y1 + ny)} L {n(x2 + nx)} {n(y2 + ny)} "
            f"A {r} {r} 0 0 0 {n(x2 - nx)} {n(y2 - ny)} "
            f"L {n(x1 - nx)} {n(y1 - ny)} A {r} {r} 0 0 0 {n(x1 + nx)} {n(y1 + ny)} Z")


def svg(symbolic: bool = False) -> str:
    """Return the icon as SVG; ``symbolic`` leaves out the tile and uses one colour, at
    the 16 pixel size symbolic icons are drawn for (the view box stays the same)."""
    size = SYMBOLIC_VIEW if symbolic else VIEW
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'viewBox="0 0 {VIEW} {VIEW}">', "  <title>ergo</title>"]
    for kind, geometry, width, shape_colour in SHAPES:
        if symbolic and kind == "tile":
            continue
        colour = SYMBOLIC if symbolic else shape_colour
        if kind == "tile":
            x0, y0, x1, y1, radius = geometry
            parts.append(f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" '
                         f'rx="{radius}" fill="{colour}"/>')
        elif kind == "disc":
            cx, cy, r = geometry
            parts.append(f'  <circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>')
        elif symbolic:
            # One round-capped capsule per segment: the caps also round the joins.
            for (x1, y1), (x2, y2) in itertools.pairwise(geometry):
                parts.append(f'  <path d="{capsule(x1, y1, x2, y2, width)}" '
                             f'fill="{colour}"/>')
        else:
            path = " L ".join(f"{x} {y}" for x, y in geometry)
            parts.append(f'  <path d="M {path}" fill="none" stroke="{colour}" '
                         f'stroke-width="{width}" stroke-linecap="round" '
                         'stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def png(size: int) -> Image.Image:
    # Draw large and scale down, which gives smooth edges at every size.
    scale = 1024 // VIEW
    big = Image.new("RGBA", (VIEW * scale, VIEW * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    for kind, geometry, width, colour in SHAPES:
        if kind == "tile":
            x0, y0, x1, y1, radius = (v * scale for v in geometry)
            draw.rounded_rectangle((x0, y0, x1, y1), radius=radius, fill=colour)
        elif kind == "disc":
            cx, cy, r = (v * scale for v in geometry)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        else:
            points = [(x * scale, y * scale) for x, y in geometry]
            half = width * scale / 2
            draw.line(points, fill=colour, width=width * scale, joint="curve")
            for x, y in points:
                draw.ellipse((x - half, y - half, x + half, y + half), fill=colour)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    scalable = OUT / "scalable" / "apps" / "ergo.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_text(svg(), encoding="utf-8")
    symbolic = OUT / "symbolic" / "apps" / "ergo-symbolic.svg"
    symbolic.parent.mkdir(parents=True, exist_ok=True)
    symbolic.write_text(svg(symbolic=True), encoding="utf-8")
    for size in SIZES:
        target = OUT / f"{size}x{size}" / "apps" / "ergo.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        png(size).save(target, optimize=True)
        print(target)
    print(scalable)
    print(symbolic)


if __name__ == "__main__":
    main()
