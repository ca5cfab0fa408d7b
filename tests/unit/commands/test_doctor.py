"""The doctor's advice for desktops this machine cannot run (Wayland, macOS)."""

from __future__ import annotations

from ergo.commands.doctor import report
from ergo.core.model import InterruptionSettings
from ergo.desktop.idle_combined import CombinedMonitor
from ergo.desktop.idle_none import NoIdle
from ergo.desktop.select import Detectors, Rejected, Selection


class Named:
    def __init__(self, name: str, has_menu: bool = True) -> None:
        self.name, self.has_menu = name, has_menu

    def about(self) -> tuple[str, ...]:
        return ()


def selections(idle_rejected=(), tray=None):
    tray = tray or Named("gtk")
    idle = Selection(CombinedMonitor(NoIdle("none")), "the candidates, in order",
                     tuple(Rejected(*r) for r in idle_rejected))
    return Selection(tray, "x"), Selection(Named("plyer"), "x"), idle, Detectors(())


def test_on_a_wayland_desktop_without_an_idle_service_the_doctor_suggests_an_x11_session():
    text = report(*selections([("idle x11", "no X display (DISPLAY is not set)")]),
                  InterruptionSettings(), {"WAYLAND_DISPLAY": "wayland-0",
                                           "XDG_CURRENT_DESKTOP": "sway"}, "linux")
    assert text.splitlines()[0] == "ergo doctor: linux, wayland, sway"
    assert "Idle time: none (the candidates, in order)" in text
    assert "log in to an X11 session" in text
    assert "GNOME and KDE do" not in text
    assert "  full-screen windows: not available here" in text


def test_on_macos_the_doctor_suggests_listing_meeting_programs():
    text = report(*selections(), InterruptionSettings(apps=("zoom.us",)), {}, "darwin")
    assert "list your meeting programs (zoom.us, Microsoft Teams)" in text
    assert "  listed programs: not available here" in text
    assert "LockedHint" not in text


def test_a_tray_without_a_menu_points_to_the_gtk_extra():
    text = report(*selections(tray=Named("xorg", has_menu=False)), InterruptionSettings(),
                  {"DISPLAY": ":1"}, "linux")
    assert "install ergo's gtk extra" in text


class Detector:
    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason


def table(env, idle="none", lock="none", active=(), fullscreen=True, platform="linux"):
    from ergo.commands.doctor_table import desktop_table

    rows = desktop_table(idle, lock, Detectors(tuple(Detector(*d) for d in active)),
                         fullscreen, env, platform)
    return {line.split()[0]: line for line in rows[2:]}


def test_the_table_on_sway_without_xwayland_names_each_path_and_what_a_missing_one_costs():
    rows = table({"WAYLAND_DISPLAY": "wayland-1", "XDG_CURRENT_DESKTOP": "sway"},
                 idle="kde-idle", active=[("fullscreen-wlroots", "fullscreen")])
    assert rows["idle"].split()[2] == "kde-idle" and rows["idle"].endswith(" -")
    assert "a locked screen counts as a break only after idle.break_after" in rows["lock"]
    assert "fullscreen-wlroots" in rows["full"] and rows["full"].endswith(" -")
    assert "no reminder window or stretch player" in rows["windows"]
    assert "has no Xwayland" in rows["windows"]


def test_the_table_on_gnome_wayland_says_native_full_screen_windows_are_not_seen():
    rows = table({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0",
                  "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, idle="mutter", lock="logind",
                 active=[("fullscreen-x11", "fullscreen"), ("capture", "meeting")])
    assert "fullscreen-x11 (Xwayland windows only)" in rows["full"]
    assert "GNOME gives programs no way to see other windows on Wayland" in rows["full"]
    assert rows["windows"].split()[1] == "xwayland" and rows["windows"].endswith(" -")
    assert rows["lock"].endswith(" -")


def test_the_table_on_kde_wayland_without_a_window_list_says_why_and_x11_is_plain():
    rows = table({"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"},
                 idle="ext-idle-notify", lock="screensaver")
    assert "KDE gives programs no way to see other windows" in rows["full"]
    assert "interruptions.apps" in rows["full"]
    x11 = table({"DISPLAY": ":1"}, idle="x11", active=[("fullscreen-x11", "fullscreen")])
    assert x11["full"].endswith(" -") and x11["windows"].split()[1] == "x11"
    off = table({"DISPLAY": ":1"}, fullscreen=False)
    assert "off in the config" in off["full"]
    assert table({}, platform="win32")["windows"].split()[1] == "native"
