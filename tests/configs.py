"""Config texts shared by the tests that run ``ergo run`` for real."""

from __future__ import annotations


def all_week(break_after: str) -> str:
    """Working hours all day, every day (so a test does not depend on when it runs; only
    23:59 to midnight is left out), no scheduled breaks, and a break after ``break_after``
    (``"10s"``) without input."""
    return f"""\
work_hours:
  days: [mon, tue, wed, thu, fri, sat, sun]
  start: "00:00"
  end: "23:59"
  breaks: []
idle:
  break_after: {break_after}
"""


#: Amsterdam office hours with only the hourly walk reminder, shown as a notification.
WALK_HOURLY = """\
work_hours: {timezone: Europe/Amsterdam, start: "09:00", end: "17:00", breaks: []}
reminders:
  sit-upright: {enabled: false}
  feet-flat: {enabled: false}
  change-position: {enabled: false}
  walk: {every: 60m, delivery: notification}
"""
