"""The tray's "Today" line follows the history: it is read again once new events are written.

The history is written by its own thread a moment after each event, so a line read
while the dispatcher handles the event would still miss it.
"""

from __future__ import annotations

import queue
import threading
from datetime import UTC, datetime
from pathlib import Path

from ergo.config import LoadedConfig
from ergo.core.state import EngineState
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.tray_none import NoTray
from ergo.runtime.dispatcher import STOP, Dispatcher, HistoryWritten, Outputs, Ports
from ergo.runtime.helpers import Helpers
from tests.desktop.session import wait_until
from tests.factories import settings
from tests.fakes import FakeClock

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # a Monday, 11:00 in Amsterdam


def test_the_today_line_is_read_again_when_the_history_was_written():
    events: queue.Queue[object] = queue.Queue()
    tray = NoTray(events.put)
    written = {"done": 0}
    notifier = LogNotifier()
    dispatcher = Dispatcher(
        events=events,
        config=LoadedConfig(settings(), {}, [], [], {}),
        reload=lambda overrides: LoadedConfig(settings(), {}, [], [], {}),
        state=EngineState(),
        ports=Ports(clock=FakeClock(NOW), tray=tray, notifier=notifier, fallback=notifier,
                    helpers=Helpers(events.put, icon=None),
                    history_lines=lambda now: (f"Today: {written['done']} of 1 done",)),
        outputs=Outputs(save_state=lambda data: None, arm=lambda at: None,
                        record=lambda *args, **kwargs: None, on_quit=lambda: None),
        backends={"tray": "none", "notifier": "log", "idle": "none"},
        user_config=Path("/nonexistent/ergo.yaml"),
    )
    worker = threading.Thread(target=dispatcher.run, daemon=True)
    worker.start()

    def labels() -> list[str]:
        return [item.label for item in tray.view.menu] if tray.view else []

    wait_until(lambda: "Today: 0 of 1 done" in labels(), what="the first Today line")
    written["done"] = 1
    events.put(HistoryWritten())
    wait_until(lambda: "Today: 1 of 1 done" in labels(), what="the Today line read again")
    events.put(STOP)
    worker.join(5)
