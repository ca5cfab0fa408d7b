"""Line figures for the exercises, as plain data: ergo draws its own illustrations.

Each figure is a few shapes in a 100 x 100 box (x to the right, y down): the
body in thick lines, the chair or desk in grey, and an orange arrow for the
movement. The window scales them onto a Tk canvas. A figure is drawn for the
person's left side; the right side is its mirror image.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["body", "prop", "arrow", "head"]


@dataclass(frozen=True)
class Shape:
    """A polyline (``head``: a circle of ``radius`` around the single point).

    ``arrow`` shapes are drawn smooth, with an arrowhead at the end, or at
    both ends when ``both`` is set.
    """

    kind: Kind
    points: tuple[tuple[float, float], ...]
    radius: float = 0.0
    both: bool = False

    def mirrored(self) -> Shape:
        points = tuple((100 - x, y) for x, y in self.points)
        return Shape(self.kind, points, self.radius, self.both)


def _line(kind: Kind, *points: tuple[float, float], both: bool = False) -> Shape:
    return Shape(kind, points, both=both)


def _head(x: float, y: float) -> Shape:
    return Shape("head", ((x, y),), radius=7)


_FLOOR = _line("prop", (8, 91), (92, 91))
# Side view of a chair, the person sitting near its front edge, facing right.
_CHAIR_SIDE = (
    _line("prop", (26, 28), (30, 63), (60, 63)),
    _line("prop", (32, 63), (32, 91)),
    _line("prop", (58, 63), (58, 91)),
)
_SEATED_SIDE = (
    _line("body", (49, 59), (51, 32)),
    _head(52, 21),
    _line("body", (49, 59), (72, 59), (72, 88), (80, 88)),
    _line("body", (51, 34), (58, 47), (66, 56)),
)

FIGURES: dict[str, tuple[Shape, ...]] = {
    "pelvic-tilt": (
        _FLOOR,
        *_CHAIR_SIDE,
        *_SEATED_SIDE,
        _line("arrow", (41, 70), (35, 59), (41, 48), both=True),
    ),
    "drawing-in": (
        _FLOOR,
        *_CHAIR_SIDE,
        *_SEATED_SIDE,
        _line("arrow", (68, 45), (56, 45)),
    ),
    # Front view: hips square, shoulders turned, arms crossed with hands on shoulders.
    "seated-twist": (
        _FLOOR,
        _line("prop", (28, 64), (72, 64)),
        _line("prop", (31, 64), (31, 91)),
        _line("prop", (69, 64), (69, 91)),
        _line("body", (41, 61), (59, 61)),
        _line("body", (50, 61), (50, 32)),
        _head(50, 21),
        _line("body", (57, 21), (61, 22)),
        _line("body", (42, 35), (58, 31)),
        _line("body", (42, 35), (53, 45), (57, 33)),
        _line("body", (58, 31), (46, 44), (43, 36)),
        _line("body", (43, 61), (40, 69), (40, 88), (35, 88)),
        _line("body", (57, 61), (60, 69), (60, 88), (65, 88)),
        _line("arrow", (30, 46), (50, 53), (72, 42)),
    ),
    # Side view, standing, leaning back with the hands on the back of the hips.
    "back-extension": (
        _FLOOR,
        _line("body", (50, 89), (50, 72), (50, 55)),
        _line("body", (50, 89), (59, 89)),
        _line("body", (50, 55), (42, 27)),
        _head(39, 17),
        _line("body", (42, 29), (35, 42), (45, 54)),
        _line("arrow", (62, 34), (59, 19), (49, 8)),
    ),
    # Side view, standing at the desk, one hand on it, one knee lifted.
    "knee-lift": (
        _FLOOR,
        _line("prop", (66, 50), (96, 50)),
        _line("prop", (71, 50), (71, 91)),
        _line("body", (42, 89), (42, 72), (42, 54)),
        _line("body", (42, 89), (50, 89)),
        _line("body", (42, 54), (57, 47), (57, 68), (64, 68)),
        _line("body", (42, 54), (42, 27)),
        _head(43, 17),
        _line("body", (42, 29), (54, 39), (67, 48)),
        _line("arrow", (29, 74), (29, 52)),
    ),
}


def figure(name: str | None, side: str | None) -> tuple[Shape, ...]:
    """Given an illustration name and a step's side, return the shapes to draw (none if unknown)."""
    shapes = FIGURES.get(name or "", ())
    return tuple(shape.mirrored() for shape in shapes) if side == "right" else shapes
