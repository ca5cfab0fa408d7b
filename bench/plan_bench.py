"""How many simulated working days per second go through the plan function.

Run: PYTHONPATH=. python bench/plan_bench.py [--days 365] [--repeat 5]
Target: a year (260 working days) in under one second. Uses a config like the
built-in one (four reminders, 09:00-17:00 Monday to Friday) and a lunch break.
"""

from __future__ import annotations

import argparse
import time as clock
from datetime import date, time, timedelta

from ergo.core.model import Reminder, Settings, Text, TimeRange, WorkHours
from ergo.core.plan import plan


def office_settings() -> Settings:
    def reminder(rid: str, minutes: int, kind: str) -> Reminder:
        return Reminder(
            id=rid,
            enabled=True,
            every=timedelta(minutes=minutes),
            title=Text.plain(rid),
            message=Text.plain(rid),
            kind=kind,
        )

    day = (TimeRange(time(9), time(17)),)
    return Settings(
        language="en",
        work_hours=WorkHours(week=(day,) * 5 + ((), ()), timezone="Europe/Amsterdam"),
        reminders=(
            reminder("sit-upright", 30, "posture"),
            reminder("feet-flat", 30, "posture"),
            reminder("walk", 60, "movement"),
            reminder("change-position", 45, "movement"),
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="calendar days to plan")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best one counts")
    args = parser.parse_args()
    settings = office_settings()
    first = date(2025, 1, 1)
    working_days = sum(1 for n in range(args.days) if (first + timedelta(days=n)).weekday() < 5)
    best = float("inf")
    for _ in range(args.repeat):
        started = clock.perf_counter()
        fired = plan(settings, first, args.days, TimeRange(time(12, 30), time(13)))
        best = min(best, clock.perf_counter() - started)
    print(f"{args.days} calendar days ({working_days} working days), {len(fired)} notifications")
    print(f"best of {args.repeat}: {best:.3f} s, {working_days / best:.0f} working days per second")
    print(f"a year of 260 working days: {260 / (working_days / best):.3f} s")


if __name__ == "__main__":
    main()
