"""The pre-rendered tray icons: in step with the drawings, read, scaled and blended
without an image library."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib

import pytest
from PIL import Image

from ergo.desktop.icons import draw_icon
from ergo.desktop.pixmaps import (
    LOOKS,
    SIZES,
    Pixels,
    blend,
    copy_icon,
    decode_png,
    icon,
    icon_file,
    scale,
)
from ergo.ports import TRAY_STATUSES


@pytest.mark.parametrize("status", TRAY_STATUSES)
def test_the_shipped_icons_are_the_drawings_at_every_size(status):
    # Fails after a change to ergo/desktop/icons.py until tools/render_tray_icons.py is run.
    for size in SIZES:
        assert icon(status, size).rgba == draw_icon(status, size).tobytes(), (status, size)


@pytest.mark.parametrize("optimize", [False, True])
def test_pngs_are_decoded_whatever_filters_the_encoder_chose(optimize):
    image = Image.effect_noise((37, 11), 80).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((37, 11)))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=optimize)
    assert decode_png(out.getvalue()) == Pixels(37, 11, image.tobytes())


@pytest.mark.parametrize("data, reason", [
    (b"GIF89a", "not a PNG"),
    (b"\x89PNG\r\n\x1a\n", "no header"),
])
def test_what_is_not_an_rgba_png_is_refused_with_a_reason(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode_png(data)


def test_an_rgb_png_is_refused_so_the_caller_can_use_pillow():
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, "PNG")
    with pytest.raises(ValueError, match="only 8-bit RGBA"):
        decode_png(out.getvalue())


def test_damaged_image_data_is_refused():
    data = icon_file("due", 16).read_bytes()
    start = data.index(b"IDAT") + 4
    damaged = data[:start] + zlib.compress(b"x") + data[start + 11:]
    with pytest.raises(ValueError):
        decode_png(damaged)


def test_sizes_between_the_rendered_ones_are_scaled_down_from_the_next_larger():
    pixels = icon("due", 40)
    assert (pixels.width, pixels.height, len(pixels.rgba)) == (40, 40, 40 * 40 * 4)
    assert pixels.rgba[3] == 0  # a transparent corner
    # Close to the drawing at that size (colours weighted by alpha, as they show):
    # on average within a few levels a channel; a shifted or garbled icon is far off.
    ours, drawn = _premultiplied(pixels.rgba), _premultiplied(draw_icon("due", 40).tobytes())
    assert sum(abs(a - b) for a, b in zip(ours, drawn, strict=True)) / len(ours) < 10


def _premultiplied(rgba: bytes) -> list[int]:
    return [rgba[i] if i % 4 == 3 else rgba[i] * rgba[i | 3] // 255 for i in range(len(rgba))]


def test_scaling_weights_colour_by_alpha_so_transparent_pixels_do_not_darken_edges():
    white_and_clear = Pixels(2, 1, bytes([255, 255, 255, 255, 0, 0, 0, 0]))
    assert scale(white_and_clear, 1, 1).rgba == bytes([255, 255, 255, 127])


def test_scaling_up_repeats_pixels():
    red = Pixels(1, 1, bytes([255, 0, 0, 255]))
    assert scale(red, 2, 2).rgba == bytes([255, 0, 0, 255]) * 4


def test_blending_mixes_by_alpha_into_the_given_channel_layout():
    # One BGRX pixel of dark grey under a half-transparent red one, at (1, 0).
    background = bytearray([0, 0, 0, 0, 40, 40, 40, 0])
    blend(background, 2, (2, 1, 0), Pixels(1, 1, bytes([255, 0, 0, 128])), 1, 0)
    assert background == bytearray([0, 0, 0, 0, 20, 20, 148, 0])


def test_the_notification_icon_is_a_copy_of_the_largest_rendered_one(tmp_path):
    path = copy_icon("active", tmp_path / "log" / "ergo-notification.png")
    assert path.read_bytes() == icon_file("active").read_bytes()
    assert decode_png(path.read_bytes()).width == SIZES[-1]


def test_paused_and_snoozed_share_one_file():
    assert icon_file("paused") == icon_file("snoozed")
    assert set(LOOKS) == set(TRAY_STATUSES)


def test_reading_the_icons_loads_no_image_library():
    code = ("import sys\nfrom ergo.desktop.pixmaps import argb, icon\n"
            "argb(icon('due', 30))\nprint('PIL' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
