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
