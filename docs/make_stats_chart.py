"""Draw docs/stats-week.png from a generated working week, recorded the way the daemon does.

Run from the repository root: ``python docs/make_stats_chart.py``. The week is
seeded, so the picture only changes when the chart code does.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ergo.cli import main
from ergo.history.recorder import HistoryRecorder

ZONE = timezone(timedelta(hours=1))
MONDAY = date(2025, 3, 3)
# Reminders shown per day and the odds of each ending, Monday to Sunday.
SHOWN = (9, 8, 10, 7, 8, 0, 0)
ODDS = {"done": 0.68, "snoozed": 0.16, "skipped": 0.08, "ignored": 0.08}


def record_week(recorder: HistoryRecorder, rng: random.Random) -> None:
    """Record a plausible week: reminders every ~40 minutes, some breaks and routines."""
    for offset, shown in enumerate(SHOWN):
        day = MONDAY + timedelta(days=offset)
        at = datetime(day.year, day.month, day.day, 8, 45, tzinfo=ZONE)
        for number in range(shown):
            at += timedelta(minutes=rng.randint(30, 50))
            reminder = "walk" if number % 2 else "posture"
            recorder.record("shown", at, reminder)
            outcome = rng.choices(list(ODDS), weights=list(ODDS.values()))[0]
            detail = {"duration": timedelta(minutes=10)} if outcome == "snoozed" else {}
            if outcome == "done" and reminder == "walk":
                detail["movement"] = True
            recorder.record(outcome, at + timedelta(minutes=1), reminder, **detail)
            if rng.random() < 0.3:
                recorder.record(
                    "natural_break", at + timedelta(minutes=15), seconds=rng.randint(5, 25) * 60
                )
        for _routine in range(rng.choice((0, 1, 1, 2)) if shown else 0):
            start = at - timedelta(minutes=rng.randint(20, 200))
            recorder.record("routine_started", start, routine="lumbar")
            recorder.record("routine_completed", start + timedelta(minutes=6), routine="lumbar")


def run(target: Path) -> int:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "history.sqlite3"
        recorder = HistoryRecorder(database)
        record_week(recorder, random.Random(7))
        recorder.close()
        until = (MONDAY + timedelta(days=6)).isoformat()
        return main(["stats", "--db", str(database), "--until", until, "--chart", str(target)])


if __name__ == "__main__":
    sys.exit(run(Path(__file__).with_name("stats-week.png")))
