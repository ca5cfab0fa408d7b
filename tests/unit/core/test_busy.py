"""Busy blocks from calendar spans: merging, the next edge and the next long meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ergo.core.busy import BusySpan, block_at, blocks, edges_after, next_long_block

AMSTERDAM_WINTER = timezone(timedelta(hours=1))
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=AMSTERDAM_WINTER)


def span(start_minutes: int, minutes: int, title: str | None = None) -> BusySpan:
    start = MORNING + timedelta(minutes=start_minutes)
    return BusySpan(start, start + timedelta(minutes=minutes), title)


def test_blocks_are_in_utc_whatever_zone_the_feed_wrote():
    (block,) = blocks([span(0, 30)], timedelta(minutes=5))
    assert (block.start.tzinfo, block.end.tzinfo) == (UTC, UTC)
    assert block.start == MORNING


def test_a_span_inside_a_block_does_not_shorten_it():
    (block,) = blocks([span(0, 60, "Planning"), span(10, 20, "Side chat")], timedelta(0))
    assert (block.start, block.end, block.title) == (MORNING, MORNING + timedelta(hours=1),
                                                      "Planning")


def test_the_next_edge_is_a_coming_blocks_start_and_the_current_blocks_end():
    merged = blocks([span(30, 30)], timedelta(0))
    assert edges_after(merged, MORNING) == MORNING + timedelta(minutes=30)
    assert edges_after(merged, MORNING + timedelta(minutes=40)) == MORNING + timedelta(hours=1)
    assert edges_after(merged, MORNING + timedelta(hours=1)) is None


def test_a_meeting_of_exactly_an_hour_is_long_and_one_already_begun_is_not_next():
    merged = blocks([span(0, 60), span(120, 59), span(180, 60)], timedelta(0))
    assert next_long_block(merged, MORNING - timedelta(minutes=1)) == merged[0]
    # At its start a meeting is no longer ahead: the nudge comes before it or not at all.
    assert next_long_block(merged, MORNING) == merged[2]


def test_a_meeting_is_busy_from_its_first_instant_until_just_before_its_end():
    merged = blocks([span(30, 30, "Review")], timedelta(0))
    start, end = MORNING + timedelta(minutes=30), MORNING + timedelta(hours=1)
    assert block_at(merged, start - timedelta(microseconds=1)) is None
    assert block_at(merged, start) == merged[0]
    assert block_at(merged, end - timedelta(microseconds=1)) == merged[0]
    assert block_at(merged, end) is None
