import logging
import sqlite3
import time
from datetime import date, datetime, timedelta

import pytest
from history_events import at

from ergo.history.recorder import HistoryRecorder
from ergo.history.store import HistoryStore
from tests.waiting import wait_until

MONDAY = date(2025, 3, 3)


def stored(path):
    store = HistoryStore.open(path)
    try:
        return [(e.kind, e.day, e.reminder, e.detail) for e in store.all_events()]
    finally:
        store.close()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "history.sqlite3"


def test_recorded_events_are_stored_with_their_detail_once_flushed(path):
    recorder = HistoryRecorder(path, batch_delay=0.01)
    recorder.record("shown", at(MONDAY, "09:00"), "walk")
    recorder.record("snoozed", at(MONDAY, "09:01"), "walk", duration=timedelta(minutes=5))
    recorder.record("deferred", at(MONDAY, "10:00"), "walk", reason="meeting")
    recorder.record("routine_stopped", at(MONDAY, "11:00"), routine="lumbar", step=3)
    assert recorder.flush(timeout=5)
    assert stored(path) == [
        ("shown", "2025-03-03", "walk", {}),
        ("snoozed", "2025-03-03", "walk", {"duration": 300.0}),
        ("deferred", "2025-03-03", "walk", {"reason": "meeting"}),
        ("routine_stopped", "2025-03-03", None, {"routine": "lumbar", "step": 3}),
    ]
    recorder.close()


def test_on_written_is_called_once_a_batch_is_in_the_file(path):
    seen: list[int] = []
    recorder = HistoryRecorder(path, batch_delay=0.01, on_written=lambda: seen.append(
        len(stored(path))))
    recorder.record("shown", at(MONDAY, "09:00"), "walk")
    recorder.record("done", at(MONDAY, "09:01"), "walk")
    assert recorder.flush(timeout=5)
    assert seen and seen[-1] == 2
    recorder.close()


def test_closing_writes_what_is_still_queued(path):
    recorder = HistoryRecorder(path, batch_delay=60)
    for minute in range(10):
        recorder.record("shown", at(MONDAY, f"09:{minute:02d}"), "posture")
    recorder.close()
    assert len(stored(path)) == 10


def test_a_wrong_call_fails_at_the_caller_not_in_the_writer(path):
    recorder = HistoryRecorder(path)
    with pytest.raises(ValueError, match="unknown history event kind 'walked'"):
        recorder.record("walked", at(MONDAY, "09:00"))
    with pytest.raises(ValueError, match="timezone-aware"):
        recorder.record("shown", datetime(2025, 3, 3, 9, 0))
    with pytest.raises(TypeError, match="detail"):
        recorder.record("shown", at(MONDAY, "09:00"), extra=object())
    recorder.close()


def test_a_locked_database_neither_blocks_nor_stops_the_caller(path, caplog):
    HistoryStore.open(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    recorder = HistoryRecorder(path, batch_delay=0, busy_timeout=1.0, retry_delay=0.05)
    with caplog.at_level(logging.WARNING, logger="ergo.history.recorder"):
        recorder.record("shown", at(MONDAY, "09:00"), "walk")
        assert recorder.flush(timeout=5)
        started = time.monotonic()
        recorder.record("done", at(MONDAY, "09:01"), "walk")
        returned_after = time.monotonic() - started
        assert recorder.flush(timeout=5)
        assert recorder.pending == 2
        blocker.execute("ROLLBACK")
        blocker.close()
        recorder.record("shown", at(MONDAY, "10:00"), "walk")
        assert recorder.flush(timeout=5)
    recorder.close()
    assert returned_after < 0.5  # while the writer was waiting out a 1 s lock
    assert [kind for kind, *_rest in stored(path)] == ["shown", "done", "shown"]
    warnings = [r for r in caplog.records if "locked" in r.getMessage()]
    assert len(warnings) == 1


def test_events_held_back_by_a_lock_are_retried_without_new_events(path):
    HistoryStore.open(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    recorder = HistoryRecorder(path, batch_delay=0, busy_timeout=0.05, retry_delay=0.05)
    recorder.record("shown", at(MONDAY, "09:00"), "walk")
    assert recorder.flush(timeout=5)
    blocker.execute("ROLLBACK")
    blocker.close()
    wait_until(lambda: not recorder.pending, 5, "the retry to write the event")
    recorder.close()
    assert [kind for kind, *_rest in stored(path)] == ["shown"]


def test_a_damaged_file_is_moved_aside_and_a_new_history_started(path, caplog):
    path.parent.mkdir(parents=True)
    garbage = b"not a database at all\n" * 300
    path.write_bytes(garbage)
    recorder = HistoryRecorder(path, batch_delay=0)
    with caplog.at_level(logging.WARNING, logger="ergo.history.recorder"):
        recorder.record("shown", at(MONDAY, "09:00"), "walk")
        recorder.close()
    aside = path.with_name("history.sqlite3.corrupt")
    assert aside.read_bytes() == garbage
    assert stored(path) == [("shown", "2025-03-03", "walk", {})]
    assert any("moved it to" in r.getMessage() for r in caplog.records)


def test_history_from_a_newer_ergo_switches_recording_off_quietly(path, caplog):
    HistoryStore.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE schema_version SET version = 99")
    connection.commit()
    connection.close()
    recorder = HistoryRecorder(path, batch_delay=0)
    with caplog.at_level(logging.WARNING, logger="ergo.history.recorder"):
        for minute in range(3):
            recorder.record("shown", at(MONDAY, f"09:0{minute}"), "walk")
            assert recorder.flush(timeout=5)
    recorder.close()
    assert [r.getMessage() for r in caplog.records if "history is off" in r.getMessage()]
    assert len(caplog.records) == 1
    assert recorder.pending == 0


def test_events_older_than_the_retention_are_pruned_as_time_goes_on(path):
    recorder = HistoryRecorder(path, retention=timedelta(days=30), batch_delay=0)
    for day in (0, 20, 40):
        recorder.record("shown", at(MONDAY + timedelta(days=day), "09:00"), "walk")
        assert recorder.flush(timeout=5)
    recorder.close()
    days = [day for _kind, day, *_rest in stored(path)]
    assert days == [(MONDAY + timedelta(days=n)).isoformat() for n in (20, 40)]


def test_a_history_that_cannot_be_created_is_warned_about_and_retried(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    path = blocked / "history.sqlite3"
    recorder = HistoryRecorder(path, batch_delay=0, retry_delay=0.05)
    with caplog.at_level(logging.WARNING, logger="ergo.history.recorder"):
        recorder.record("shown", at(MONDAY, "09:00"), "walk")
        assert recorder.flush(timeout=5)
        assert recorder.pending == 1
        blocked.unlink()
        wait_until(lambda: not recorder.pending, 5, "the retry to write the event")
    recorder.close()
    assert any("cannot be created" in r.getMessage() for r in caplog.records)
    assert [kind for kind, *_rest in stored(path)] == ["shown"]
