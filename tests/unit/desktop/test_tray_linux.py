"""The Linux tray's choices that need no desktop: the bus address, and why it cannot run."""

from __future__ import annotations

import pytest

from ergo.desktop.tray_linux import LinuxTray, TrayUnavailable, session_bus_address


def test_the_session_bus_comes_from_dbus_session_bus_address_first(tmp_path):
    (tmp_path / "bus").touch()
    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/x", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert session_bus_address(env) == "unix:path=/run/x"


def test_without_the_variable_the_systemd_user_bus_in_the_runtime_dir_is_used(tmp_path):
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path}/bus"


def test_without_either_there_is_no_session_bus(tmp_path):
    with pytest.raises(TrayUnavailable, match="no D-Bus session bus"):
        session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)})


def test_with_neither_a_bus_nor_a_display_the_tray_says_why_for_each(tmp_path):
    with pytest.raises(TrayUnavailable) as error:
        LinuxTray(lambda _action: None, env={"XDG_RUNTIME_DIR": str(tmp_path)})
    assert str(error.value) == (
        "no StatusNotifierItem: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); "
        "no XEmbed icon: no X display (DISPLAY is not set)"
    )


def test_a_bus_that_is_not_there_is_reported_with_its_address(tmp_path):
    address = f"unix:path={tmp_path}/missing"
    with pytest.raises(TrayUnavailable, match=f"cannot connect to the D-Bus session bus {address}"):
        LinuxTray(lambda _action: None, protocols=("sni",),
                  env={"DBUS_SESSION_BUS_ADDRESS": address})
