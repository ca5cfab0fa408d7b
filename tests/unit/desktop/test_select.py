"""Choosing adapters without a desktop: every rejected candidate comes with its reason."""

from __future__ import annotations

from ergo.desktop.select import select_notifier, select_tray
from ergo.desktop.tray_none import NoTray


def ignore(_action: object) -> None:
    """A menu callback for trays that are never clicked here."""


def test_without_a_display_or_bus_every_linux_backend_is_rejected_and_the_tray_is_headless():
    selection = select_tray(ignore, env={}, platform="linux")
    assert isinstance(selection.adapter, NoTray)
    assert [r.name for r in selection.rejected] == ["linux", "appindicator", "gtk", "xorg"]
    assert selection.rejected[0].reason == (
        "no StatusNotifierItem: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); "
        "no XEmbed icon: no X display (DISPLAY is not set)"
    )
    assert selection.rejected[3].reason == "no X display (DISPLAY is not set)"
    assert "xorg: no X display" in selection.adapter.reason


def test_ergo_tray_xembed_without_a_display_is_rejected_with_the_reason():
    selection = select_tray(ignore, env={"ERGO_TRAY": "xembed"}, platform="linux")
    assert selection.adapter.name == "none"
    assert selection.rejected[0].reason == "no XEmbed icon: no X display (DISPLAY is not set)"


def test_no_tray_chooses_the_headless_tray_without_trying_others():
    selection = select_tray(ignore, env={"DISPLAY": ":0"}, no_tray=True)
    assert selection.adapter.name == "none"
    assert selection.how == "forced by --no-tray"
    assert selection.rejected == ()


def test_ergo_tray_none_forces_the_headless_tray():
    selection = select_tray(ignore, env={"ERGO_TRAY": "none", "DISPLAY": ":0"})
    assert selection.adapter.name == "none"
    assert selection.how == "forced by ERGO_TRAY"


def test_an_unknown_forced_backend_is_rejected_with_its_name():
    selection = select_tray(ignore, env={"ERGO_TRAY": "qt", "DISPLAY": ":0"})
    assert selection.adapter.name == "none"
    assert selection.rejected[0].name == "qt"
    assert selection.rejected[0].reason.startswith(
        "unknown tray 'qt'; choose one of linux, sni, xembed, appindicator, gtk, xorg"
    )


def test_pystray_backend_is_honoured_when_ergo_tray_is_unset():
    selection = select_tray(ignore, env={"PYSTRAY_BACKEND": "xorg"}, platform="linux")
    assert selection.how == "forced by PYSTRAY_BACKEND; no tray backend works here"
    assert [r.name for r in selection.rejected] == ["xorg"]


def test_describe_lists_the_choice_its_limits_and_the_rejections():
    selection = select_tray(ignore, env={}, platform="linux")
    lines = selection.describe("tray")
    assert lines[0] == "tray: none (the candidates for linux, in order; no tray backend works here)"
    assert "  not xorg: no X display (DISPLAY is not set)" in lines


def test_an_unknown_notifier_falls_back_to_the_log_and_says_why():
    selection = select_notifier(env={"ERGO_NOTIFIER": "growl"})
    assert selection.adapter.name == "log"
    assert selection.rejected[0].name == "growl"


def test_plyer_is_tried_on_windows_and_macos_only(monkeypatch, tmp_path):
    selection = select_notifier(env={"ERGO_NOTIFIER": "plyer"}, platform="linux")
    assert selection.adapter.name == "log"
    assert selection.rejected[0].reason == "ergo uses plyer on Windows and macOS only, not on linux"
    # The BSDs speak to the notification server over D-Bus, as Linux does.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    selection = select_notifier(env={}, platform="freebsd14")
    assert [r.name for r in selection.rejected] == ["freedesktop"]
    assert "cannot connect to the session bus" in selection.rejected[0].reason
