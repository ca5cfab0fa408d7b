"""ergo's D-Bus client (ergo.desktop.dbus) against servers on a private bus that do not
answer quite as the specification says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo.desktop.dbus import NOTIFICATIONS, Bus
from ergo.desktop.select import select_notifier
from tests.dbus_services import TwiceAnsweringNotifications, start_bus


@pytest.fixture
def twice_answering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A session bus whose notification server answers every call twice; its address."""
    daemon, address = start_bus(tmp_path, "session")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    server = TwiceAnsweringNotifications(address).start()
    try:
        yield address
    finally:
        server.stop()
        daemon.kill()
        daemon.wait()


def test_a_call_answered_twice_returns_the_first_answer_and_later_calls_still_work(
    twice_answering: str,
):
    bus = Bus("SESSION")
    try:
        (capabilities,) = bus.call(NOTIFICATIONS, "GetCapabilities")
        assert "actions" in capabilities
        # The second answer of each call is dropped; the receiver thread lives on.
        for _ in range(3):
            assert bus.call(NOTIFICATIONS, "GetServerInformation")[0] == "fake-notifyd"
    finally:
        bus.close()


def test_the_notifier_is_chosen_for_a_server_that_answers_twice(twice_answering: str):
    choice = select_notifier(env={"DBUS_SESSION_BUS_ADDRESS": twice_answering},
                             platform="linux")
    try:
        assert choice.adapter.name == "freedesktop", choice.describe("notifications")
    finally:
        choice.adapter.close()
