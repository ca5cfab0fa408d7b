"""The dispatcher with the real engine: what it records and shows for interruptions and breaks.

The dispatcher runs on its own thread as in the daemon; a ``status`` call after
each event is the barrier that says the event was handled.
"""

from __future__ import annotations

import queue
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ergo.config import load_config
from ergo.control.protocol import Request
from ergo.core.events import BreakEnded, BreakStarted, InterruptionEnded, InterruptionStarted, Tick
from ergo.core.state import EngineState
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.tray_none import NoTray
from ergo.runtime.dispatcher import STOP, Dispatcher, Outputs, Ports
from ergo.runtime.helpers import Helpers
from tests.configs import WALK_HOURLY
from tests.fakes import FakeClock, RecordingNotifier

AMS = ZoneInfo("Europe/Amsterdam")
class Desk:
    """The dispatcher on its thread with the hourly walk; ``extra`` is more config."""

    def __init__(self, tmp_path: Path, extra: str = "") -> None:
        path = tmp_path / "ergo.yaml"
        path.write_text(WALK_HOURLY + extra)
        config = load_config(path, None, environ={})
        self.clock = FakeClock(datetime(2024, 6, 3, 9, 0, tzinfo=AMS))
        self.recorded: list[tuple[str, str | None, dict]] = []
        self.notifier = RecordingNotifier()
        events: queue.Queue = queue.Queue()
        self.dispatcher = Dispatcher(
            events=events, config=config, reload=lambda overrides: config,
            state=EngineState(),
            ports=Ports(clock=self.clock, tray=NoTray(events.put), notifier=self.notifier,
                        fallback=LogNotifier(), helpers=Helpers(events.put, icon=None),
                        history_lines=lambda now: ()),
            outputs=Outputs(
                save_state=lambda data: None, arm=lambda at: None, on_quit=lambda: None,
                record=lambda kind, at, rid=None, **detail: self.recorded.append(
                    (kind, rid, detail))),
            backends={"tray": "none", "notifier": "recording", "idle": "scripted"},
            user_config=tmp_path / "user.yaml",
        )
        self.thread = threading.Thread(target=self.dispatcher.run)
        self.thread.start()

    def at(self, hour: int, minute: int, event: object = None) -> dict:
        self.clock.move_to(self.clock.now().replace(hour=hour, minute=minute))
        self.dispatcher.put(event or Tick())
        return self.dispatcher.call(Request("status")).data

    def stop(self) -> None:
        self.dispatcher.put(STOP)
        self.thread.join(5)


@pytest.fixture
def desk(tmp_path):
    desk = Desk(tmp_path)
    yield desk
    desk.stop()


def test_a_reminder_held_by_a_call_is_recorded_as_deferred_and_status_names_the_call(desk):
    desk.at(9, 40, InterruptionStarted("meeting", "microphone in use by zoom"))
    status = desk.at(10, 0)
    assert status["interruption"] == "reminders wait: microphone in use by zoom (since 09:40)"
    assert desk.recorded == [("deferred", "walk", {"reason": "meeting"})]
    assert desk.notifier.shown == []
    status = desk.at(10, 20, InterruptionEnded("meeting"))
    assert status["interruption"] is None
    desk.at(10, 21)
    assert [title for title, _message in desk.notifier.shown] == ["Time to move"]


def test_a_quiet_reminder_is_recorded_but_pops_nothing_up(desk):
    desk.at(9, 5, InterruptionStarted("fullscreen", "full-screen window: Slides"))
    desk.at(10, 0)
    status = desk.at(11, 30)
    assert status["state"] == "due"
    assert ("shown", "walk", {"quiet": True}) in desk.recorded
    assert desk.notifier.shown == []


def test_a_natural_break_is_recorded_with_its_length_from_the_last_input(desk):
    desk.at(9, 20, BreakStarted("idle", since=desk.clock.now().replace(minute=19)))
    desk.at(9, 26, BreakEnded("idle"))
    assert desk.recorded == [("natural_break", None, {"seconds": 420.0})]
    desk.at(9, 27, BreakEnded("idle"))
    assert len(desk.recorded) == 1
