"""What the StatusNotifierItem sends that can be checked without a bus: pixmaps, status."""

from __future__ import annotations

from PIL import Image

from ergo.desktop.icons import draw_icon
from ergo.desktop.tray_sni import PIXMAP_SIZES, icon_pixmaps, item_status, pixmap
from ergo.ports import TRAY_STATUSES


def test_a_pixmap_is_argb32_in_network_byte_order_alpha_first():
    image = Image.new("RGBA", (2, 1))
    image.putpixel((0, 0), (0x11, 0x22, 0x33, 0x44))
    image.putpixel((1, 0), (0xAA, 0xBB, 0xCC, 0xFF))
    assert pixmap(image) == (2, 1, bytes([0x44, 0x11, 0x22, 0x33, 0xFF, 0xAA, 0xBB, 0xCC]))


def test_an_rgb_image_becomes_opaque_argb():
    assert pixmap(Image.new("RGB", (1, 1), (1, 2, 3))) == (1, 1, bytes([255, 1, 2, 3]))


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
