"""Notifications through plyer to a real notification server (dunst) on a private bus."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest

from ergo.desktop.icons import write_png
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.notify_plyer import NOTIFY_SEND_TIMEOUT, PlyerNotifier
from ergo.desktop.select import select_notifier
from ergo.ports import NotifierUnavailable
from tests.desktop.session import DesktopSession

pytestmark = pytest.mark.desktop


def test_a_notification_reaches_dunst_with_title_body_icon_and_timeout(
    desktop: DesktopSession, tmp_path
):
    icon = write_png("due", tmp_path / "due.png")
    notifier = PlyerNotifier()
    notifier.check()
    notifier.notify(
        "Sit up straight",
        "Shoulders down, screen at eye level.",
        timeout=timedelta(seconds=7),
        icon=icon,
    )
    call = desktop.wait_for_notify("Sit up straight")
    assert call.body == "Shoulders down, screen at eye level."
    assert call.app_name == "ergo"
    assert call.icon == str(icon)
    assert call.expire_timeout == 7000


def test_the_notifier_is_chosen_when_a_server_is_running(desktop: DesktopSession):
    selection = select_notifier(env={})
    assert selection.adapter.name == "plyer"
    assert selection.rejected == ()


def test_without_a_notification_server_the_check_says_so_and_the_log_takes_over(
    desktop: DesktopSession, caplog
):
    desktop.stop_dunst()
    with pytest.raises(NotifierUnavailable, match="no notification server"):
        PlyerNotifier().check()

    selection = select_notifier(env={})
    assert isinstance(selection.adapter, LogNotifier)
    assert [r.name for r in selection.rejected] == ["plyer"]
    assert "no notification server" in selection.rejected[0].reason

    with caplog.at_level(logging.WARNING):
        selection.adapter.notify(
            "Time to move", "Walk for two minutes.", timeout=timedelta(seconds=5)
        )
    assert "Time to move: Walk for two minutes." in caplog.text


def test_a_server_that_goes_away_makes_notify_raise_instead_of_losing_the_reminder(
    desktop: DesktopSession,
):
    notifier = PlyerNotifier()
    notifier.check()
    desktop.stop_dunst()
    with pytest.raises(NotifierUnavailable):
        notifier.notify("Lost?", "This must not vanish silently.", timeout=timedelta(seconds=5))
    assert all(call.summary != "Lost?" for call in desktop.notify_calls())


def test_a_notification_server_that_hangs_makes_notify_raise_within_its_deadline(
    desktop: DesktopSession,
):
    notifier = PlyerNotifier()
    with desktop.dunst_hung():
        started = time.monotonic()
        with pytest.raises(NotifierUnavailable, match="did not answer within 3 s"):
            notifier.notify("Stuck?", "The server is frozen.", timeout=timedelta(seconds=5))
        assert time.monotonic() - started < NOTIFY_SEND_TIMEOUT + 1


def test_without_a_session_bus_the_check_names_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    with pytest.raises(NotifierUnavailable, match="cannot connect to the D-Bus session bus"):
        PlyerNotifier(platform="linux").check()


def test_forcing_the_log_notifier_skips_plyer():
    selection = select_notifier(env={"ERGO_NOTIFIER": "log"})
    assert selection.adapter.name == "log"
    assert selection.how == "forced by ERGO_NOTIFIER"
