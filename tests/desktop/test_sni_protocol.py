"""The StatusNotifierItem and its dbusmenu on a private session bus, read and clicked by a
watcher and host written here with jeepney (tests/desktop/sni_host.py).

The first tests drive the tray in ``apps/tray_app.py`` (a fixed menu, each click
printed); the last ones drive the real daemon, ``ergo run``, and check with
``ergo status`` that a click in the menu reached it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo.desktop.icons import draw_icon
from ergo.desktop.select import select_tray
from ergo.desktop.tray_sni import PIXMAP_SIZES
from tests import daemon_control
from tests.desktop.apps.tray_app import MENU
from tests.desktop.conftest import ROOT
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.sni_host import ITEM, PROPERTIES, Host, Watcher, labels
from tests.desktop.trayapp import TrayApp

pytestmark = pytest.mark.desktop


@pytest.fixture
def bus(desktop: DesktopSession) -> str:
    return desktop.env["DBUS_SESSION_BUS_ADDRESS"]


@pytest.fixture
def watcher(bus: str) -> Iterator[Watcher]:
    watcher = Watcher(bus)
    yield watcher
    watcher.stop()


@pytest.fixture
def app(desktop: DesktopSession, watcher: Watcher) -> Iterator[TrayApp]:
    app = TrayApp(desktop, "sni")
    yield app
    desktop.terminate(app.process)


@pytest.fixture
def host(bus: str, watcher: Watcher, app: TrayApp) -> Iterator[Host]:
    host = Host(bus, watcher.wait_for_item())
    # The app's first view reaches the tray's loop a moment after it said "ready".
    wait_until(lambda: host.layout()[1][2], what="the app's menu")
    yield host
    host.close()


def node_props(host: Host, ident: int) -> dict[str, object]:
    _revision, (_id, props, _children) = host.call(
        host.menu_path(), "com.canonical.dbusmenu", "GetLayout", "iias", (ident, 0, [])
    )
    return {name: value for name, (_sig, value) in props.items()}


# -- registration -------------------------------------------------------------------------


def test_the_item_registers_with_the_watcher_under_its_own_bus_name(
    app: TrayApp, watcher: Watcher
):
    service = watcher.wait_for_item()
    assert service == f"org.kde.StatusNotifierItem-{app.process.pid}-1"
    assert app.wait_for_name("sni") == "sni"


def test_the_item_answers_a_host_that_reads_it_before_the_registration_is_answered(
    bus: str, desktop: DesktopSession
):
    # XFCE's panel reads the item before it answers RegisterStatusNotifierItem: an
    # item that blocked waiting for that answer could not reply.
    watcher = Watcher(bus, query_first=True)
    app = TrayApp(desktop, "sni")
    try:
        watcher.wait_for_item()
        assert watcher.answers_before_reply[0]["Id"] == ("s", "ergo")
        assert app.wait_for_name("sni") == "sni"
    finally:
        desktop.terminate(app.process)
        watcher.stop()


def test_the_item_registers_when_the_watcher_appears_after_it(bus: str, desktop: DesktopSession):
    app = TrayApp(desktop, "sni")
    try:
        assert app.tray_name() == "sni"
        watcher = Watcher(bus)
        try:
            assert watcher.wait_for_item() == f"org.kde.StatusNotifierItem-{app.process.pid}-1"
        finally:
            watcher.stop()
    finally:
        desktop.terminate(app.process)


def test_the_item_registers_again_each_time_the_watcher_restarts(
    bus: str, watcher: Watcher, app: TrayApp
):
    first = watcher.wait_for_item()
    for _ in range(2):
        watcher.stop()
        watcher = Watcher(bus)
        assert watcher.wait_for_item() == first
    watcher.stop()


def test_with_a_session_bus_and_no_display_the_linux_tray_is_chosen_without_xembed(bus: str):
    selection = select_tray(lambda _action: None, env={"DBUS_SESSION_BUS_ADDRESS": bus},
                            platform="linux")
    assert selection.adapter.name == "sni"
    assert selection.limits == ("no XEmbed icon: no X display (DISPLAY is not set)",)
    assert selection.describe("tray")[:2] == [
        "tray: sni (the candidates for linux, in order)",
        "  limit: no XEmbed icon: no X display (DISPLAY is not set)",
    ]


# -- properties and icon ------------------------------------------------------------------


def test_hosts_reading_all_properties_at_once_or_one_by_one_get_the_same_values(host: Host):
    everything = host.get_all()
    assert {name: host.get(name) for name in everything} == everything
    assert everything["Id"] == "ergo"
    assert everything["Status"] == "Active"
    assert everything["ItemIsMenu"] is False
    assert everything["Menu"] == "/MenuBar"
    assert everything["ToolTip"] == ("", [], "ergo: posture check at 10:20", "")


def test_the_item_is_only_a_menu_while_no_entry_is_the_default(
    bus: str, watcher: Watcher, desktop: DesktopSession
):
    app = TrayApp(desktop, "sni", "--no-default")
    host = Host(bus, watcher.wait_for_item())
    try:
        wait_until(lambda: host.layout()[1][2], what="the app's menu")
        assert host.get("ItemIsMenu") is True
    finally:
        host.close()
        desktop.terminate(app.process)


def test_the_properties_interface_itself_has_no_properties(host: Host):
    assert host.get_all(PROPERTIES) == {}


def test_the_icon_is_sent_as_argb32_in_network_byte_order_at_several_sizes(host: Host):
    pixmaps = host.get("IconPixmap")
    assert [(w, h) for w, h, _data in pixmaps] == [(s, s) for s in sorted(PIXMAP_SIZES)]
    width, height, data = pixmaps[1]
    image = draw_icon("active", width)
    assert len(data) == width * height * 4
    for x, y in [(0, 0), (width // 2, height // 2), (3, height // 2)]:
        red, green, blue, alpha = image.getpixel((x, y))
        offset = (y * width + x) * 4
        assert tuple(data[offset : offset + 4]) == (alpha, red, green, blue)


def test_introspection_describes_the_item_and_the_menu(host: Host):
    item = host.call("/StatusNotifierItem", "org.freedesktop.DBus.Introspectable", "Introspect")
    menu = host.call("/MenuBar", "org.freedesktop.DBus.Introspectable", "Introspect")
    assert '<interface name="org.kde.StatusNotifierItem">' in item[0]
    assert '<property name="IconPixmap" type="a(iiay)" access="read"/>' in item[0]
    assert '<interface name="com.canonical.dbusmenu">' in menu[0]
    assert '<method name="GetLayout">' in menu[0]


def test_an_unknown_method_gets_an_error_reply_rather_than_no_reply(host: Host):
    with pytest.raises(RuntimeError, match="UnknownMethod"):
        host.call("/StatusNotifierItem", ITEM, "Explode")


# -- the menu -----------------------------------------------------------------------------


def test_get_layout_returns_the_whole_menu_with_its_submenus(host: Host):
    _revision, root = host.layout()
    assert labels(root) == ["---" if i.separator else i.label for i in MENU]
    snooze = next(child for _sig, child in root[2] if child[1].get("label") == ("s", "Snooze"))
    assert snooze[1]["children-display"] == ("s", "submenu")
    assert labels(snooze) == ["5 minutes", "10 minutes", "Rest of today (limit reached)"]


def test_check_marks_and_disabled_entries_are_properties_of_their_entries(host: Host):
    posture = node_props(host, host.find("Posture check"))
    walk = node_props(host, host.find("Walk"))
    headline = node_props(host, host.find("Next:"))
    assert (posture["toggle-type"], posture["toggle-state"], posture["enabled"]) == (
        "checkmark", 1, True)
    assert (walk["toggle-state"], walk["enabled"]) == (1, False)
    assert headline["enabled"] is False
    assert "toggle-type" not in headline


def test_get_layout_with_property_names_sends_only_those(host: Host):
    _revision, root = host.layout(("label",))
    props = [child[1] for _sig, child in root[2]]
    assert all(set(p) <= {"label"} for p in props)
    assert {"label"} in [set(p) for p in props]


def test_group_properties_and_single_properties_agree_with_the_layout(host: Host):
    ident = host.find("Stretch now")
    menu = host.menu_path()
    group = host.call(menu, "com.canonical.dbusmenu", "GetGroupProperties", "aias",
                       ([ident, 9999], ["label", "enabled"]))[0]
    single = host.call(menu, "com.canonical.dbusmenu", "GetProperty", "is", (ident, "label"))
    assert group == [(ident, {"label": ("s", "Stretch now"), "enabled": ("b", True)})]
    assert single == (("s", "Stretch now"),)


def test_about_to_show_needs_no_update_and_reports_unknown_ids(host: Host):
    menu = host.menu_path()
    assert host.call(menu, "com.canonical.dbusmenu", "AboutToShow", "i", (0,)) == (False,)
    assert host.call(menu, "com.canonical.dbusmenu", "AboutToShowGroup", "ai",
                      ([0, 9999],)) == ([], [9999])


def test_a_clicked_event_on_an_entry_in_a_submenu_reaches_on_action(host: Host, app: TrayApp):
    host.click(host.find("Snooze", "10 minutes"))
    assert app.next_event() == {"action": "snooze:10m"}


def test_an_event_group_clicks_each_entry_and_returns_the_unknown_ids(host: Host, app: TrayApp):
    assert host.click_group([host.find("Stretch now"), 9999]) == [9999]
    assert app.next_event() == {"action": "stretch"}


def test_clicking_a_disabled_entry_or_a_submenu_does_nothing(host: Host, app: TrayApp):
    host.click(host.find("Walk"))
    host.click(host.find("Snooze"))
    host.click(host.find("Snooze", "Rest of today"))
    host.click(host.find("About"))
    assert app.next_event() == {"action": "about"}


def test_activate_a_left_click_runs_the_default_entry(host: Host, app: TrayApp):
    host.activate()
    assert app.next_event() == {"action": "quit"}
    assert app.process.wait(5) == 0


# -- the daemon ---------------------------------------------------------------------------


# Working hours all day, every day, so the tests do not depend on the time they run
# (outside working hours there is nothing to snooze). Only 23:59 to midnight is left out.
ALL_DAY = """\
work_hours:
  days: [mon, tue, wed, thu, fri, sat, sun]
  start: "00:00"
  end: "23:59"
  breaks: []
"""


class Daemon:
    """``ergo run -v`` with the StatusNotifierItem tray, in its own home and runtime
    folders, working all day; ``env`` is added to the desktop's environment."""

    def __init__(self, desktop: DesktopSession, folder: Path, tray: str = "sni",
                 env: dict[str, str] | None = None) -> None:
        (folder / "home").mkdir()
        self.runtime = folder / "run"
        self.runtime.mkdir(mode=0o700)
        (folder / "ergo.yaml").write_text(ALL_DAY)
        self.env = dict(
            desktop.env,
            ERGO_TRAY=tray,
            ERGO_CONFIG=str(folder / "ergo.yaml"),
            HOME=str(folder / "home"),
            ERGO_RUNTIME_DIR=str(self.runtime),
            PYTHONPATH=str(ROOT),
            **(env or {}),
        )
        self.log = folder / "ergo.log"
        with self.log.open("wb") as log:
            self.process = desktop.popen(
                [sys.executable, "-m", "ergo", "run", "-v"], env=self.env, stderr=log
            )

    def ergo(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "ergo", *args], env=self.env,
                              capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def status(self) -> dict[str, object]:
        return daemon_control.request(self.runtime, "status")


@pytest.fixture
def daemon(
    desktop: DesktopSession, watcher: Watcher, request: pytest.FixtureRequest
) -> Iterator[Daemon]:
    # A short folder in /tmp: the control socket's path must stay under the AF_UNIX limit.
    folder = Path(tempfile.mkdtemp(prefix="ergo-daemon-", dir="/tmp"))
    daemon = Daemon(desktop, folder, getattr(request, "param", "sni"))
    yield daemon
    desktop.terminate(daemon.process)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def daemon_host(bus: str, watcher: Watcher, daemon: Daemon) -> Iterator[Host]:
    host = Host(bus, watcher.wait_for_item(timeout=20))
    wait_until(lambda: host.layout()[1][2], what="the daemon's menu")
    yield host
    host.close()


def test_snooze_in_the_daemons_menu_snoozes_ergo_and_updates_the_menu_in_place(
    daemon: Daemon, daemon_host: Host
):
    layouts = daemon_host.listen("com.canonical.dbusmenu", "LayoutUpdated")
    daemon_host.click(daemon_host.find("Snooze", ""))
    assert wait_until(lambda: daemon.status()["state"] == "snoozed", what="snoozed")
    # "End snooze" joins the menu: the host is told to fetch the new layout.
    daemon_host.wait_for_signal(layouts)
    assert any(label.startswith("Snoozed until") for label in labels(daemon_host.layout()[1]))
    daemon_host.click(daemon_host.find("End snooze"))
    assert wait_until(lambda: daemon.status()["state"] != "snoozed", what="the snooze to end")


def test_pause_in_the_daemons_menu_pauses_ergo(daemon: Daemon, daemon_host: Host):
    daemon_host.click(daemon_host.find("Pause", "Until I resume"))
    assert wait_until(lambda: daemon.status()["state"] == "paused", what="paused")
    assert daemon.status()["backends"]["tray"] == "sni"


def test_quit_in_the_daemons_menu_stops_it(daemon: Daemon, daemon_host: Host):
    daemon_host.click(daemon_host.find("Quit"))
    assert daemon.process.wait(10) == 0


def test_a_due_reminder_asks_for_attention_and_a_left_click_opens_its_prompt_not_done(
    desktop: DesktopSession, daemon: Daemon, daemon_host: Host
):
    statuses = daemon_host.listen(ITEM, "NewStatus")
    layouts = daemon_host.listen("com.canonical.dbusmenu", "LayoutUpdated")
    revision, _layout = daemon_host.layout()
    assert daemon_host.get("ItemIsMenu") is True
    daemon.ergo("trigger", "change-position")
    assert daemon_host.wait_for_signal(statuses) == ("NeedsAttention",)
    assert daemon_host.get("Status") == "NeedsAttention"
    assert daemon_host.get("ItemIsMenu") is False
    # "Done" and "Skip" entries change the menu's shape: the host must fetch it again.
    new_revision, parent = daemon_host.wait_for_signal(layouts)
    assert (parent, new_revision > revision) == (0, True)
    assert daemon_host.layout()[0] == new_revision
    assert daemon_host.find("Done") > 0
    daemon_host.activate()
    wait_until(lambda: desktop.search("--name", "^Change position$"), what="the prompt to open")
    assert daemon.status()["state"] == "due"
    assert daemon_host.get("Status") == "NeedsAttention"


def test_the_today_line_counts_a_reminder_once_it_is_in_the_history(
    daemon: Daemon, daemon_host: Host
):
    def today() -> str | None:
        found = [label for label in labels(daemon_host.layout()[1]) if label.startswith("Today")]
        return found[0] if found else None

    assert today() == "Today: 0 of 0 done"
    daemon.ergo("trigger", "change-position")
    # The history is written a moment after the reminder shows; the line follows it.
    wait_until(lambda: today() == "Today: 0 of 1 done", what="the shown reminder counted")
    daemon_host.click(daemon_host.find("Done"))
    wait_until(lambda: today() == "Today: 1 of 1 done", what="the done reminder counted")


@pytest.mark.parametrize("daemon", [""], indirect=True)
def test_ergo_status_names_the_protocol_that_shows_the_icon_at_the_moment(
    daemon: Daemon, daemon_host: Host, watcher: Watcher, desktop: DesktopSession
):
    assert daemon.status()["backends"]["tray"] == "sni"
    assert desktop.tray_icons() == []
    watcher.stop()
    desktop.wait_for_tray_icon()
    assert daemon.status()["backends"]["tray"] == "xembed"
