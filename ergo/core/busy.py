"""Busy time from the user's calendar, as the engine sees it: spans and the blocks they form.

Pure data and arithmetic, no I/O. The calendar feed (outside the core) turns ICS
files into :class:`BusySpan` values; the engine merges them into blocks with
:func:`blocks` and holds reminders during the block that contains ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

#: A block at least this long gets the ``before_long_meeting`` nudge.
LONG_MEETING = timedelta(hours=1)


@dataclass(frozen=True)
class BusySpan:
    """A stretch of busy time, ``start`` < ``end``, both aware.

    ``title`` is the meeting's summary, or None when the user keeps titles
    private (``show_titles: false``, the default) or the event has none.
    """

    start: datetime
    end: datetime
    title: str | None = None


def blocks(spans: Iterable[BusySpan], gap: timedelta) -> tuple[BusySpan, ...]:
    """Given busy spans, return them merged into blocks, in time order.

    Spans that overlap, touch or leave less than ``gap`` between them form one
    block: a gap shorter than the grace period is no time to stand up. A block
    keeps the title of its first span. Blocks are in UTC, which makes comparing
    them with the engine's instants cheap.
    """
    merged: list[BusySpan] = []
    utc = (BusySpan(s.start.astimezone(UTC), s.end.astimezone(UTC), s.title) for s in spans)
    for span in sorted(utc, key=lambda s: (s.start, s.end)):
        if merged and span.start - merged[-1].end < gap:
            last = merged[-1]
            merged[-1] = BusySpan(last.start, max(last.end, span.end), last.title)
        else:
            merged.append(span)
    return tuple(merged)


def block_at(merged: Iterable[BusySpan], now: datetime) -> BusySpan | None:
    """Return the block that ``now`` falls in (start inclusive, end exclusive), or None."""
    return next((b for b in merged if b.start <= now < b.end), None)


def next_long_block(merged: Iterable[BusySpan], now: datetime) -> BusySpan | None:
    """Return the first block starting after ``now`` that lasts at least :data:`LONG_MEETING`."""
    return next((b for b in merged if b.start > now and b.end - b.start >= LONG_MEETING), None)


def edges_after(merged: Iterable[BusySpan], now: datetime) -> datetime | None:
    """Return the first block start or end after ``now`` (blocks in time order), or None."""
    return next((b.start if b.start > now else b.end for b in merged if b.end > now), None)
