"""The built-in reminder intervals rarely meet: a default week, as ``ergo plan`` shows it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from ergo.config import load_config
from ergo.core.plan import plan


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/New_York"])
def test_a_default_working_day_has_at_most_one_notification_merging_more_than_two(
    tmp_path, monkeypatch, zone
):
    # No user or organisation file: the built-in defaults alone.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "empty.yaml").write_text("{}\n", encoding="utf-8")
    settings = load_config(tmp_path / "empty.yaml", tmp_path / "empty.yaml").settings
    fired = plan(settings, date(2026, 11, 30), 7, tz=ZoneInfo(zone))
    crowded = Counter(at.date() for at, firing in fired if len(firing.reminder_ids) > 2)
    working_days = {at.date() for at, _ in fired}
    assert len(working_days) == 5
    assert all(crowded[day] <= 1 for day in working_days), crowded
    assert all(len(firing.reminder_ids) < 4 for _, firing in fired)
