"""``ergo run`` in the virtual desktop with a calendar feed served on 127.0.0.1.

A busy event that is on now holds the reminder: nothing pops up in dunst,
``ergo status`` says why, and the reminder comes once the event is over.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ergo.core.durations import clock_time
from tests import calendars
from tests.calendar_server import calendar_server
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.test_daemon import Ergo, config_text, noon_zone

pytestmark = pytest.mark.desktop

SECRET = "/owa/calendar/0c0ffee@example.org/desk-secret-token/calendar.ics"


@pytest.fixture
def ergo(desktop: DesktopSession) -> Iterator[Ergo]:
    user = Ergo(desktop, tray=None)
    yield user
    user.close()


def test_a_busy_event_now_holds_the_reminder_until_it_ends(ergo: Ergo):
    with calendar_server() as server:
        # Whole seconds: an ICS time has no fractions.
        now = datetime.now(UTC).replace(microsecond=0)
        end = now + timedelta(seconds=25)
        url = server.serve(SECRET, calendars.one_event(now - timedelta(minutes=5), end))
        ergo.config.write_text(config_text(every="8s") + (
            "interruptions:\n"
            f"  calendars: [{url}]\n"
            "  grace: 1s\n"
        ))
        ergo.start("--no-tray")
        status = wait_until(lambda: (s := ergo.status())["interruption"] and s, timeout=15,
                            what="the meeting in ergo status")
        # Status times are in the work-hours zone, rounded to the minute.
        until = clock_time(end.astimezone(ZoneInfo(noon_zone())))
        assert status["interruption"].startswith(f"reminders wait: in a meeting until {until}")
        assert status["situation"] == f"Waiting: in a meeting until {until}"
        assert status["calendars"] == [
            {"source": "http://127.0.0.1/…", "fetched": status["calendars"][0]["fetched"],
             "events": 1, "error": None}]
        # The reminder came due during the event and waits: nothing popped up.
        wait_until(lambda: any(e["kind"] == "deferred" for e in ergo.history()), timeout=20,
                   what="the reminder held back")
        assert datetime.now(UTC) < end, "the event ended before the hold could be seen"
        assert ergo.notifications() == 0
        ergo.wait_for_notification(timeout=(end - datetime.now(UTC)).total_seconds() + 15)
        assert datetime.now(UTC) >= end
        assert ergo.status()["interruption"] is None
    assert "Quarterly planning" not in ergo.log + ergo.stderr
    assert "desk-secret-token" not in ergo.log + ergo.stderr
