"""Settings built in Python for tests, without the config loader."""

from __future__ import annotations

from datetime import time, timedelta

from ergo.core.model import (
    NotificationSettings,
    Reminder,
    Settings,
    SnoozeSettings,
    Text,
    TimeRange,
    WorkHours,
)

NINE_TO_FIVE = (TimeRange(time(9), time(17)),)
WEEKDAYS_9_TO_5 = (NINE_TO_FIVE,) * 5 + ((), ())


def reminder(
    rid: str,
    minutes: float,
    kind: str = "movement",
    title: str | None = None,
    reset_after: timedelta = timedelta(minutes=5),
    routine: str | None = None,
    enabled: bool = True,
) -> Reminder:
    return Reminder(
        id=rid,
        enabled=enabled,
        every=timedelta(minutes=minutes),
        title=Text.plain(title or rid.replace("-", " ").capitalize()),
        message=Text.plain(f"Time to {rid.replace('-', ' ')}."),
        kind=kind,
        reset_after=reset_after,
        routine=routine,
    )


DEFAULT_REMINDERS = (
    reminder("sit-upright", 30, "posture", "Sit upright"),
    reminder("feet-flat", 30, "posture", "Feet flat"),
    reminder("walk", 60, "movement", "Walk"),
    reminder("change-position", 45, "movement", "Change position"),
)


def settings(
    reminders: tuple[Reminder, ...] = DEFAULT_REMINDERS,
    week: tuple = WEEKDAYS_9_TO_5,
    timezone: str | None = "Europe/Amsterdam",
    min_gap: timedelta = timedelta(minutes=2),
    snooze: SnoozeSettings | None = None,
) -> Settings:
    return Settings(
        language="en",
        work_hours=WorkHours(week=week, timezone=timezone),
        reminders=reminders,
        snooze=snooze or SnoozeSettings(),
        notifications=NotificationSettings(min_gap=min_gap),
    )


def walk_and_sit() -> Settings:
    """An hourly walk and a half-hourly posture check, 09:00-17:00 on weekdays."""
    return settings(reminders=(reminder("walk", 60), reminder("sit-upright", 30, "posture")))
