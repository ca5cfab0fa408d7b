"""The tray and notification icons as pixels, from PNGs rendered at build time.

The running daemon draws nothing: ``tools/render_tray_icons.py`` renders each look of
:mod:`ergo.desktop.icons` (with Pillow) into ``ergo/data/tray/`` at the sizes trays
ask for, and this module reads those files with the standard library (zlib, struct),
scales them to any other size and blends them over a background, so no image library
is loaded at rest. Called on the tray's and the notifier's threads; decoded and scaled
icons are cached (a few kB each).
"""

from __future__ import annotations

import functools
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from ergo.ports import TrayStatus

#: The sizes rendered at build time, in pixels (the largest serves notifications).
SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128)
FOLDER = Path(__file__).resolve().parent.parent / "data" / "tray"
#: Paused and snoozed look the same.
LOOKS: dict[TrayStatus, str] = {
    "active": "active", "paused": "paused", "snoozed": "paused", "due": "due",
    "off_hours": "off_hours",
}
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Pixels:
    """An image as 8-bit RGBA bytes, row by row, not premultiplied."""

    width: int
    height: int
    rgba: bytes


def icon_file(status: TrayStatus, size: int = SIZES[-1]) -> Path:
    """Return the rendered PNG of ``status`` at ``size`` (one of :data:`SIZES`)."""
    return FOLDER / f"{LOOKS[status]}-{size}.png"


def copy_icon(status: TrayStatus, path: Path) -> Path:
    """Copy the largest icon of ``status`` to ``path`` (for notifications); return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icon_file(status), path)
    return path


@functools.lru_cache(maxsize=32)
def icon(status: TrayStatus, size: int) -> Pixels:
    """Return the icon of ``status``, ``size`` pixels square: a rendered one, or the next
    larger one scaled down (the largest scaled up, beyond it)."""
    rendered = next((s for s in SIZES if s >= size), SIZES[-1])
    pixels = decode_png(icon_file(status, rendered).read_bytes())
    return pixels if rendered == size else scale(pixels, size, size)


def decode_png(data: bytes) -> Pixels:
    """Given the bytes of an 8-bit RGBA, non-interlaced PNG, return its pixels; raise
    ValueError for anything else."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG file")
    position, chunks, header = len(_SIGNATURE), [], b""
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    if len(header) != 13:
        raise ValueError("the PNG has no header")
    width, height, depth, colour, _method, _filter, interlace = struct.unpack(">IIBBBBB", header)
    if (depth, colour, interlace) != (8, 6, 0):
        raise ValueError("only 8-bit RGBA PNGs without interlacing are read here")
    try:
        raw = zlib.decompress(b"".join(chunks))
    except zlib.error as error:
        raise ValueError(f"the PNG's image data is damaged ({error})") from None
    stride = width * 4
    if len(raw) != (stride + 1) * height:
        raise ValueError("the PNG's image data has the wrong size")
    rows = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous)
        rows += row
        previous = row
    return Pixels(width, height, bytes(rows))


def _unfilter(kind: int, row: bytearray, above: bytearray) -> bytearray:
    """Undo one row's PNG filter (RFC 2083, 6.1), 4 bytes a pixel."""
    if kind == 0:
        return row
    for i in range(len(row)):
        left = row[i - 4] if i >= 4 else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + above[i]) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + above[i]) // 2) & 0xFF
        elif kind == 4:
            corner = above[i - 4] if i >= 4 else 0
            guess = left + above[i] - corner
            near = min((abs(guess - left), 0, left), (abs(guess - above[i]), 1, above[i]),
                       (abs(guess - corner), 2, corner))
            row[i] = (row[i] + near[2]) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return row


def scale(pixels: Pixels, width: int, height: int) -> Pixels:
    """Return ``pixels`` scaled to ``width`` x ``height``: each new pixel is the
    alpha-weighted mean of the old pixels under it (so edges do not darken)."""
    source, old_width = pixels.rgba, pixels.width
    columns = _spans(pixels.width, width)
    out = bytearray(width * height * 4)
    for y, (top, bottom) in enumerate(_spans(pixels.height, height)):
        for x, (left, right) in enumerate(columns):
            red = green = blue = alpha = count = 0
            for sy in range(top, bottom):
                for sx in range(left, right):
                    i = (sy * old_width + sx) * 4
                    a = source[i + 3]
                    red += source[i] * a
                    green += source[i + 1] * a
                    blue += source[i + 2] * a
                    alpha += a
                    count += 1
            o = (y * width + x) * 4
            if alpha:
                out[o:o + 4] = bytes((red // alpha, green // alpha, blue // alpha,
                                      alpha // count))
    return Pixels(width, height, bytes(out))


def _spans(old: int, new: int) -> list[tuple[int, int]]:
    """Return, for each of ``new`` pixels, the range of the ``old`` ones under it."""
    spans = []
    for n in range(new):
        start = n * old // new
        spans.append((start, max(start + 1, (n + 1) * old // new)))
    return spans


def argb(pixels: Pixels) -> bytes:
    """Return the pixels as ARGB32 in network byte order (StatusNotifierItem's
    ``IconPixmap``): the bytes A, R, G, B of each pixel."""
    rgba, out = pixels.rgba, bytearray(len(pixels.rgba))
    out[0::4], out[1::4], out[2::4], out[3::4] = rgba[3::4], rgba[0::4], rgba[1::4], rgba[2::4]
    return bytes(out)


def blend(background: bytearray, width: int, offsets: tuple[int, int, int], picture: Pixels,
          left: int, top: int) -> None:
    """Draw ``picture`` over ``background`` (4 bytes a pixel, ``width`` pixels a row,
    red, green and blue at ``offsets`` within each pixel) with its top left corner at
    (``left``, ``top``), in place."""
    rgba = picture.rgba
    for y in range(picture.height):
        for x in range(picture.width):
            i = (y * picture.width + x) * 4
            alpha = rgba[i + 3]
            if not alpha:
                continue
            o = ((top + y) * width + left + x) * 4
            for channel, offset in enumerate(offsets):
                under = background[o + offset]
                background[o + offset] = (rgba[i + channel] * alpha + under * (255 - alpha)
                                          + 127) // 255
