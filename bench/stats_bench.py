"""How fast is ``ergo stats --week`` on a year of dense history?

Generates about 100,000 events over 365 days into a temporary history file, then
times ``ergo stats --week`` in-process and as a subprocess (the way a user or the
tray runs it), and prints the figures. Run from the repository root:

    PYTHONPATH=$PWD python bench/stats_bench.py [--events N] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock_time
from pathlib import Path

from ergo.cli import main
from ergo.history.recorder import HistoryRecorder
from ergo.history.store import HistoryStore, StoredEvent

ZONE = timezone(timedelta(hours=1))
LAST_DAY = date(2025, 12, 31)
OUTCOMES = ("done", "snoozed", "skipped", "ignored")


def generate(events: int, rng: random.Random) -> list[StoredEvent]:
    """Return about ``events`` events spread over the 365 days up to LAST_DAY."""
    per_day = events // 365
    rows: list[StoredEvent] = []
    for offset in range(365):
        day = LAST_DAY - timedelta(days=364 - offset)
        start = datetime.combine(day, clock_time(8, 0), tzinfo=ZONE)
        seconds = sorted(rng.randrange(10 * 3600) for _ in range(per_day // 2))
        for second in seconds:
            at = start + timedelta(seconds=second)
            rows.append(StoredEvent.of("shown", at, rng.choice(("walk", "posture"))))
            outcome = rng.choices(OUTCOMES, weights=(6, 2, 1, 1))[0]
            detail: dict = {"movement": True} if outcome == "done" else {}
            if outcome == "snoozed":
                detail["duration"] = 600
            rows.append(StoredEvent.of(outcome, at + timedelta(seconds=30), "walk", **detail))
        rows.append(StoredEvent.of("natural_break", start + timedelta(hours=4), seconds=1800))
    rows.sort(key=lambda e: e.at)
    return rows


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def describe(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f} ms   max {ms[-1]:7.1f} ms"


def run(events: int, runs: int) -> None:
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        rows = generate(events, rng)

        store = HistoryStore.open(path)
        started = time.perf_counter()
        store.add(rows)
        inserted = time.perf_counter() - started
        store.close()
        size = sum(f.stat().st_size for f in Path(folder).iterdir())
        print(f"history: {len(rows):,} events over 365 days, {size / 1e6:.1f} MB on disk")
        print(f"bulk insert (one transaction):        {inserted * 1000:7.1f} ms")

        recorder = HistoryRecorder(Path(folder) / "recorder.sqlite3", batch_delay=0.05)
        sample = rows[:10_000]
        started = time.perf_counter()
        for event in sample:
            recorder.record(event.kind, datetime.fromtimestamp(event.at, ZONE), event.reminder)
        queued = time.perf_counter() - started
        recorder.close()
        written = time.perf_counter() - started
        print(
            f"recorder: {len(sample):,} record() calls   {queued / len(sample) * 1e6:5.1f} µs each"
            f" on the caller, all written after {written * 1000:.0f} ms"
        )

        until = LAST_DAY.isoformat()
        argv = ["stats", "--week", "--until", until, "--db", str(path)]

        def in_process() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                main(argv)

        print(f"ergo stats --week, in-process:        {describe(timed(in_process, runs))}")

        def as_subprocess() -> None:
            subprocess.run([sys.executable, "-m", "ergo", *argv], check=True,
                           stdout=subprocess.DEVNULL, env=os.environ)  # fmt: skip

        print(f"ergo stats --week, subprocess:        {describe(timed(as_subprocess, runs))}")

        def bare() -> None:
            subprocess.run([sys.executable, "-c", "pass"], check=True)

        print(f"  (bare python -c pass, for scale:    {describe(timed(bare, runs))})")

        def year_in_process() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                main(["stats", "--days", "365", "--json", "--until", until, "--db", str(path)])

        print(f"ergo stats --days 365 --json:         {describe(timed(year_in_process, 3))}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    run(options.events, options.runs)
