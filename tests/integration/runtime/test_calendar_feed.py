"""The calendar feed's thread, and the dispatcher showing what it read (a real HTTP server)."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ergo.calendar.feeds import FeedState
from ergo.core.busy import BusySpan
from ergo.core.events import Tick
from ergo.core.model import InterruptionSettings
from ergo.runtime.calendar_feed import CalendarFeed, CalendarRead
from tests import calendars
from tests.calendar_server import calendar_server
from tests.factories import reminder, settings
from tests.integration.runtime.test_dispatcher_interruptions import Desk
from tests.waiting import wait_until

AMS = ZoneInfo("Europe/Amsterdam")


def calendar_settings(*sources: str, **options):
    return replace(settings(reminders=(reminder("walk", 60),)),
                   interruptions=InterruptionSettings(calendars=sources, **options))


def next_item(items: queue.Queue, seconds: float = 10.0):
    return items.get(timeout=seconds)


def feed_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ergo-calendar"]


def test_the_thread_reads_the_feeds_and_puts_one_item_on_the_queue(tmp_path):
    now = datetime.now(UTC)
    with calendar_server() as server:
        url = server.serve("/cal.ics", calendars.one_event(now, now + timedelta(hours=1)))
        current = calendar_settings(url)
        items: queue.Queue = queue.Queue()
        feed = CalendarFeed(lambda: current, items.put, lambda: datetime.now(UTC), tmp_path)
        feed.wake()
        try:
            read = next_item(items)
            assert isinstance(read, CalendarRead)
            [span] = read.spans
            assert span.title is None
            assert abs(span.start - now) < timedelta(seconds=1)
            assert [f.events for f in read.feeds] == [1]
            assert len(feed_threads()) == 1
            # A reload wakes it for a read at once, not after calendar_refresh.
            feed.wake()
            assert isinstance(next_item(items), CalendarRead)
            # Without calendars it clears the busy time and ends.
            current = calendar_settings()
            feed.wake()
            assert next_item(items) == CalendarRead((), ())
            wait_until(lambda: feed_threads() == [], 10, "the feed thread to end")
        finally:
            feed.stop()


def test_at_start_the_saved_copy_counts_before_a_slow_server_answers(tmp_path):
    from ergo.calendar.feeds import read_calendars

    now = datetime.now(UTC)
    with calendar_server() as server:
        url = server.serve("/cal.ics", calendars.one_event(now, now + timedelta(hours=1)))
        current = calendar_settings(url)
        read_calendars(current.interruptions, tmp_path, now, UTC)
        server.serve("/cal.ics", b"", slow=True)
        items: queue.Queue = queue.Queue()
        feed = CalendarFeed(lambda: current, items.put, lambda: datetime.now(UTC), tmp_path)
        feed.wake()
        try:
            # Within 5 s: well before the download's 20 s timeout could have passed.
            read = next_item(items, 5)
            assert [abs(s.start - now) < timedelta(seconds=1) for s in read.spans] == [True]
            assert read.feeds[0].error is None
        finally:
            feed.stop()


def test_without_calendars_no_thread_starts_and_icalendar_is_never_imported():
    script = (
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from ergo.runtime.calendar_feed import CalendarFeed\n"
        "from tests.factories import settings\n"
        "import ergo.runtime.daemon, ergo.runtime.dispatcher\n"
        "items = []\n"
        "CalendarFeed(lambda: settings(), items.append, lambda: datetime.now(UTC)).wake()\n"
        "import threading\n"
        "assert [t.name for t in threading.enumerate()] == ['MainThread'], threading.enumerate()\n"
        "assert items == []\n"
        "assert 'icalendar' not in sys.modules and 'recurring_ical_events' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[3], timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.fixture
def desk(tmp_path, request):
    show = getattr(request, "param", False)
    desk = Desk(tmp_path, f"interruptions:\n  show_titles: {'true' if show else 'false'}\n")
    yield desk
    desk.stop()


def meeting(title: str | None = None) -> BusySpan:
    return BusySpan(datetime(2024, 6, 3, 9, 30, tzinfo=AMS), datetime(2024, 6, 3, 11, tzinfo=AMS),
                    title)


GOOD = FeedState("https://outlook.office365.com/…", datetime(2024, 6, 3, 7, tzinfo=UTC), 12)


def test_status_says_reminders_wait_for_a_meeting_until_its_end(desk):
    status = desk.at(9, 45, CalendarRead((meeting(),), (GOOD,)))
    assert status["situation"] == "Waiting: in a meeting until 11:00"
    assert status["interruption"] == "reminders wait: in a meeting until 11:00 (since 09:30)"
    assert status["calendars"] == [{"source": "https://outlook.office365.com/…",
                                    "fetched": "2024-06-03T07:00:00+00:00", "events": 12,
                                    "error": None}]
    desk.at(10, 30, CalendarRead((meeting(),), (GOOD,)))
    assert desk.notifier.shown == []
    # The daemon's timer wakes the dispatcher at the block's end and after the grace.
    desk.at(11, 0, Tick())
    after = desk.at(11, 1, Tick())
    assert after["situation"].startswith("Next reminder")
    assert [title for title, _ in desk.notifier.shown] == ["Time to move"]


@pytest.mark.parametrize("desk", [True], indirect=True)
def test_with_show_titles_status_names_the_meeting(desk):
    status = desk.at(9, 45, CalendarRead((meeting("Quarterly planning"),), (GOOD,)))
    assert status["situation"] == "Waiting: in “Quarterly planning” until 11:00"


def test_a_feed_that_cannot_be_read_is_one_line_in_status(desk):
    failed = replace(GOOD, error="https://outlook.office365.com/… answered 500 Server Error")
    status = desk.at(12, 0, CalendarRead((), (failed,)))
    assert status["interruption"] == (
        "calendar https://outlook.office365.com/… could not be read: https://outlook.office365"
        ".com/… answered 500 Server Error; its copy from "
        f"{GOOD.fetched.astimezone():%H:%M} is used")
