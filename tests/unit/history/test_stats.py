from datetime import UTC, date, timedelta

from history_events import at, event

from ergo.history.stats import Figures, day_figures, longest_sitting, period, summarize, trend_line
from ergo.history.store import StoredEvent

MONDAY = date(2025, 3, 3)


def test_outcomes_routines_and_natural_breaks_are_counted_per_day():
    events = [
        event("shown", MONDAY, "09:00", "walk"),
        event("done", MONDAY, "09:01", "walk", movement=True),
        event("shown", MONDAY, "09:40", "posture"),
        event("snoozed", MONDAY, "09:41", "posture", duration=timedelta(minutes=10)),
        event("shown", MONDAY, "09:51", "posture"),
        event("skipped", MONDAY, "09:52", "posture"),
        event("shown", MONDAY, "10:30", "walk"),
        event("ignored", MONDAY, "10:32", "walk"),
        event("deferred", MONDAY, "11:00", "walk", reason="meeting"),
        event("natural_break", MONDAY, "11:30", seconds=600),
        event("natural_break", MONDAY, "14:00", seconds=900),
        event("routine_started", MONDAY, "15:00", routine="lumbar"),
        event("routine_completed", MONDAY, "15:06", routine="lumbar"),
    ]
    figures = day_figures(events)
    assert figures == Figures(
        shown=4,
        done=1,
        snoozed=1,
        skipped=1,
        ignored=1,
        deferred=1,
        routines_completed=1,
        natural_break_seconds=1500,
        # Breaks at 09:01 (walk), 11:20-11:30, 13:45-14:00, 15:00-15:06: 09:01-11:20 is longest.
        longest_sitting_seconds=(2 * 60 + 19) * 60,
    )


def test_longest_sitting_is_the_longest_tracked_time_between_breaks():
    events = [
        event("shown", MONDAY, "09:00", "posture"),
        event("natural_break", MONDAY, "10:00", seconds=15 * 60),  # away 09:45-10:00
        event("done", MONDAY, "12:00", "walk", movement=True),
        event("shown", MONDAY, "12:30", "posture"),
    ]
    # Stretches: 09:00-09:45, 10:00-12:00, 12:00-12:30.
    assert longest_sitting(events) == 2 * 3600


def test_a_posture_reminder_marked_done_does_not_break_the_stretch():
    events = [
        event("shown", MONDAY, "09:00", "posture"),
        event("done", MONDAY, "10:00", "posture"),
        event("shown", MONDAY, "11:00", "posture"),
    ]
    assert longest_sitting(events) == 2 * 3600


def test_paused_time_and_routines_are_not_sitting_time():
    events = [
        event("shown", MONDAY, "09:00", "posture"),
        event("routine_started", MONDAY, "09:30", routine="lumbar"),
        event("routine_stopped", MONDAY, "09:34", routine="lumbar", step=3),
        event("paused", MONDAY, "10:30"),
        event("resumed", MONDAY, "11:30"),
        event("shown", MONDAY, "12:00", "posture"),
        event("paused", MONDAY, "12:20"),
        event("shown", MONDAY, "17:00", "posture"),
    ]
    # Stretches: 09:00-09:30, 09:34-10:30 (56 min), 11:30-12:20 (50 min); paused to the end.
    assert longest_sitting(events) == 56 * 60


def test_a_day_with_one_event_has_no_sitting_stretch():
    assert longest_sitting([event("shown", MONDAY, "09:00", "walk")]) == 0


def test_events_count_for_the_local_day_they_happened_on():
    late = StoredEvent.of("shown", at(MONDAY, "23:30"), "walk")
    early = StoredEvent.of("shown", at(MONDAY + timedelta(days=1), "00:30"), "walk")
    in_utc = StoredEvent.of("shown", at(MONDAY, "23:30", UTC), "walk")
    assert (late.day, early.day) == ("2025-03-03", "2025-03-04")
    assert early.at - late.at == 3600
    assert in_utc.day == "2025-03-03"


def test_a_report_covers_each_day_of_the_period_and_the_period_before():
    first, last = period(MONDAY + timedelta(days=6), 7)
    events = [
        event("shown", MONDAY - timedelta(days=7), "09:00", "walk"),
        event("done", MONDAY - timedelta(days=7), "09:01", "walk"),
        event("shown", MONDAY, "09:00", "walk"),
        event("shown", MONDAY + timedelta(days=6), "09:00", "walk"),
        event("done", MONDAY + timedelta(days=6), "09:01", "walk"),
        event("shown", MONDAY + timedelta(days=7), "09:00", "walk"),
    ]
    report = summarize(events, first, last)
    assert first == MONDAY
    assert [day for day, _f in report.days] == [MONDAY + timedelta(days=n) for n in range(7)]
    assert (report.total.shown, report.total.done) == (2, 1)
    assert (report.previous.shown, report.previous.done) == (1, 1)


def test_the_trend_compares_with_the_period_before():
    events = [
        event("shown", MONDAY - timedelta(days=1), "09:00", "walk"),
        event("shown", MONDAY - timedelta(days=1), "10:00", "walk"),
        event("done", MONDAY - timedelta(days=1), "10:01", "walk"),
        event("shown", MONDAY, "09:00", "walk"),
        event("done", MONDAY, "09:01", "walk"),
        event("natural_break", MONDAY, "11:00", seconds=1200),
    ]
    line = trend_line(summarize(events, MONDAY, MONDAY))
    assert line.startswith("Compared with Sun 2 Mar: ")
    assert "100% of reminders done (was 50%)" in line
    assert "20 min of natural breaks (was 0)" in line


def test_the_trend_says_so_when_there_is_nothing_to_compare_with():
    line = trend_line(summarize([event("shown", MONDAY, "09:00")], MONDAY, MONDAY))
    assert line == "No history for Sun 2 Mar to compare with."


def test_endings_count_once_per_showing_so_they_never_add_up_to_more_than_shown():
    events = [
        # A snooze ahead of time ends no showing.
        event("snoozed", MONDAY, "08:55", "walk", duration=timedelta(minutes=10)),
        event("shown", MONDAY, "09:10", "walk"),
        event("shown", MONDAY, "09:10", "posture"),
        # Snoozing all ends both showings at once.
        event("snoozed", MONDAY, "09:11", None, duration=timedelta(minutes=10)),
        event("shown", MONDAY, "09:21", "walk"),
        event("done", MONDAY, "09:22", "walk", movement=True),
        # A second answer to the same showing ends nothing more.
        event("done", MONDAY, "09:23", "walk", movement=True),
        event("shown", MONDAY, "09:40", "posture"),
    ]
    figures = day_figures(events)
    assert (figures.shown, figures.done, figures.snoozed) == (4, 1, 2)
    assert figures.done + figures.snoozed + figures.skipped + figures.ignored <= figures.shown
