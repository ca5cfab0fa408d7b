"""The tray adapters in a real XEmbed tray host (trayer), clicked with xdotool: ergo's
own XEmbed icon and pystray's backends."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from ergo.desktop.xmenu import rows
from ergo.ports import MenuItem
from tests.desktop.apps.tray_app import MENU
from tests.desktop.conftest import needs_gtk
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.sni_host import Watcher
from tests.desktop.trayapp import TrayApp

pytestmark = pytest.mark.desktop




@pytest.fixture
def tray_app(desktop: DesktopSession, request: pytest.FixtureRequest) -> Iterator[TrayApp]:
    app = TrayApp(desktop, request.param)
    yield app
    desktop.terminate(app.process)


ALL_BACKENDS = [
    "xembed",
    pytest.param("gtk", marks=needs_gtk),
    pytest.param("appindicator", marks=needs_gtk),
    "xorg",
]
MENU_BACKENDS = [
    "xembed",
    pytest.param("gtk", marks=needs_gtk),
    pytest.param("appindicator", marks=needs_gtk),
]


@pytest.mark.parametrize("tray_app", ALL_BACKENDS, indirect=True)
def test_the_chosen_backend_runs_and_its_icon_docks_in_the_tray_host(
    tray_app: TrayApp, desktop: DesktopSession
):
    assert tray_app.ready["ready"] == tray_app.backend
    icon = desktop.wait_for_tray_icon()
    assert icon.width > 1 and icon.height > 1


@pytest.mark.parametrize("tray_app", ["xorg"], indirect=True)
def test_the_xorg_backend_says_it_has_no_menu(tray_app: TrayApp):
    assert tray_app.ready["has_menu"] is False


@pytest.mark.parametrize("tray_app", MENU_BACKENDS, indirect=True)
def test_a_menu_item_in_a_submenu_reaches_on_action(tray_app: TrayApp, desktop: DesktopSession):
    assert tray_app.ready["has_menu"] is True
    icon = desktop.wait_for_tray_icon()
    tray_app.open_menu(icon, button=3)
    # The first enabled entry is "Snooze"; Right opens its submenu on "5 minutes".
    desktop.key("Down", "Right", "Return")
    assert tray_app.next_event() == {"action": "snooze:5m"}


@pytest.mark.parametrize("tray_app", MENU_BACKENDS, indirect=True)
def test_clicking_quit_in_the_menu_stops_the_tray(tray_app: TrayApp, desktop: DesktopSession):
    icon = desktop.wait_for_tray_icon()
    menu = tray_app.open_menu(icon, button=3)
    # Quit is the last entry: one row (about 25 px) above the menu's bottom padding.
    desktop.click(menu.id, menu.width // 2, menu.height - 16)
    assert tray_app.next_event() == {"action": "quit"}
    assert tray_app.process.wait(5) == 0


@pytest.mark.parametrize(
    "tray_app", ["xembed", pytest.param("gtk", marks=needs_gtk)], indirect=True
)
def test_a_left_click_on_the_icon_runs_the_default_item(
    tray_app: TrayApp, desktop: DesktopSession
):
    icon = desktop.wait_for_tray_icon()
    desktop.click(icon.id, icon.width // 2, icon.height // 2, 1)
    assert tray_app.next_event() == {"action": "quit"}


@pytest.mark.parametrize("tray_app", MENU_BACKENDS, indirect=True)
def test_the_icon_docks_again_after_the_tray_host_restarts(
    tray_app: TrayApp, desktop: DesktopSession
):
    desktop.wait_for_tray_icon()
    desktop.stop_trayer()
    assert desktop.tray_icons() == []
    desktop.start_trayer()
    desktop.wait_for_tray_icon(timeout=10)


# docs/tray-menu.png (gtk) is the real daemon's menu: see test_daemon.py.
@pytest.mark.parametrize("tray_app", ["xembed"], indirect=True)
def test_screenshot_of_the_open_tray_menu(tray_app: TrayApp, desktop: DesktopSession, screenshots):
    icon = desktop.wait_for_tray_icon()
    menu = tray_app.open_menu(icon, button=3)
    left = min(menu.x, icon.x) - 20
    shot = desktop.screenshot(
        screenshots / "tray-menu-xembed.png",
        (left, 0, icon.x + icon.width + 2, menu.y + menu.height + 20),
    )
    assert shot.stat().st_size > 0
    desktop.key("Escape")


@pytest.mark.parametrize("tray_app", [""], indirect=True)
def test_by_default_ergos_linux_tray_is_chosen_and_docks_by_xembed_where_no_watcher_runs(
    tray_app: TrayApp, desktop: DesktopSession
):
    assert tray_app.ready["rejected"] == []
    desktop.wait_for_tray_icon()
    assert tray_app.tray_name() == "xembed"


@pytest.mark.parametrize("tray_app", ALL_BACKENDS, indirect=True)
def test_ctrl_c_runs_the_programs_handler_instead_of_killing_it(tray_app: TrayApp):
    # pystray's GTK backends set SIGINT to SIG_DFL when their loop starts; the adapter
    # puts the program's handler back, so the daemon can save its state on Ctrl+C.
    tray_app.process.send_signal(signal.SIGINT)
    assert tray_app.next_event() == {"signal": signal.SIGINT}
    assert tray_app.process.wait(5) == 0


# -- ergo's own XEmbed icon -------------------------------------------------------------

def row_centre(items: tuple[MenuItem, ...], label: str) -> int:
    """Return the y of an entry's middle in ergo's XEmbed menu listing ``items``."""
    index = next(i for i, item in enumerate(items) if item.label == label)
    row = rows(items)[index]
    return (row.top + row.bottom) // 2


@pytest.mark.parametrize("tray_app", ["xembed"], indirect=True)
def test_pointing_at_a_submenu_opens_it_and_clicking_its_entry_acts(
    tray_app: TrayApp, desktop: DesktopSession
):
    icon = desktop.wait_for_tray_icon()
    menu = tray_app.open_menu(icon, button=3)
    before = {w.id for w in desktop.top_windows()}
    desktop.run("xdotool", "mousemove", str(menu.x + 40), str(menu.y + row_centre(MENU, "Snooze")))
    submenu = wait_until(
        lambda: next((w for w in desktop.top_windows() if w.id not in before), None),
        what="the Snooze submenu",
    )
    snooze = next(item for item in MENU if item.label == "Snooze")
    desktop.click(submenu.id, 40, row_centre(snooze.submenu, "10 minutes"))
    assert tray_app.next_event() == {"action": "snooze:10m"}


def test_with_no_default_entry_a_left_click_on_the_xembed_icon_opens_the_menu(
    desktop: DesktopSession,
):
    app = TrayApp(desktop, "xembed", "--no-default")
    try:
        icon = desktop.wait_for_tray_icon()
        app.open_menu(icon, button=1)
        desktop.key("Down", "Right", "Return")
        assert app.next_event() == {"action": "snooze:5m"}
    finally:
        desktop.terminate(app.process)


@pytest.mark.parametrize("tray_app", ["xembed"], indirect=True)
def test_escape_and_a_click_outside_close_the_menu_and_release_the_pointer(
    tray_app: TrayApp, desktop: DesktopSession
):
    icon = desktop.wait_for_tray_icon()
    menu = tray_app.open_menu(icon, button=3)
    desktop.key("Escape")
    wait_until(lambda: menu.id not in {w.id for w in desktop.top_windows()}, what="menu closed")
    menu = tray_app.open_menu(icon, button=3)
    desktop.run("xdotool", "mousemove", "300", "500", "click", "1")
    wait_until(lambda: menu.id not in {w.id for w in desktop.top_windows()}, what="menu closed")
    # Nothing holds the pointer any more: the icon takes clicks again.
    desktop.click(icon.id, icon.width // 2, icon.height // 2, 1)
    assert tray_app.next_event() == {"action": "quit"}


@pytest.mark.parametrize("tray_app", ["xembed"], indirect=True)
def test_the_icon_docks_when_trayer_starts_after_it(
    tray_app: TrayApp, desktop: DesktopSession
):
    desktop.wait_for_tray_icon()
    desktop.stop_trayer()
    tray_app.process.send_signal(signal.SIGTERM)
    assert tray_app.next_event() == {"signal": signal.SIGTERM}
    # Ready once its loop runs: docking then waits for the MANAGER message, not a timer.
    late = TrayApp(desktop, "xembed")
    try:
        assert desktop.tray_icons() == []
        desktop.start_trayer()
        desktop.wait_for_tray_icon()
        assert late.tray_name() == "xembed"
    finally:
        desktop.terminate(late.process)


@pytest.mark.parametrize("tray_app", [""], indirect=True)
def test_with_a_watcher_and_trayer_the_icon_shows_once_and_follows_the_watcher(
    tray_app: TrayApp, desktop: DesktopSession
):
    desktop.wait_for_tray_icon()
    watcher = Watcher(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        watcher.wait_for_item()
        tray_app.wait_for_name("sni")
        wait_until(lambda: desktop.tray_icons() == [], what="the XEmbed icon to be withdrawn")
    finally:
        watcher.stop()
    desktop.wait_for_tray_icon()
    assert tray_app.tray_name() == "xembed"


@pytest.mark.parametrize("tray_app", ["xembed"], indirect=True)
def test_a_click_that_comes_while_the_menu_redraws_its_highlight_is_not_lost(
    tray_app: TrayApp, desktop: DesktopSession
):
    # Moving onto an entry redraws the menu (a large image, written in several
    # parts); the click that follows at once must still be seen.
    icon = desktop.wait_for_tray_icon()
    y = row_centre(MENU, "Stretch now")
    for _ in range(20):
        menu = tray_app.open_menu(icon, button=3)
        desktop.run("xdotool", "mousemove", "--window", str(menu.id), "40", str(y), "click", "1")
        assert tray_app.next_event(timeout=3) == {"action": "stretch"}
