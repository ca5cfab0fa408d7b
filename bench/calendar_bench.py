"""Print what a calendar costs: importing the ICS libraries, reading a busy year-long feed,
and the engine's work per event with a fortnight of meetings in its state.

Run: PYTHONPATH=. python bench/calendar_bench.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ergo.calendar.parse import busy_spans
from ergo.core.busy import BusySpan
from ergo.core.engine import handle
from ergo.core.events import CalendarChanged, Tick
from ergo.core.model import InterruptionSettings
from ergo.core.state import EngineState
from tests.factories import settings

AMS = ZoneInfo("Europe/Amsterdam")


def feed(meetings_a_day: int) -> bytes:
    """A year of daily repeating meetings, each with one moved and one cancelled day."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:bench"]
    for n in range(meetings_a_day):
        start = datetime(2024, 1, 1, 8 + n % 9, 0, tzinfo=UTC)
        stamp = f"{start:%Y%m%dT%H%M%SZ}"
        moved = f"{start + timedelta(days=150):%Y%m%dT%H%M%SZ}"
        lines += ["BEGIN:VEVENT", f"UID:m{n}", f"DTSTAMP:{stamp}", f"DTSTART:{stamp}",
                  f"DTEND:{start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}",
                  "RRULE:FREQ=DAILY;COUNT=365;BYDAY=MO,TU,WE,TH,FR",
                  f"EXDATE:{start + timedelta(days=100):%Y%m%dT%H%M%SZ}", "END:VEVENT",
                  "BEGIN:VEVENT", f"UID:m{n}", f"DTSTAMP:{stamp}", f"RECURRENCE-ID:{moved}",
                  f"DTSTART:{start + timedelta(days=150, hours=1):%Y%m%dT%H%M%SZ}",
                  f"DTEND:{start + timedelta(days=150, hours=1, minutes=30):%Y%m%dT%H%M%SZ}",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def best(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    probe = "import time; t = time.perf_counter(); import icalendar, recurring_ical_events; " \
            "print(time.perf_counter() - t)"
    imported = float(subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                    text=True, check=True).stdout)
    print(f"{'import icalendar + recurring_ical_events':<52} {imported * 1000:8.1f} ms")
    data = feed(8)
    window = (datetime(2024, 6, 2, tzinfo=AMS), datetime(2024, 6, 18, tzinfo=AMS))
    spans = busy_spans(data, *window, AMS).spans
    took = best(lambda: busy_spans(data, *window, AMS))
    print(f"{f'read a {len(data) // 1024} KB feed, {len(spans)} busy spans in 16 days':<52} "
          f"{took * 1000:8.1f} ms")
    config = replace(settings(), interruptions=InterruptionSettings(
        before_long_meeting=timedelta(minutes=5)))
    now = datetime(2024, 6, 3, 9, tzinfo=AMS)
    plain = handle(config, EngineState(), Tick(), now).state
    busy = handle(config, plain, CalendarChanged(tuple(BusySpan(s.start, s.end) for s in spans)),
                  now).state
    for label, state in (("engine tick, no calendar", plain),
                         (f"engine tick, {len(spans)} busy spans", busy)):
        took = best(lambda state=state: handle(config, state, Tick(), now + timedelta(minutes=7)),
                    repeat=200)
        print(f"{label:<52} {took * 1e6:8.0f} µs")


if __name__ == "__main__":
    main()
