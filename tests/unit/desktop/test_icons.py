"""Tray icons: one distinct picture per status."""

from __future__ import annotations

from ergo.desktop.icons import draw_icon, write_png
from ergo.ports import TRAY_STATUSES


def test_each_status_has_its_own_picture_except_paused_and_snoozed_which_share_one():
    pictures = {status: draw_icon(status).tobytes() for status in TRAY_STATUSES}
    assert pictures["paused"] == pictures["snoozed"]
    distinct = {pictures[s] for s in ("active", "paused", "due", "off_hours")}
    assert len(distinct) == 4


def test_icons_are_square_rgba_at_the_asked_size_with_transparent_corners():
    image = draw_icon("active", 22)
    assert image.size == (22, 22)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((11, 11))[3] == 255


def test_write_png_creates_a_readable_png(tmp_path):
    from PIL import Image

    path = write_png("due", tmp_path / "icons" / "due.png", size=48)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (48, 48)
