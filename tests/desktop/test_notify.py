"""The freedesktop notifier against a real notification server (dunst) on a private bus,
and against a test server that lacks buttons or is D-Bus-activated."""

from __future__ import annotations

import queue
import shutil
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from ergo.desktop.dbus import TIMEOUT
from ergo.desktop.icons import write_png
from ergo.desktop.notify_dbus import DESKTOP_ENTRY, IMAGE_PIXELS, FreedesktopNotifier
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.select import select_notifier
from ergo.ports import (
    Notification,
    NotificationAction,
    NotificationAnswers,
    NotifierChanged,
    NotifierUnavailable,
)
from tests.dbus_services import FakeNotifications, start_bus
from tests.desktop.session import DesktopSession, start_bus_daemon

pytestmark = pytest.mark.desktop

HALF_MINUTE = timedelta(seconds=30)
FIVE_S = timedelta(seconds=5)
ANSWERS = NotificationAnswers(
    (NotificationAction("done", "Done", "answer: done"),
     NotificationAction("snooze", "Snooze 5m", "answer: snooze 5m")),
    expired="answer: expired", dismissed="answer: dismissed",
)


@pytest.fixture
def answers() -> queue.Queue[object]:
    return queue.Queue()


@pytest.fixture
def notifier(
    desktop: DesktopSession, answers: queue.Queue[object]
) -> Iterator[FreedesktopNotifier]:
    """A notifier that finds no installed theme icon, so it sends the picture."""
    nowhere = str(desktop.dir / "none")
    made = FreedesktopNotifier(answers.put, env={"XDG_DATA_HOME": nowhere,
                                                 "XDG_DATA_DIRS": nowhere})
    yield made
    made.close()


def next_answer(answers: queue.Queue[object], timeout: float = 5) -> object:
    return answers.get(timeout=timeout)


def test_a_notification_reaches_dunst_with_icon_timeout_desktop_entry_and_buttons(
    desktop: DesktopSession, notifier: FreedesktopNotifier, tmp_path
):
    icon = write_png("due", tmp_path / "due.png")
    notifier.check()
    assert notifier.notify(Notification("Sit up straight", "Shoulders down, screen at eye level.",
                           timeout=timedelta(seconds=7), icon=icon, answers=ANSWERS))
    call = desktop.wait_for_notify("Sit up straight")
    assert call.body == "Shoulders down, screen at eye level."
    assert call.app_name == "ergo"
    assert call.expire_timeout == 7000
    assert call.actions == (("done", "Done"), ("snooze", "Snooze 5m"))
    assert call.hints["desktop-entry"] == DESKTOP_ENTRY
    assert call.hints["urgency"] == 1
    width, height, rowstride, alpha, bits, channels, data = call.hints["image-data"]
    with Image.open(icon) as picture:
        pixels = picture.convert("RGBA")
    # The 128-pixel picture goes as 64 x 64: servers show it no larger.
    pixels.thumbnail((IMAGE_PIXELS, IMAGE_PIXELS))
    assert (width, height) == pixels.size == (64, 64)
    assert (rowstride, alpha, bits, channels) == (width * 4, True, 8, 4)
    # Scaled without Pillow: the same shape (alpha) as Pillow's thumbnail, within a few levels.
    expected = pixels.tobytes()
    assert len(data) == len(expected)
    assert sum(abs(a - b) for a, b in zip(data[3::4], expected[3::4], strict=True)) < 3 * 64 * 64
    assert "sound-name" not in call.hints and call.hints["suppress-sound"] is True


def test_the_installed_theme_icon_is_sent_by_name_and_a_sound_only_when_asked(
    desktop: DesktopSession, tmp_path
):
    theme = tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps"
    theme.mkdir(parents=True)
    write_png("active", theme / "ergo.png")
    notifier = FreedesktopNotifier(env={"XDG_DATA_HOME": str(tmp_path / "share")})
    try:
        notifier.notify(Notification("Named icon", "From the theme.", timeout=FIVE_S,
                        icon=tmp_path / "unused.png", sound=True))
    finally:
        notifier.close()
    call = desktop.wait_for_notify("Named icon")
    assert call.icon == "ergo" and "image-data" not in call.hints
    assert call.hints["sound-name"] == "message-new-instant"


def test_a_reminder_shown_again_replaces_its_pop_up(
    desktop: DesktopSession, notifier: FreedesktopNotifier
):
    notifier.notify(Notification("First", "one", timeout=HALF_MINUTE, tag=("walk", "sit")))
    notifier.notify(Notification("Other", "two", timeout=HALF_MINUTE, tag=("feet",)))
    notifier.notify(Notification("Again", "three", timeout=HALF_MINUTE, tag=("walk",)))
    first, other, again = (desktop.wait_for_notify(t) for t in ("First", "Other", "Again"))
    assert first.replaces_id == 0 and other.replaces_id == 0
    assert again.replaces_id != 0
    desktop.wait_displayed(2)


def test_clicking_an_action_in_dunst_hands_its_answer_back(
    desktop: DesktopSession, notifier: FreedesktopNotifier, answers: queue.Queue[object]
):
    notifier.notify(Notification("Answer me", "Pick one.", timeout=HALF_MINUTE,
                                 answers=ANSWERS, tag=("walk",)))
    desktop.invoke_action("Snooze 5m")
    assert next_answer(answers) == "answer: snooze 5m"
    # The dispatcher withdraws an answered reminder's notification; closing it so
    # answers nothing more.
    notifier.withdraw(("walk",))
    desktop.wait_displayed(0)
    with pytest.raises(queue.Empty):
        answers.get(timeout=0.5)


def test_closing_and_expiring_hand_back_what_happened(
    desktop: DesktopSession, notifier: FreedesktopNotifier, answers: queue.Queue[object]
):
    notifier.notify(Notification("Close me", "By hand.", timeout=HALF_MINUTE, answers=ANSWERS))
    desktop.wait_displayed(1)
    desktop.run("dunstctl", "close")
    assert next_answer(answers) == "answer: dismissed"
    notifier.notify(Notification("Let me expire", "Soon.", timeout=timedelta(seconds=1),
                                 answers=ANSWERS))
    assert next_answer(answers) == "answer: expired"


def test_a_notification_without_answers_hands_nothing_back(
    desktop: DesktopSession, notifier: FreedesktopNotifier, answers: queue.Queue[object]
):
    notifier.notify(Notification("Plain", "No buttons.", timeout=HALF_MINUTE))
    assert desktop.wait_for_notify("Plain").actions == ()
    desktop.wait_displayed(1)
    desktop.run("dunstctl", "close")
    desktop.wait_displayed(0)
    with pytest.raises(queue.Empty):
        answers.get(timeout=0.5)


def test_a_server_killed_and_started_again_is_used_again_at_once(
    desktop: DesktopSession, notifier: FreedesktopNotifier, answers: queue.Queue[object]
):
    notifier.check()
    desktop.stop_dunst()
    assert next_answer(answers) == NotifierChanged(False, "the notification server went away")
    started = time.monotonic()
    with pytest.raises(NotifierUnavailable, match="no notification server on the session bus"):
        notifier.notify(Notification("Lost?", "Nobody is there.", timeout=FIVE_S))
    assert time.monotonic() - started < 0.5, "an absent server must not cost a timeout"
    desktop.start_dunst()
    assert next_answer(answers) == NotifierChanged(True, "a notification server started")
    notifier.notify(Notification("Back", "The new server shows it.", timeout=FIVE_S,
                    answers=ANSWERS))
    assert desktop.wait_for_notify("Back").actions, "the new server's buttons were not asked"


def test_a_server_that_hangs_costs_one_deadline_and_works_again_when_it_continues(
    desktop: DesktopSession, notifier: FreedesktopNotifier, answers: queue.Queue[object]
):
    notifier.check()
    with desktop.dunst_hung():
        started = time.monotonic()
        with pytest.raises(NotifierUnavailable, match=f"no answer within {TIMEOUT:g} s"):
            notifier.notify(Notification("Stuck?", "The server is frozen.", timeout=HALF_MINUTE,
                                         tag=("walk",), answers=ANSWERS))
        assert time.monotonic() - started < TIMEOUT + 1
    notifier.notify(Notification("Thawed", "It answers again.", timeout=HALF_MINUTE))
    desktop.wait_for_notify("Thawed")
    # The call that timed out is shown after all, once dunst continues: its buttons
    # still answer, and it goes when its reminder is answered.
    desktop.wait_displayed(2)
    notifier.withdraw(("walk",))
    desktop.wait_displayed(1)
    assert answers.empty()


def test_a_server_without_actions_gets_no_buttons(tmp_path, monkeypatch):
    bus, address = start_bus(tmp_path, "bus")
    server = FakeNotifications(address, actions=False).start()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        notifier = FreedesktopNotifier()
        assert not notifier.notify(Notification("Plain", "No buttons here.", timeout=FIVE_S,
                                                answers=ANSWERS))
        notifier.close()
    finally:
        server.stop()
        bus.kill()
        bus.wait()
    ((_nid, args),) = server.notified
    assert args[3] == "Plain" and args[5] == []


def test_a_server_is_started_by_d_bus_activation_once(desktop: DesktopSession, tmp_path,
                                                      monkeypatch):
    services = tmp_path / "services"
    services.mkdir()
    (services / "org.freedesktop.Notifications.service").write_text(
        "[D-BUS Service]\nName=org.freedesktop.Notifications\n"
        f"Exec={shutil.which('dunst')} -config /dev/null\n")

    def write(name: str, text: str) -> Path:
        config = tmp_path / name
        config.write_text(text.replace("<auth>", f"<servicedir>{services}</servicedir>\n  <auth>"))
        return config

    bus, address = start_bus_daemon(tmp_path, "activating", desktop.popen, write)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    notifier = FreedesktopNotifier()
    try:
        notifier.check()
        notifier.notify(Notification("Activated", "dunst was started for this.",
                        timeout=FIVE_S))
        assert "dunst" in notifier.about()[0]
    finally:
        notifier.close()
        desktop.terminate(bus)


def test_without_a_session_bus_the_notifier_names_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    with pytest.raises(NotifierUnavailable, match="cannot connect to the session bus"):
        FreedesktopNotifier()
    selection = select_notifier(env={}, platform="linux")
    assert isinstance(selection.adapter, LogNotifier)
    assert "cannot connect to the session bus" in selection.rejected[0].reason


def test_the_freedesktop_notifier_is_chosen_on_linux_and_says_what_the_server_can_do(
    desktop: DesktopSession,
):
    selection = select_notifier(env={}, platform="linux")
    try:
        assert selection.adapter.name == "freedesktop"
        assert selection.rejected == ()
        server, capabilities = selection.adapter.about()
        assert server.startswith("server: dunst 1.9.0")
        assert "actions" in capabilities.split(": ")[1].split(", ")
    finally:
        selection.adapter.close()


def test_without_a_server_doctor_gets_the_log_and_the_daemon_a_notifier_that_waits(
    desktop: DesktopSession,
):
    desktop.stop_dunst()
    selection = select_notifier(env={}, platform="linux")
    assert isinstance(selection.adapter, LogNotifier)
    assert [r.name for r in selection.rejected] == ["freedesktop"]
    assert "nothing owns org.freedesktop.Notifications" in selection.rejected[0].reason
    put: list[object] = []
    waiting = select_notifier(env={}, platform="linux", put=put.append)
    try:
        assert waiting.adapter.name == "freedesktop"
        assert "ergo uses a server as soon as one starts" in waiting.limits[0]
        assert [type(item) for item in put] == [NotifierChanged]
    finally:
        waiting.adapter.close()


def test_forcing_the_log_notifier_skips_the_server():
    selection = select_notifier(env={"ERGO_NOTIFIER": "log"})
    assert selection.adapter.name == "log"
    assert selection.how == "forced by ERGO_NOTIFIER"
