"""``ergo plan`` as a subprocess, the way HR runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

def ergo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Europe/Amsterdam"}
    return subprocess.run(
        [sys.executable, "-m", "ergo", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_plan_prints_a_days_notifications_as_json():
    result = ergo("plan", "--date", "2024-06-03", "--lunch", "12:30-13:00", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == "2024-06-03"
    assert data["lunch"] == "12:30-13:00"
    assert data["notifications"], "the default config fires something on a Monday"
    times = [item["at"] for item in data["notifications"]]
    assert times == sorted(times)
    assert all(not ("12:30" <= t[11:16] < "13:00") for t in times)


def test_plan_prints_readable_text_grouped_by_day():
    result = ergo("plan", "--date", "2024-06-03", "--days", "2")
    assert result.returncode == 0, result.stderr
    assert "Mon 2024-06-03" in result.stdout
    assert "Tue 2024-06-04" in result.stdout


def test_plan_reports_a_bad_date_without_a_traceback():
    result = ergo("plan", "--date", "3 June")
    assert result.returncode == 2
    assert "'3 June' is not a date; write YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_reports_a_missing_config_file_without_a_traceback(tmp_path):
    result = ergo("plan", "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_plan_speaks_the_configured_language(tmp_path):
    config = tmp_path / "ergo.yaml"
    config.write_text("language: nl\n", encoding="utf-8")
    result = ergo("plan", "--date", "2024-06-03", "--days", "2", "--config", str(config))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert " meldingen in 2 dagen vanaf 2024-06-03" in first
    assert "\nma 2024-06-03\n" in result.stdout and "\ndi 2024-06-04\n" in result.stdout


def test_plan_counts_the_merged_notifications_of_a_default_week(tmp_path):
    config = tmp_path / "ergo.yaml"
    config.write_text("{}\n", encoding="utf-8")
    result = ergo("plan", "--date", "2026-11-30", "--days", "7", "--config", str(config))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "110 notifications over 7 days from 2026-11-30"
    # One notification a working day holds three reminders; none holds all four.
    assert lines[1] == "55 of them show reminders together, 5 more than two at once"
