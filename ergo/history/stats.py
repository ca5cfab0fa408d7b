"""Per-day figures from stored history events: pure functions over rows.

The figures for one local day:

- ``shown``: reminders shown; ``done``, ``snoozed``, ``skipped``, ``ignored``: how
  those showings ended (so together at most ``shown``; the rest were still
  open); ``deferred``: reminders held back (meeting, full screen, ...);
- ``routines_completed``: guided routines followed to the end;
- ``natural_break_seconds``: time away from the computer that ergo counted as a
  break without being asked;
- ``longest_sitting_seconds``: the longest unbroken sitting stretch, defined as
  follows. The day's *tracked time* runs from its first recorded event to its
  last, less any time ergo was paused (``paused`` to ``resumed``, or to the last
  event if never resumed). *Breaks* cut it: a natural break (the ``seconds``
  before its event), a routine (from ``routine_started`` to its
  ``routine_completed`` or ``routine_stopped``) and a movement reminder marked
  done (``done`` with ``movement`` true: the person got up). The longest piece
  of tracked time between breaks is the stretch.

Thread rules: none; everything here is pure and may run on any thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta

from ergo.history.store import HistoryStore, StoredEvent
from ergo.history.text import hours_minutes, span_label
from ergo.i18n import _

OUTCOMES = ("done", "snoozed", "skipped", "ignored")


@dataclass(frozen=True)
class Figures:
    """Counts for a day, or for a period (then the longest stretch is the period's longest)."""

    shown: int = 0
    done: int = 0
    snoozed: int = 0
    skipped: int = 0
    ignored: int = 0
    deferred: int = 0
    routines_completed: int = 0
    natural_break_seconds: float = 0
    longest_sitting_seconds: int = 0

    @property
    def done_share(self) -> float | None:
        """Return done / shown, or None when nothing was shown."""
        return self.done / self.shown if self.shown else None

    @property
    def empty(self) -> bool:
        return self == Figures()

    @classmethod
    def total(cls, items: Iterable[Figures]) -> Figures:
        """Given several days' figures, return their sum (and the longest stretch of any)."""
        result: dict[str, float] = {f.name: 0 for f in fields(cls)}
        for item in items:
            for name in result:
                value = getattr(item, name)
                if name == "longest_sitting_seconds":
                    result[name] = max(result[name], value)
                else:
                    result[name] += value
        return cls(**result)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Report:
    """Figures for each day of a period, their total and the previous period's total."""

    first: date
    last: date
    days: tuple[tuple[date, Figures], ...]
    total: Figures
    previous: Figures

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1


# How a shown reminder can end.
ENDINGS = ("done", "snoozed", "skipped", "ignored")


def day_figures(events: Sequence[StoredEvent]) -> Figures:
    """Given one local day's events in time order, return its figures.

    An ending counts once per showing it ends, so the endings never add up to more
    than ``shown``: a snooze of all reminders ends every showing still open, and an
    answer for a reminder that was not showing (a snooze ahead of time) ends none.
    """
    counts: dict[str, int] = defaultdict(int)
    showing: dict[str | None, int] = defaultdict(int)
    break_seconds = 0.0
    for event in events:
        if event.kind in ENDINGS:
            if event.reminder is None:
                ended = sum(showing.values())
                showing.clear()
            else:
                ended = min(1, showing[event.reminder])
                showing[event.reminder] -= ended
            counts[event.kind] += ended
            continue
        counts[event.kind] += 1
        if event.kind == "shown":
            showing[event.reminder] += 1
        elif event.kind == "natural_break":
            break_seconds += float(event.detail.get("seconds", 0))
    return Figures(
        shown=counts["shown"],
        done=counts["done"],
        snoozed=counts["snoozed"],
        skipped=counts["skipped"],
        ignored=counts["ignored"],
        deferred=counts["deferred"],
        routines_completed=counts["routine_completed"],
        natural_break_seconds=break_seconds,
        longest_sitting_seconds=longest_sitting(events),
    )


def longest_sitting(events: Sequence[StoredEvent]) -> int:
    """Given one day's events in time order, return its longest sitting stretch in seconds.

    See the module docstring for the definition.
    """
    if not events:
        return 0
    start, end = events[0].at, events[-1].at
    cuts: list[tuple[float, float]] = []
    routine_start: int | None = None
    paused_at: int | None = None
    for event in events:
        if event.kind == "natural_break":
            cuts.append((event.at - float(event.detail.get("seconds", 0)), event.at))
        elif event.kind == "routine_started":
            routine_start = event.at
        elif event.kind in ("routine_completed", "routine_stopped"):
            cuts.append((event.at if routine_start is None else routine_start, event.at))
            routine_start = None
        elif event.kind == "done" and event.detail.get("movement"):
            cuts.append((event.at, event.at))
        elif event.kind == "paused":
            paused_at = event.at if paused_at is None else paused_at
        elif event.kind == "resumed" and paused_at is not None:
            cuts.append((paused_at, event.at))
            paused_at = None
    if paused_at is not None:
        cuts.append((paused_at, end))
    longest = 0.0
    cursor: float = start
    for cut_start, cut_end in sorted(cuts):
        longest = max(longest, cut_start - cursor)
        cursor = max(cursor, cut_end)
    longest = max(longest, end - cursor)
    return int(longest)


def period(last: date, days: int) -> tuple[date, date]:
    """Given the last day and a length in days, return the period's first and last day."""
    return last - timedelta(days=days - 1), last


def summarize(events: Iterable[StoredEvent], first: date, last: date) -> Report:
    """Given events covering ``first``..``last`` and the period of equal length before it,

    return the report. Events outside both periods are ignored.
    """
    by_day: dict[str, list[StoredEvent]] = defaultdict(list)
    for event in events:
        by_day[event.day].append(event)
    length = (last - first).days + 1

    def figures(start: date) -> list[tuple[date, Figures]]:
        days = (start + timedelta(days=n) for n in range(length))
        return [(day, day_figures(by_day.get(day.isoformat(), []))) for day in days]

    current = figures(first)
    previous = figures(first - timedelta(days=length))
    return Report(
        first=first,
        last=last,
        days=tuple(current),
        total=Figures.total(f for _day, f in current),
        previous=Figures.total(f for _day, f in previous),
    )


def load_report(store: HistoryStore, last: date, days: int) -> Report:
    """Given an open store, the last day and a length in days, read and return the report."""
    first, last = period(last, days)
    events = store.events_between(first - timedelta(days=days), last)
    return summarize(events, first, last)


def trend_line(report: Report) -> str:
    """Given a report, return one sentence comparing it with the period before."""
    now, before = report.total, report.previous
    previous = span_label(report.first - timedelta(days=report.length), report.first - timedelta(1))
    if before.empty:
        return _("No history for {previous} to compare with.").format(previous=previous)
    return _(
        "Compared with {previous}: {done} done (was {done_before}),"
        " {share} of reminders done (was {share_before}),"
        " {minutes} min of natural breaks (was {minutes_before})."
    ).format(
        previous=previous,
        done=now.done,
        done_before=before.done,
        share=_percent(now.done_share),
        share_before=_percent(before.done_share),
        minutes=round(now.natural_break_seconds / 60),
        minutes_before=round(before.natural_break_seconds / 60),
    )


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def today_summary(store: HistoryStore, today: date) -> str:
    """Given an open store and today's date, return the tray line ``Today: 5 of 7 done``."""
    figures = day_figures(store.events_between(today, today))
    return _("Today: {done} of {shown} done").format(done=figures.done, shown=figures.shown)


def week_summary(store: HistoryStore, today: date) -> str:
    """Given an open store and today's date, return the tray's "This week" line (last 7 days)."""
    total = load_report(store, today, 7).total
    return _(
        "This week: {done} of {shown} done, routines: {routines},"
        " natural breaks: {breaks}, longest sitting: {sitting}"
    ).format(
        done=total.done,
        shown=total.shown,
        routines=total.routines_completed,
        breaks=hours_minutes(total.natural_break_seconds),
        sitting=hours_minutes(total.longest_sitting_seconds),
    )
