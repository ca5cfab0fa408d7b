"""The tray's symbolic icons: valid one-colour symbolic SVGs, one look per state, found by
name the way tray hosts look them up, and named only on desktops that recolour them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest

from ergo.desktop import symbolic_icons
from ergo.desktop.pixmaps import LOOKS
from ergo.ports import TRAY_STATUSES
from tests.missing import unavailable
from tests.tool_modules import load_tool

SVG = "{http://www.w3.org/2000/svg}"
#: What GTK recolours (the fill of these elements); text, strokes and other shapes stay.
SHAPES = {f"{SVG}circle", f"{SVG}rect", f"{SVG}path"}


def test_each_state_has_its_icon_paused_and_snoozed_share_one():
    names = {status: symbolic_icons.icon_name(status) for status in TRAY_STATUSES}
    assert names == {
        "active": "ergo-active-symbolic", "paused": "ergo-paused-symbolic",
        "snoozed": "ergo-paused-symbolic", "due": "ergo-due-symbolic",
        "off_hours": "ergo-off-hours-symbolic",
    }
    assert all(symbolic_icons.icon_file(status).is_file() for status in TRAY_STATUSES)


@pytest.mark.parametrize("status", sorted(set(LOOKS) - {"snoozed"}))
def test_an_icon_is_a_16_pixel_symbolic_svg_of_filled_shapes_in_one_colour(status):
    text = symbolic_icons.icon_file(status).read_text()
    root = ET.fromstring(text)
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("16", "16",
                                                                           "0 0 16 16")
    shapes = [e for e in root.iter() if e.tag in SHAPES]
    assert shapes
    assert {e.tag for e in root.iter()} <= SHAPES | {f"{SVG}svg", f"{SVG}title", f"{SVG}style"}
    for shape in shapes:
        assert shape.get("fill") == "currentColor"
        assert shape.get("class") == "ColorScheme-Text"
        assert shape.get("stroke") is None
    assert set(re.findall(r"#[0-9a-fA-F]{3,8}\b", text)) == {"#bebebe"}
    assert "stroke" not in text


def test_the_icons_are_what_the_drawing_tool_draws():
    tool = load_tool("draw_status_icons")
    for status, look in LOOKS.items():
        assert symbolic_icons.icon_file(status).read_text() == tool.svg(look), status


def rendered(status: str, size: int = 16) -> bytes:
    """The icon's alpha channel at ``size`` pixels, rendered by GdkPixbuf (librsvg)."""
    try:
        import gi

        gi.require_version("GdkPixbuf", "2.0")
        from gi.repository import GdkPixbuf
    except (ImportError, ValueError):
        unavailable("PyGObject with GdkPixbuf is not installed (pip install -e '.[gtk]')")
    image = GdkPixbuf.Pixbuf.new_from_file_at_size(str(symbolic_icons.icon_file(status)),
                                                   size, size)
    pixels = image.get_pixels()
    stride, channels = image.get_rowstride(), image.get_n_channels()
    return bytes(pixels[y * stride + x * channels + 3] for y in range(size) for x in range(size))


def test_at_16_pixels_every_two_states_differ_in_shape_not_only_in_colour():
    looks = ("active", "paused", "due", "off_hours")
    masks = {status: [alpha > 127 for alpha in rendered(status)] for status in looks}
    for one, other in combinations(looks, 2):
        differing = sum(a != b for a, b in zip(masks[one], masks[other], strict=True))
        assert differing > 30, (one, other, differing)


@pytest.mark.parametrize("mode", ["only", "prepend"])
def test_gtk_finds_each_name_in_the_folder_sent_as_icon_theme_path_and_sees_it_as_symbolic(
    mode,
):
    # waybar searches only IconThemePath; xfce4-panel puts it before the system folders.
    try:
        import gi

        gi.require_version("Gtk", "3.0")
        from gi.repository import Gtk
    except (ImportError, ValueError):
        unavailable("PyGObject with GTK 3 is not installed (pip install -e '.[gtk]')")
    theme = Gtk.IconTheme.new()
    if mode == "only":
        theme.set_search_path([str(symbolic_icons.FOLDER)])
    else:
        theme.prepend_search_path(str(symbolic_icons.FOLDER))
    for status in TRAY_STATUSES:
        found = theme.lookup_icon(symbolic_icons.icon_name(status), 22, 0)
        assert found is not None, status
        assert found.get_filename() == str(symbolic_icons.icon_file(status))
        assert found.is_symbolic()


@pytest.mark.parametrize(("desktop", "wanted"), [
    ("GNOME", True), ("ubuntu:GNOME", True), ("KDE", True), ("Unity", True),
    ("XFCE", False), ("LXQt", False), ("sway", False), ("", False),
])
def test_the_names_are_sent_only_where_the_tray_recolours_symbolic_icons(desktop, wanted):
    assert symbolic_icons.wanted({"XDG_CURRENT_DESKTOP": desktop}) is wanted
    assert symbolic_icons.wanted({}) is False
