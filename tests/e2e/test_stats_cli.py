"""``ergo stats`` and ``ergo history clear`` run as the user runs them, on a recorded week."""

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from history_events import at

from ergo.history.recorder import HistoryRecorder
from ergo.history.store import HistoryStore

ROOT = Path(__file__).resolve().parents[2]
MONDAY = date(2025, 3, 3)
SUNDAY = MONDAY + timedelta(days=6)

# A working week as the daemon would report it: per weekday, each reminder's
# show time, id and outcome, then natural breaks (time, minutes) and routines
# (start time, how it ended).
WEEK = {
    0: {
        "reminders": [("09:30", "walk", "done"), ("10:10", "posture", "snoozed"),
                      ("10:20", "posture", "done"), ("11:00", "walk", "ignored")],
        "breaks": [("12:30", 40)],
        "routines": [("14:00", "completed")],
    },
    1: {
        "reminders": [("09:00", "walk", "skipped"), ("09:45", "walk", "done"),
                      ("13:00", "posture", "done")],
        "breaks": [],
        "routines": [("10:00", "completed"), ("15:00", "stopped")],
    },
    2: {"reminders": [], "breaks": [], "routines": []},
    3: {
        "reminders": [("08:30", "posture", "snoozed"), ("08:40", "posture", "snoozed"),
                      ("08:50", "posture", "skipped"), ("16:00", "walk", "done")],
        "breaks": [("11:00", 15), ("14:00", 5)],
        "routines": [],
    },
    4: {
        "reminders": [("09:00", "walk", "done"), ("11:00", "walk", "done")],
        "breaks": [("12:00", 30)],
        "routines": [("15:30", "completed")],
    },
}  # fmt: skip


def record_week(path: Path, start: date = MONDAY) -> None:
    recorder = HistoryRecorder(path, batch_delay=0.01)
    for offset, plan in WEEK.items():
        day = start + timedelta(days=offset)
        for clock, reminder, outcome in plan["reminders"]:
            shown = at(day, clock)
            recorder.record("shown", shown, reminder)
            if outcome == "snoozed":
                recorder.record(outcome, shown, reminder, duration=timedelta(minutes=10))
            else:
                recorder.record(outcome, shown + timedelta(minutes=1), reminder)
        recorder.record("deferred", at(day, "17:00"), "walk", reason="meeting")
        for clock, minutes in plan["breaks"]:
            recorder.record("natural_break", at(day, clock), seconds=minutes * 60)
        for clock, ending in plan["routines"]:
            recorder.record("routine_started", at(day, clock), routine="lumbar")
            detail = {"step": 2} if ending == "stopped" else {}
            finished = at(day, clock) + timedelta(minutes=6)
            recorder.record(f"routine_{ending}", finished, routine="lumbar", **detail)
    recorder.close()


def ergo(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ergo", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.fixture
def week_db(tmp_path):
    path = tmp_path / "history.sqlite3"
    record_week(path)
    return path


def test_stats_json_reports_each_days_counts_for_a_recorded_week(week_db):
    result = ergo("stats", "--json", "--week", "--until", SUNDAY.isoformat(), "--db", str(week_db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [d["date"] for d in report["days"]] == [
        (MONDAY + timedelta(days=n)).isoformat() for n in range(7)
    ]
    for offset, day in enumerate(report["days"]):
        plan = WEEK.get(offset, {"reminders": [], "breaks": [], "routines": []})
        outcomes = Counter(outcome for _clock, _id, outcome in plan["reminders"])
        assert day["shown"] == len(plan["reminders"]), day
        for outcome in ("done", "snoozed", "skipped", "ignored"):
            assert day[outcome] == outcomes[outcome], (day, outcome)
        assert day["deferred"] == (1 if offset in WEEK else 0)
        completed = [r for r in plan["routines"] if r[1] == "completed"]
        assert day["routines_completed"] == len(completed)
        assert day["natural_break_minutes"] == sum(m for _clock, m in plan["breaks"])
    all_reminders = [r for plan in WEEK.values() for r in plan["reminders"]]
    assert report["total"]["shown"] == len(all_reminders)
    assert report["total"]["done"] == sum(1 for r in all_reminders if r[2] == "done")
    assert report["previous_period"]["shown"] == 0


def test_the_longest_sitting_stretch_follows_breaks_and_routines(week_db):
    result = ergo("stats", "--json", "--today", "--until", MONDAY.isoformat(), "--db", str(week_db))
    monday = json.loads(result.stdout)["days"][0]
    # Monday runs 09:30-17:00: break 11:50-12:30, routine 14:00-14:06. 12:30-14:00 is 90 min,
    # 09:30-11:50 is 140 min, 14:06-17:00 is 174 min.
    assert monday["longest_sitting_minutes"] == 174


def test_the_history_path_can_come_from_the_environment(week_db):
    result = ergo("stats", "--json", "--until", SUNDAY.isoformat(),
                  env={"ERGO_HISTORY_DB": str(week_db)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = sum(len(plan["reminders"]) for plan in WEEK.values())
    assert json.loads(result.stdout)["total"]["shown"] == shown


def test_a_second_recorded_week_is_compared_with_the_first(tmp_path):
    path = tmp_path / "history.sqlite3"
    record_week(path)
    record_week(path, start=MONDAY + timedelta(days=7))
    until = (SUNDAY + timedelta(days=7)).isoformat()
    result = ergo("stats", "--until", until, "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Compared with Mon 3 Mar to Sun 9 Mar: 7 done (was 7)" in result.stdout
    assert "Total" in result.stdout and "Mon 10 Mar" in result.stdout


def test_stats_csv_has_one_row_per_day(week_db):
    result = ergo("stats", "--csv", "--until", SUNDAY.isoformat(), "--db", str(week_db))
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["date"] == MONDAY.isoformat()
    assert [int(row["shown"]) for row in rows] == [
        len(WEEK.get(n, {"reminders": []})["reminders"]) for n in range(7)
    ]


def test_export_writes_every_event_with_local_time_and_detail(week_db, tmp_path):
    target = tmp_path / "export.csv"
    result = ergo("stats", "--json", "--db", str(week_db), "--export", str(target))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    store = HistoryStore.open(week_db)
    assert len(rows) == store.count()
    store.close()
    first = rows[0]
    assert first == {
        "time_utc": "2025-03-03T08:30:00Z",
        "local_time": "2025-03-03T09:30:00+01:00",
        "local_date": "2025-03-03",
        "kind": "shown",
        "reminder": "walk",
        "detail": "",
    }
    snoozed = next(row for row in rows if row["kind"] == "snoozed")
    assert json.loads(snoozed["detail"]) == {"duration": 600.0}
    assert f"Exported {len(rows)} events" in result.stderr


def test_stats_with_no_history_yet_shows_empty_days_and_creates_nothing(tmp_path):
    path = tmp_path / "none.sqlite3"
    result = ergo("stats", "--json", "--days", "3", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert [d["shown"] for d in json.loads(result.stdout)["days"]] == [0, 0, 0]
    assert not path.exists()


def test_a_damaged_history_is_reported_without_a_traceback(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    result = ergo("stats", "--db", str(path))
    assert result.returncode == 1
    assert "is damaged" in result.stderr and "ergo history clear" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_options_are_usage_errors():
    result = ergo("stats", "--days", "0")
    assert result.returncode == 2
    assert "is not a number of days from 1 to 3660" in result.stderr
    result = ergo("stats", "--until", "03/07/2025")
    assert "write it as YYYY-MM-DD" in result.stderr


def test_chart_is_written_as_a_png(week_db, tmp_path):
    target = tmp_path / "week.png"
    result = ergo("stats", "--until", SUNDAY.isoformat(), "--db", str(week_db),
                  "--chart", str(target))  # fmt: skip
    assert result.returncode == 0, result.stderr
    from PIL import Image

    with Image.open(target) as image:
        assert image.format == "PNG" and image.size == (1100, 620)
        # The done colour (Okabe-Ito blue) is in the picture.
        assert (0, 114, 178) in {colour for _count, colour in image.getcolors(1 << 20)}


def test_history_clear_needs_confirmation_and_then_deletes_everything(week_db):
    refused = ergo("history", "clear", "--db", str(week_db))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    before = HistoryStore.open(week_db).count()
    assert before > 0
    cleared = ergo("history", "clear", "--yes", "--db", str(week_db))
    assert cleared.returncode == 0, cleared.stderr
    assert f"Deleted {before} events" in cleared.stdout
    assert HistoryStore.open(week_db).count() == 0


def test_history_clear_removes_a_damaged_file(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    result = ergo("history", "clear", "--yes", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert not path.exists()


def test_stats_without_a_chart_does_not_load_pillow(week_db):
    code = (
        "import sys; from ergo.cli import main; "
        f"main(['stats', '--db', {str(week_db)!r}, '--json']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PIL', 'apscheduler')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip().endswith("[]"), result.stderr


def test_the_table_is_in_dutch_when_the_language_is_dutch(week_db):
    result = ergo("stats", "--until", SUNDAY.isoformat(), "--db", str(week_db),
                  env={"LANGUAGE": "nl"})
    assert result.returncode == 0, result.stderr
    header, _rule, monday, *rest = result.stdout.splitlines()
    assert header.split() == ["Dag", "Getoond", "Klaar", "Uitgesteld", "Overgeslagen",
                              "Genegeerd", "Oefeningen", "Rusttijd", "Langste", "zitperiode"]
    assert monday.startswith("ma 3 mrt ")
    assert any(line.startswith("zo 9 mrt ") for line in rest)
    assert any(line.startswith("Totaal ") for line in rest)
    assert rest[-1] == "Geen geschiedenis van ma 24 feb t/m zo 2 mrt om mee te vergelijken."


def on_a_terminal(answer: str, *args: str) -> tuple[int, str]:
    """Run ``ergo ARGS`` with a terminal as its input, type ``answer``; return the exit
    code and what it wrote."""
    import pty

    main, child = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "LANGUAGE": ""}
    process = subprocess.Popen([sys.executable, "-m", "ergo", *args], stdin=child,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    os.close(child)
    os.write(main, answer.encode())
    output, _ = process.communicate(timeout=30)
    os.close(main)
    return process.returncode, output.decode()


def test_history_clear_on_a_terminal_asks_and_deletes_only_after_yes(week_db):
    before = HistoryStore.open(week_db).count()
    code, said = on_a_terminal("n\n", "history", "clear", "--db", str(week_db))
    assert code == 1 and f"Delete all {before} events" in said and "nothing deleted" in said
    assert HistoryStore.open(week_db).count() == before
    code, said = on_a_terminal("y\n", "history", "clear", "--db", str(week_db))
    assert code == 0 and f"Deleted {before} events" in said
    assert HistoryStore.open(week_db).count() == 0
