"""The pystray tray adapter in a real XEmbed tray host (trayer), clicked with xdotool."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.conftest import ROOT
from tests.desktop.session import DesktopSession

pytestmark = pytest.mark.desktop

APP = Path(__file__).parent / "apps" / "tray_app.py"


def gtk_installed() -> bool:
    try:
        import gi  # noqa: F401
    except ImportError:
        return False
    return True


needs_gtk = pytest.mark.skipif(
    not gtk_installed(), reason="PyGObject is not installed (pip install -e '.[gtk]')"
)


class TrayApp:
    """tray_app.py running in the desktop with a forced backend; reads its JSON lines."""

    def __init__(self, desktop: DesktopSession, backend: str) -> None:
        env = dict(desktop.env, ERGO_TRAY=backend, PYTHONPATH=str(ROOT))
        self.backend = backend
        self.desktop = desktop
        self.process = desktop.popen(
            [sys.executable, str(APP)], env=env, stdout=subprocess.PIPE, text=True
        )
        self.ready = self.next_event()

    def next_event(self, timeout: float = 10) -> dict[str, object]:
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert readable, "the tray app printed nothing"
        line = self.process.stdout.readline()
        assert line, f"the tray app exited with status {self.process.wait()}"
        return json.loads(line)


@pytest.fixture
def tray_app(desktop: DesktopSession, request: pytest.FixtureRequest) -> Iterator[TrayApp]:
    app = TrayApp(desktop, request.param)
    yield app
    desktop.terminate(app.process)


ALL_BACKENDS = [
    pytest.param("gtk", marks=needs_gtk),
    pytest.param("appindicator", marks=needs_gtk),
    "xorg",
]
MENU_BACKENDS = [
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
    desktop.open_tray_menu(icon)
    # The first enabled entry is "Snooze"; Right opens its submenu on "5 minutes".
    desktop.key("Down", "Right", "Return")
    assert tray_app.next_event() == {"action": "snooze:5m"}


@pytest.mark.parametrize("tray_app", MENU_BACKENDS, indirect=True)
def test_clicking_quit_in_the_menu_stops_the_tray(tray_app: TrayApp, desktop: DesktopSession):
    icon = desktop.wait_for_tray_icon()
    menu = desktop.open_tray_menu(icon)
    # Quit is the last entry: one row (about 25 px) above the menu's bottom padding.
    desktop.click(menu.id, menu.width // 2, menu.height - 16)
    assert tray_app.next_event() == {"action": "quit"}
    assert tray_app.process.wait(5) == 0


@pytest.mark.parametrize("tray_app", [pytest.param("gtk", marks=needs_gtk)], indirect=True)
def test_a_left_click_on_the_gtk_icon_runs_the_default_item(
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


@pytest.mark.parametrize("tray_app", [pytest.param("", marks=needs_gtk)], indirect=True)
def test_with_pygobject_installed_the_first_linux_candidate_appindicator_is_chosen(
    tray_app: TrayApp,
):
    assert tray_app.ready == {"ready": "appindicator", "has_menu": True, "rejected": []}


@pytest.mark.parametrize("tray_app", ALL_BACKENDS, indirect=True)
def test_ctrl_c_runs_the_programs_handler_instead_of_killing_it(tray_app: TrayApp):
    # pystray's GTK backends set SIGINT to SIG_DFL when their loop starts; the adapter
    # puts the program's handler back, so the daemon can save its state on Ctrl+C.
    tray_app.process.send_signal(signal.SIGINT)
    assert tray_app.next_event() == {"signal": signal.SIGINT}
    assert tray_app.process.wait(5) == 0
