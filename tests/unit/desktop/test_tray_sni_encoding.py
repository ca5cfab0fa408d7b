"""What the StatusNotifierItem sends that can be checked without a bus: pixmaps, status."""

from __future__ import annotations

from ergo.desktop.icons import draw_icon
from ergo.desktop.pixmaps import Pixels, argb
from ergo.desktop.tray_sni import PIXMAP_SIZES, icon_pixmaps, item_status
from ergo.ports import TRAY_STATUSES


def test_a_pixmap_is_argb32_in_network_byte_order_alpha_first():
    pixels = Pixels(2, 1, bytes([0x11, 0x22, 0x33, 0x44, 0xAA, 0xBB, 0xCC, 0xFF]))
    assert argb(pixels) == bytes([0x44, 0x11, 0x22, 0x33, 0xFF, 0xAA, 0xBB, 0xCC])


def test_pixmaps_come_in_every_size_smallest_first_with_each_pixel_from_the_icon():
    pixmaps = icon_pixmaps("due")
    assert [(w, h) for w, h, _ in pixmaps] == [(s, s) for s in sorted(PIXMAP_SIZES)]
    width, height, data = pixmaps[-1]
    assert len(data) == width * height * 4
    red, green, blue, alpha = draw_icon("due", width).getpixel((10, 32))
    offset = (32 * width + 10) * 4
    assert tuple(data[offset : offset + 4]) == (alpha, red, green, blue)


def test_only_a_due_reminder_makes_the_item_ask_for_attention():
    assert {s: item_status(s) for s in TRAY_STATUSES} == {
        "active": "Active", "paused": "Active", "snoozed": "Active",
        "due": "NeedsAttention", "off_hours": "Active",
    }
