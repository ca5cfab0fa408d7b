import sqlite3
from datetime import date, timedelta

import pytest
from history_events import at, event

from ergo.history.store import (
    SCHEMA_VERSION,
    HistoryCorrupt,
    HistoryStore,
    HistoryTooNew,
)

MONDAY = date(2025, 3, 3)

# The schema as version 1 of ergo created it, written out here on purpose: the
# migration test must keep testing upgrades from this file even when the code's
# own migration list changes.
V1_DDL = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (1);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    day TEXT NOT NULL,
    utc_offset INTEGER NOT NULL,
    reminder TEXT
);
"""


def make_v1(path):
    connection = sqlite3.connect(path)
    connection.executescript(V1_DDL)
    start = at(MONDAY, "09:00")
    connection.execute(
        "INSERT INTO events (kind, at, day, utc_offset, reminder) VALUES (?, ?, ?, ?, ?)",
        ("shown", int(start.timestamp()), "2025-03-03", 3600, "walk"),
    )
    connection.commit()
    connection.close()


def test_a_version_1_history_is_migrated_and_keeps_its_events(tmp_path):
    path = tmp_path / "history.sqlite3"
    make_v1(path)
    store = HistoryStore.open(path)
    store.add([event("snoozed", MONDAY, "09:01", "walk", duration=timedelta(minutes=10))])
    events = store.events_between(MONDAY, MONDAY)
    store.close()
    assert [(e.kind, e.reminder, e.detail) for e in events] == [
        ("shown", "walk", {}),
        ("snoozed", "walk", {"duration": 600.0}),
    ]
    connection = sqlite3.connect(path)
    version = connection.execute("SELECT version FROM schema_version").fetchone()[0]
    indexes = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert version == SCHEMA_VERSION == 2
    assert {"events_by_day", "events_by_time"} <= indexes
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_history_from_a_newer_ergo_is_refused_not_damaged(tmp_path):
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE schema_version SET version = 99")
    connection.commit()
    connection.close()
    with pytest.raises(HistoryTooNew, match="newer than this ergo knows"):
        HistoryStore.open(path)
    check = sqlite3.connect(path)
    assert check.execute("SELECT version FROM schema_version").fetchone()[0] == 99


def test_a_file_that_is_not_a_database_is_reported_as_damaged(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not an sqlite file\n" * 200)
    with pytest.raises(HistoryCorrupt, match="is damaged"):
        HistoryStore.open(path)


def test_pruning_deletes_only_events_before_the_cutoff(tmp_path):
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.add([event("shown", MONDAY + timedelta(days=n), "09:00", "walk") for n in range(10)])
    removed = store.prune(at(MONDAY + timedelta(days=4), "00:00"))
    left = [e.day for e in store.all_events()]
    assert removed == 4
    assert left == [(MONDAY + timedelta(days=n)).isoformat() for n in range(4, 10)]


def test_clearing_leaves_no_events_and_no_trace_of_them_in_the_file(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path)
    store.add([event("shown", MONDAY, "09:00", "unmistakable-reminder-name")] * 50)
    assert store.clear() == 50
    assert store.count() == 0
    store.close()
    for file in tmp_path.iterdir():
        assert b"unmistakable-reminder-name" not in file.read_bytes(), file


def test_the_tray_lines_summarise_today_and_the_last_seven_days(tmp_path):
    from ergo.history.stats import today_summary, week_summary

    store = HistoryStore.open(tmp_path / "history.sqlite3")
    tuesday = MONDAY + timedelta(days=1)
    store.add(
        [
            event("shown", MONDAY, "09:00", "walk"),
            event("done", MONDAY, "09:01", "walk", movement=True),
            event("natural_break", MONDAY, "12:00", seconds=45 * 60),
            event("routine_completed", MONDAY, "15:00", routine="lumbar"),
            event("shown", tuesday, "09:00", "walk"),
            event("shown", tuesday, "10:00", "walk"),
            event("done", tuesday, "10:01", "walk"),
            event("shown", tuesday, "11:00", "posture"),
            event("shown", MONDAY - timedelta(days=7), "09:00", "walk"),
        ]
    )
    assert today_summary(store, tuesday) == "Today: 1 of 3 done"
    assert week_summary(store, tuesday) == (
        # Monday's longest stretch: 12:00 (back from the break) to 15:00 (the routine).
        "This week: 2 of 4 done, routines: 1, natural breaks: 45m, longest sitting: 3h00m"
    )
