"""ergo's tray icon in the Wayland trays: GNOME Shell's AppIndicator extension, which
recolours symbolic icons, and waybar, which does not.

On GNOME the item names the symbolic icon of each state, and the shell loads it from
ergo's icon folder and draws it in the panel's text colour, not in the grey of the file.
On sway waybar gets the colour icon; told to, it would draw the symbolic one in grey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ergo.desktop.symbolic_icons import FOLDER
from tests.desktop.session import wait_until
from tests.wayland.session import WaylandSession
from tests.wayland.test_compositors import Ergo

pytestmark = [pytest.mark.wayland, pytest.mark.xdist_group("wayland")]

# Prints, for ergo's indicator in the panel, the file its icon was loaded from, its box on
# screen and the colour the shell draws symbolic icons in there, as JSON.
_INDICATOR = """
import sys
from jeepney import DBusAddress
from ergo.desktop.dbus import Bus
shell = DBusAddress("/org/gnome/Shell", bus_name="org.gnome.Shell", interface="org.gnome.Shell")
ok, out = Bus("SESSION").call(shell, "Eval", "s", (
    "Object.entries(Main.panel.statusArea)"
    ".filter(([name]) => name.startsWith('appindicator-org.kde.StatusNotifierItem-'))"
    ".map(([name, button]) => { const icon = button._icon; const gicon = icon.gicon;"
    " const [x, y] = icon.get_transformed_position(); const [w, h] = icon.get_transformed_size();"
    " return [(gicon.get_icon ? gicon.get_icon() : gicon).to_string(), [x, y, w, h],"
    " icon.get_theme_node().get_foreground_color().to_string()]; })",))
print(out if ok else "[]")
"""
_SCREENSHOT = """
import sys
from jeepney import DBusAddress
from ergo.desktop.dbus import Bus
screenshot = DBusAddress("/org/gnome/Shell/Screenshot", bus_name="org.gnome.Shell.Screenshot",
                         interface="org.gnome.Shell.Screenshot")
x, y, w, h = (int(float(v)) for v in sys.argv[1:5])
ok, _ = Bus("SESSION").call(screenshot, "ScreenshotArea", "iiiibs",
                            (x, y, w, h, False, sys.argv[5]))
sys.exit(0 if ok else 1)
"""


def indicator(gnome: WaylandSession) -> tuple[str, list[float], str] | None:
    found = json.loads(gnome.run(str(gnome.python), "-c", _INDICATOR, check=False).stdout
                       or "[]")
    return tuple(found[0]) if found else None  # type: ignore[return-value]


def showing(gnome: WaylandSession, name: str) -> tuple[str, list[float], str]:
    return wait_until(lambda: (shown := indicator(gnome)) and shown[0].endswith(f"/{name}.svg")
                      and shown, 15, f"the indicator to show {name}")


def grab(gnome: WaylandSession, box: list[float], name: str):
    from PIL import Image

    path = gnome.home / name
    gnome.run(str(gnome.python), "-c", _SCREENSHOT, *(str(v) for v in box), str(path))
    with Image.open(path) as image:
        return image.convert("RGB")


def near(colour: tuple[int, ...], other: tuple[int, ...]) -> bool:
    return max(abs(a - b) for a, b in zip(colour, other, strict=False)) < 24


def test_on_gnome_the_tray_draws_each_states_symbolic_icon_in_the_panels_colour(
    gnome: WaylandSession, screenshots: Path
):
    ergo = Ergo(gnome)
    try:
        ergo.wait_for_status()
        file, box, foreground = showing(gnome, "ergo-active-symbolic")
        assert Path(file).relative_to(Path(file).parents[4]) == Path(
            "icons/hicolor/scalable/status/ergo-active-symbolic.svg")
        assert Path(file).parts[-6:-4] == FOLDER.parts[-2:]
        text = tuple(int(foreground[i:i + 2], 16) for i in (1, 3, 5))
        shots = {"active": grab(gnome, box, "active.png")}
        ergo.command("trigger", "feet-flat")
        shots["due"] = grab(gnome, showing(gnome, "ergo-due-symbolic")[1], "due.png")
        ergo.command("pause")
        shots["paused"] = grab(gnome, showing(gnome, "ergo-paused-symbolic")[1], "paused.png")
        for state, image in shots.items():
            colours = image.getcolors(image.width * image.height)
            # Drawn as in the file, the icon's fullest pixels would be #bebebe.
            assert sum(n for n, rgb in colours if near(rgb, text)) > 10, state
        pictures = [image.tobytes() for image in shots.values()]
        assert len(set(pictures)) == 3

        from PIL import Image

        width, height = shots["active"].size
        sheet = Image.new("RGB", (3 * width + 16, height), shots["active"].getpixel((0, 0)))
        for i, image in enumerate(shots.values()):
            sheet.paste(image, (i * (width + 8), 0))
        sheet.save(screenshots / "tray-gnome-symbolic.png")
    finally:
        ergo.stop()


def waybar_strip(sway: WaylandSession, name: str):
    """waybar's bar along the top, taken with grim."""
    from PIL import Image

    path = sway.home / name
    sway.run("grim", "-g", "0,0 1280x30", str(path))
    with Image.open(path) as image:
        return image.convert("RGB")


def counts(image, colour: tuple[int, int, int]) -> int:
    return sum(n for n, rgb in image.getcolors(image.width * image.height) if near(rgb, colour))


def test_on_sway_waybar_shows_the_colour_icon_and_would_draw_the_symbolic_one_in_grey(
    sway: WaylandSession,
):
    teal, grey = (0x16, 0x8F, 0x7F), (0xBE, 0xBE, 0xBE)
    for desktop, shown, absent in (("sway", teal, grey), ("GNOME", grey, teal)):
        ergo = Ergo(sway, env={"XDG_CURRENT_DESKTOP": desktop})
        try:
            ergo.wait_for_status()
            strip = wait_until(lambda shown=shown: (s := waybar_strip(sway, "bar.png"))
                               and counts(s, shown) > 20 and s, 15, f"the icon for {desktop}")
            # A few edge pixels of the colour icon blend into the grey.
            assert counts(strip, absent) < 8, desktop
        finally:
            ergo.stop()
        wait_until(lambda: "StatusNotifierItem" not in sway.registered_items(), 10,
                   "the item to leave waybar")
