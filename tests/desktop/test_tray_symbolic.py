"""The StatusNotifierItem's symbolic icons over a real session bus, read by the jeepney host
of tests/desktop/sni_host.py: on a desktop that recolours them the item names the symbolic
icon of each state and the folder holding it, and still sends the colour pixmaps;
elsewhere it sends the pixmaps alone."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo.desktop import symbolic_icons
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.sni_host import ITEM, Host, Watcher
from tests.desktop.test_sni_protocol import Daemon
from tests.desktop.trayapp import TrayApp

pytestmark = pytest.mark.desktop

GNOME = {"XDG_CURRENT_DESKTOP": "GNOME"}


@pytest.fixture
def watcher(desktop: DesktopSession) -> Iterator[Watcher]:
    watcher = Watcher(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    yield watcher
    watcher.stop()


@pytest.fixture
def gnome_daemon(desktop: DesktopSession, watcher: Watcher) -> Iterator[Daemon]:
    folder = Path(tempfile.mkdtemp(prefix="ergo-daemon-", dir="/tmp"))
    daemon = Daemon(desktop, folder, env=GNOME)
    yield daemon
    desktop.terminate(daemon.process)
    shutil.rmtree(folder, ignore_errors=True)


def named_file(host: Host, name: str) -> Path:
    """The file a host finds for ``name`` in the item's IconThemePath: the SVG in the
    folder's hicolor theme (where GTK and KDE look)."""
    folder = Path(host.get("IconThemePath"))
    return next(folder.glob(f"hicolor/*/*/{name}.svg"))


def test_on_a_gnome_desktop_the_item_names_each_states_symbolic_icon_and_sends_pixmaps(
    desktop: DesktopSession, watcher: Watcher, gnome_daemon: Daemon
):
    host = Host(desktop.env["DBUS_SESSION_BUS_ADDRESS"], watcher.wait_for_item(timeout=20))
    try:
        wait_until(lambda: host.layout()[1][2], what="the daemon's menu")
        icons = host.listen(ITEM, "NewIcon")
        assert host.get("IconName") == "ergo-active-symbolic"
        assert host.get("AttentionIconName") == "ergo-due-symbolic"
        assert Path(host.get("IconThemePath")) == symbolic_icons.FOLDER
        assert named_file(host, "ergo-active-symbolic") == symbolic_icons.icon_file("active")
        assert [(w, h) for w, h, _ in host.get("IconPixmap")][:1] == [(16, 16)]

        gnome_daemon.ergo("trigger", "change-position")
        host.wait_for_signal(icons)
        assert host.get_all()["IconName"] == "ergo-due-symbolic"
        assert host.get("Status") == "NeedsAttention"
        assert host.get("AttentionIconPixmap")

        gnome_daemon.ergo("pause")
        wait_until(lambda: host.get("IconName") == "ergo-paused-symbolic", what="paused")
        assert named_file(host, "ergo-paused-symbolic") == symbolic_icons.icon_file("paused")
        assert host.get("IconPixmap")
    finally:
        host.close()


@pytest.mark.parametrize("desktop_name", ["XFCE", "LXQt", "sway"])
def test_on_other_desktops_the_item_sends_only_the_colour_pixmaps(
    desktop: DesktopSession, watcher: Watcher, desktop_name: str
):
    app = TrayApp(desktop, "sni", env={"XDG_CURRENT_DESKTOP": desktop_name})
    host = Host(desktop.env["DBUS_SESSION_BUS_ADDRESS"], watcher.wait_for_item())
    try:
        wait_until(lambda: host.layout()[1][2], what="the app's menu")
        everything = host.get_all()
        assert (everything["IconName"], everything["AttentionIconName"],
                everything["IconThemePath"]) == ("", "", "")
        assert everything["IconPixmap"]
    finally:
        host.close()
        desktop.terminate(app.process)
