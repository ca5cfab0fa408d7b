"""How the control commands read their arguments and print the daemon's status."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ergo.commands.pause import pause_args
from ergo.commands.snooze import snooze_args
from ergo.commands.status import format_moment, format_status
from ergo.errors import UserError

CET = timezone(timedelta(hours=1))
NOW = datetime(2024, 5, 6, 10, 0, tzinfo=CET)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], {}),
        (["20m"], {"for": "20m"}),
        (["until", "14:30"], {"until": "14:30"}),
        (["tomorrow"], {"tomorrow": True}),
    ],
)
def test_pause_words_become_request_arguments(words, expected):
    assert pause_args(words) == expected


@pytest.mark.parametrize("words", [["soon"], ["until"], ["until", "14:30", "x"], ["a", "b"]])
def test_unreadable_pause_words_are_a_usage_error_with_a_hint(words):
    with pytest.raises(UserError) as caught:
        pause_args(words)
    assert caught.value.exit_code == 2
    assert "ergo pause [DURATION | until HH:MM | tomorrow]" in str(caught.value)


@pytest.mark.parametrize("word", ["rest-of-day", "rest_of_day", "Rest-Of-Day"])
def test_snooze_accepts_rest_of_day_in_either_spelling(word):
    assert snooze_args(word, None) == {"duration": "rest_of_day", "reminder": None}


def test_snooze_passes_a_duration_and_a_reminder_on():
    assert snooze_args("10m", "walk") == {"duration": "10m", "reminder": "walk"}


@pytest.mark.parametrize(("word", "hint"), [("10", "for example 45s"), ("0m", "longer than zero")])
def test_a_bad_snooze_duration_is_a_usage_error_with_a_hint(word, hint):
    with pytest.raises(UserError) as caught:
        snooze_args(word, None)
    assert caught.value.exit_code == 2
    assert hint in str(caught.value)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2024-05-06T14:30:00+01:00", "14:30"),
        ("2024-05-06T13:30:00+00:00", "14:30"),
        ("2024-05-07T09:00:00+01:00", "tomorrow 09:00"),
        ("2024-05-10T09:00:00+01:00", "2024-05-10 09:00"),
        ("whenever", "whenever"),
    ],
)
def test_times_from_the_daemon_are_shown_in_local_time_relative_to_today(text, shown):
    assert format_moment(text, NOW) == shown


def test_the_status_text_names_state_times_reminders_and_backends():
    data = {
        "pid": 4242,
        "state": "snoozed",
        "paused_until": None,
        "snoozed_until": "2024-05-06T10:10:00+01:00",
        "next": [{"id": "walk", "title": "Walk around", "at": "2024-05-06T10:40:00+01:00"}],
        "snoozes_left_today": 2,
        "backends": {"tray": "appindicator", "notifier": "plyer", "idle": "x11"},
        "config_files": ["/etc/ergo/org.yaml", "/home/a/.config/ergo/config.yaml"],
        "interruption": "no notification service; reminders show in the prompt window",
    }
    text = format_status(data, NOW)
    assert text.splitlines()[0] == "ergo is running (pid 4242): snoozed"
    assert "Snoozed until 10:10" in text
    assert "10:40  Walk around (walk)" in text
    assert "Snoozes left today: 2" in text
    assert "tray appindicator, notifier plyer, idle x11" in text
    assert "/etc/ergo/org.yaml, /home/a/.config/ergo/config.yaml" in text
    assert "Attention: no notification service" in text


def test_an_indefinite_pause_says_how_to_resume():
    text = format_status({"pid": 1, "state": "paused", "paused_until": None, "next": []}, NOW)
    assert "Paused until you resume (ergo resume)" in text
    assert "Next: nothing scheduled" in text


def test_a_status_with_missing_or_odd_fields_still_prints():
    text = format_status({"state": "weird", "next": ["junk"], "snoozes_left_today": None}, NOW)
    assert text.splitlines()[0] == "ergo is running (pid ?): weird"
    assert "Snoozes left today: unlimited" in text
