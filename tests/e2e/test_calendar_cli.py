"""``ergo plan`` and ``ergo doctor`` with calendar feeds, as subprocesses with a state folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests import calendars
from tests.calendar_server import calendar_server
from tests.configs import WALK_HOURLY

ROOT = Path(__file__).resolve().parents[2]
AMS = ZoneInfo("Europe/Amsterdam")
SECRET = "/owa/calendar/0c0ffee@example.org/abcdef-secret-token/calendar.ics"
CONFIG = WALK_HOURLY + "interruptions:\n  calendars: [SOURCE]\n"


def ergo(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "ergo.yaml"
    config.write_text(CONFIG.replace("SOURCE", source))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Europe/Amsterdam",
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_CONFIG_DIRS": str(tmp_path / "none"), "LANGUAGE": "en", "LANG": "C.UTF-8"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "ergo", *args, "--config", str(config)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_plan_holds_reminders_during_the_meetings_of_a_calendar_file(tmp_path):
    feed = tmp_path / "week.ics"
    feed.write_bytes(calendars.one_event(datetime(2024, 6, 3, 10, 30, tzinfo=AMS),
                                         datetime(2024, 6, 3, 11, 30, tzinfo=AMS)))
    result = ergo(tmp_path, str(feed), "plan", "--date", "2024-06-03", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [item["at"][11:16] for item in data["notifications"]][:3] == [
        "10:00", "11:31", "12:31"]
    assert data["busy"] == [{"start": "2024-06-03T08:30:00+00:00",
                             "end": "2024-06-03T09:30:00+00:00"}]
    text = ergo(tmp_path, str(feed), "plan", "--date", "2024-06-03").stdout
    assert "Reminders wait during 1 busy event from the calendars" in text


@pytest.fixture
def server():
    with calendar_server() as running:
        yield running


def test_doctor_shows_each_feeds_state_with_its_address_redacted(tmp_path, server):
    url = server.serve(SECRET, calendars.outlook())
    assert ergo(tmp_path, url, "plan", "--date", "2024-06-03", "--days", "7").returncode == 0
    doctor = ergo(tmp_path, url, "doctor")
    assert doctor.returncode == 0, doctor.stderr
    lines = doctor.stdout.splitlines()
    at = lines.index("Calendars:")
    assert lines[at + 1].startswith("  http://127.0.0.1/…: 7 events, fetched ")
    server.serve(SECRET, b"", status=503)
    failed = ergo(tmp_path, url, "plan", "--date", "2024-06-03", "--days", "7")
    assert failed.returncode == 0
    assert "calendar http://127.0.0.1/… could not be read: http://127.0.0.1/… answered 503" in (
        failed.stderr)
    # The last good copy still counts.
    assert "Reminders wait during 5 busy events" in failed.stdout
    doctor = ergo(tmp_path, url, "doctor").stdout
    assert "    last attempt failed: http://127.0.0.1/… answered 503 Service Unavailable" in doctor
    for output in (doctor, failed.stdout, failed.stderr):
        assert "secret-token" not in output
