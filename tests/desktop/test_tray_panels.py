"""ergo's StatusNotifierItem in real panels, xfce4-panel and lxqt-panel, clicked with xdotool.

The two hosts read the item differently (XFCE: GetAll, GetGroupProperties,
EventGroup; LXQt: one Get per property, Introspect, Event), so each test runs in
both. The icon is found by comparing the panel before and after it appears.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.desktop.session import PANELS, DesktopSession, Window, wait_until
from tests.desktop.trayapp import TrayApp
from tests.missing import unavailable

pytestmark = pytest.mark.desktop

#: The panel strip along the top of the screen, where both panels put the tray.
STRIP = (0, 0, 1280, 40)
#: Dark teal, the active icon's disc (ergo.desktop.icons).
TEAL = (0x16, 0x8F, 0x7F)
#: The grey the symbolic icons are drawn in (tools/draw_status_icons.py).
GREY = (0xBE, 0xBE, 0xBE)


@pytest.fixture(params=PANELS)
def panel(request: pytest.FixtureRequest, desktop: DesktopSession) -> Iterator[str]:
    program = request.param
    if shutil.which(program) is None:
        message = f"{program} is not installed (see .ci/run)"
        unavailable(message)
    desktop.start_panel(program)
    yield program
    desktop.stop_panel()


def near(colour: tuple[int, int, int], other: tuple[int, int, int]) -> bool:
    return max(abs(a - b) for a, b in zip(colour, other, strict=True)) < 24


class PanelIcon:
    """ergo's icon in the panel: started in tray_app.py (``env`` added to its environment)
    and found on screen."""

    def __init__(self, desktop: DesktopSession, *args: str,
                 env: dict[str, str] | None = None) -> None:
        from PIL import ImageChops

        self.desktop = desktop
        before = desktop.grab(STRIP)
        self.app = TrayApp(desktop, "", *args, env=env)
        self.box = wait_until(
            lambda: ImageChops.difference(before, desktop.grab(STRIP)).getbbox(),
            10, "ergo's icon in the panel",
        )

    @property
    def centre(self) -> tuple[int, int]:
        left, top, right, bottom = self.box
        return (left + right) // 2, (top + bottom) // 2

    def click(self, button: int) -> None:
        x, y = self.centre
        self.desktop.run("xdotool", "mousemove", str(x), str(y), "click", str(button))

    def open_menu(self, button: int = 3) -> Window:
        before = {w.id for w in self.desktop.top_windows()}
        self.click(button)
        menu = wait_until(
            lambda: next(
                (w for w in self.desktop.top_windows() if w.id not in before and w.height > 40),
                None,
            ),
            what="the panel to open ergo's menu",
        )
        return self.desktop.settled(menu.id)


@pytest.fixture
def icon(panel: str, desktop: DesktopSession) -> Iterator[PanelIcon]:
    icon = PanelIcon(desktop)
    yield icon
    desktop.terminate(icon.app.process)


def test_the_icon_shows_in_the_panel_as_a_status_notifier_item(
    icon: PanelIcon, desktop: DesktopSession
):
    assert icon.app.tray_name() == "sni"
    image = desktop.grab(icon.box)
    colours = image.getcolors(image.width * image.height)
    teal = sum(n for n, rgb in colours if near(rgb, TEAL))
    assert teal > 20
    assert any(
        name.startswith(f"org.kde.StatusNotifierItem-{icon.app.process.pid}-")
        for name in desktop.registered_items()
    )


def test_where_the_item_names_its_symbolic_icon_the_panel_draws_it_as_it_is(
    panel: str, desktop: DesktopSession
):
    # On a GNOME or KDE desktop the item names its symbolic icons. Both panels find them
    # through IconThemePath and draw them in their own grey, not recoloured and not the
    # colour pixmap: the reason the item names them only where trays recolour.
    icon = PanelIcon(desktop, env={"XDG_CURRENT_DESKTOP": "GNOME"})
    try:
        image = desktop.grab(icon.box)
        colours = image.getcolors(image.width * image.height)
        assert sum(n for n, rgb in colours if near(rgb, GREY)) > 20
        assert not any(near(rgb, TEAL) for _n, rgb in colours)
    finally:
        desktop.terminate(icon.app.process)


def test_right_click_opens_the_menu_and_an_entry_in_a_submenu_reaches_on_action(
    icon: PanelIcon, desktop: DesktopSession
):
    icon.open_menu()
    # The first enabled entry is "Snooze"; Right opens its submenu on "5 minutes".
    desktop.open_submenu("Down", "Right")
    desktop.key("Return")
    assert icon.app.next_event() == {"action": "snooze:5m"}


def test_a_left_click_runs_the_default_entry(icon: PanelIcon):
    icon.click(1)
    assert icon.app.next_event() == {"action": "quit"}
    assert icon.app.process.wait(5) == 0


# ItemIsMenu is true then; XFCE honours it, lxqt-panel 1.2 always calls Activate.
@pytest.mark.parametrize("panel", ["xfce4-panel"], indirect=True)
def test_in_xfce_a_left_click_opens_the_menu_when_no_entry_is_the_default(
    panel: str, desktop: DesktopSession
):
    icon = PanelIcon(desktop, "--no-default")
    try:
        icon.open_menu(button=1)
        desktop.open_submenu("Down", "Right")
        desktop.key("Return")
        assert icon.app.next_event() == {"action": "snooze:5m"}
    finally:
        desktop.terminate(icon.app.process)


def test_after_the_panel_restarts_the_item_registers_again_and_shows(
    icon: PanelIcon, panel: str, desktop: DesktopSession
):
    desktop.stop_panel()
    desktop.start_panel(panel)
    wait_until(
        lambda: any(str(icon.app.process.pid) in name for name in desktop.registered_items()),
        what="the item to register again",
    )
    icon.open_menu()
    desktop.open_submenu("Down", "Right")
    desktop.key("Down", "Return")
    assert icon.app.next_event() == {"action": "snooze:10m"}


def test_screenshot_of_the_open_menu(
    icon: PanelIcon, panel: str, desktop: DesktopSession, screenshots
):
    menu = icon.open_menu()
    desktop.open_submenu("Down", "Right")
    name = {"xfce4-panel": "tray-menu-xfce.png", "lxqt-panel": "tray-menu-lxqt.png"}[panel]
    submenu_width = 260
    shot = desktop.screenshot(
        screenshots / name, (0, 0, menu.x + menu.width + submenu_width, menu.y + menu.height + 12)
    )
    assert shot.stat().st_size > 0
    desktop.key("Escape", "Escape")
