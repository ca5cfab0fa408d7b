"""What the validated config turns into: built-in routines step by step, reminders'
kinds, working days at their edges, and locks on keys nobody set."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from ergo.config import ConfigError, load_config
from ergo.config.merge import BUILT_IN, USER, Merged, Origin
from ergo.config.problems import Mark
from ergo.config.validate import build_settings
from ergo.core.model import (
    IdleSettings,
    InterruptionSettings,
    NotificationSettings,
    Settings,
    SnoozeSettings,
    Text,
    TimeRange,
    WorkHours,
)
from tests.unit.config.test_validate import load, problems_of, where


def _snapshot(**sections):
    """Settings data as a snapshot or a test holds it: every section, no built-in layer."""
    data = {
        "language": "en", "region": "auto",
        "work_hours": {"days": ["mon"], "start": "09:00", "end": "17:00"},
        "reminders": {}, "snooze": {}, "notifications": {}, "idle": {}, "interruptions": {},
        "routines": {},
    }
    return {**data, **sections}


def test_the_built_in_routines_are_built_step_by_step_from_the_routines_file():
    routines = {r.id: r for r in load_config(environ={"LANG": "nl_NL.UTF-8"}).settings.routines}
    assert list(routines) == ["lumbar-short", "lumbar-micro"]
    short = routines["lumbar-short"]
    # The routines file is English; the Dutch comes from the catalog.
    assert short.title == Text((("*", "Lower-back stretches"), ("nl", "Rugoefeningen")))
    steps = [(s.id, s.reps, s.pace, s.duration, s.side, s.illustration, len(s.cues))
             for s in short.steps]
    seconds = timedelta(seconds=1)
    assert steps == [
        ("pelvic-tilt", 8, 4 * seconds, None, None, "pelvic-tilt", 4),
        ("twist-left", 3, 6 * seconds, None, "left", "seated-twist", 4),
        ("twist-right", 3, 6 * seconds, None, "right", "seated-twist", 4),
        ("drawing-in", 4, 7 * seconds, None, None, "drawing-in", 4),
        ("back-extension", 5, 4 * seconds, None, None, "back-extension", 4),
        ("knee-lift", 10, 3 * seconds, None, None, "knee-lift", 3),
    ]
    first = short.steps[0]
    assert first.name == Text((("*", "Seated pelvic tilt"), ("nl", "Bekken kantelen (zittend)")))
    assert first.cues[0] == Text((
        ("*", "Sit near the front of your chair, feet flat."),
        ("nl", "Ga vooraan op je stoel zitten, met je voeten plat op de vloer.")))
    assert first.caution == Text((
        ("*", "Keep the movement small if you have osteoporosis."),
        ("nl", "Houd de beweging klein als je botontkalking hebt."),
    ))
    assert [s.id for s in routines["lumbar-micro"].steps] == ["pelvic-tilt", "back-extension"]


def test_a_timed_step_has_a_duration_and_no_reps_or_pace(write):
    routine = """\
routines:
  neck:
    title: Neck
    steps:
      - id: roll
        name: Roll
        cues: [Roll slowly.]
        duration: 30s
"""
    (step,) = next(r for r in load(write, routine).settings.routines if r.id == "neck").steps
    assert (step.duration, step.reps, step.pace, step.side, step.caution) == (
        timedelta(seconds=30), None, None, None, None)


def test_a_users_own_reminder_takes_the_defaults_of_every_key_it_leaves_out(write):
    user = "reminders:\n  drink:\n    every: 45m\n    title: Drink\n    message: Drink water.\n"
    drink = load(write, user).settings.reminder("drink")
    assert (drink.enabled, drink.kind, drink.reset_after, drink.routine) == (
        True, "movement", timedelta(minutes=5), None)
    assert (drink.start_routine, drink.delivery) == (False, "notification")


def test_a_working_day_that_ends_when_it_starts_is_refused(write):
    problems = problems_of(write, 'work_hours:\n  start: "09:00"\n  end: "09:00"\n')
    assert problems == [
        "work_hours.start: the day ends (09:00) before it starts (09:00); "
        "make end later than start"
    ]


def test_breaks_that_touch_are_two_breaks_not_an_overlap(write):
    user = 'work_hours:\n  breaks: ["12:00-12:30", "12:30-13:00"]\n'
    week = load(write, user).settings.work_hours.week
    assert week[0] == (TimeRange(time(9), time(12)), TimeRange(time(13), time(17, 30)))


def test_a_break_at_the_very_start_or_end_of_the_day_leaves_no_empty_range(write):
    user = 'work_hours:\n  breaks: ["09:00-09:30", "17:00-17:30"]\n'
    week = load(write, user).settings.work_hours.week
    assert week[0] == (TimeRange(time(9, 30), time(17)),)


def test_locking_a_key_nobody_set_removes_only_the_users_value_of_it(write, tmp_path):
    org = "policy:\n  locked: [reminders.sit-upright.routine]\n"
    user = "reminders:\n  sit-upright:\n    every: 40m\n    routine: lumbar-micro\n"
    loaded = load(write, user, org)
    sit = loaded.settings.reminder("sit-upright")
    assert (sit.routine, sit.every) == (None, timedelta(minutes=40))
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:4:5: reminders.sit-upright.routine: your value lumbar-micro "
        f"is locked by the organisation file {tmp_path / 'org.yaml'}:2:12; leaving it unset"
    ]


def test_sections_that_leave_keys_out_get_the_models_defaults():
    """Settings built without the built-in layer (as from a snapshot or a test) take each
    missing key from the settings model, not from a second copy of the defaults."""
    data = _snapshot()
    monday = (TimeRange(time(9), time(17)),)
    expected = Settings(language="en", work_hours=WorkHours((monday,) + ((),) * 6, None),
                        reminders=(), region="auto")
    assert build_settings(Merged(data, {})) == expected


def test_every_setting_a_user_writes_is_the_one_ergo_uses(write):
    user = """\
snooze:
  durations: [3m, 7m]
  max_per_day: 9
  max_per_reminder: 1
  rest_of_day: false
notifications:
  timeout: 45s
  min_gap: 3m
  prompt_timeout: 4m
  sound: true
  urgency: critical
idle:
  break_after: 90s
interruptions:
  meetings: false
  fullscreen: false
  do_not_disturb: false
  apps: [" zoom "]
  grace: 2m
  max_defer: 30m
"""
    settings = load(write, user).settings
    minutes = timedelta(minutes=1)
    assert settings.snooze == SnoozeSettings((3 * minutes, 7 * minutes), 9, 1, False)
    assert settings.notifications == NotificationSettings(
        timedelta(seconds=45), 3 * minutes, 4 * minutes, True, "critical")
    assert settings.idle == IdleSettings(timedelta(seconds=90))
    assert settings.interruptions == InterruptionSettings(
        False, False, False, ("zoom",), 2 * minutes, 30 * minutes)


def test_reminders_without_a_kind_take_posture_for_the_posture_checks_else_movement():
    """Settings built from a snapshot or a test, without the built-in layer's kinds."""
    text = {"every": "30m", "title": "T", "message": "M"}
    data = _snapshot(reminders={"sit-upright": text, "feet-flat": text, "walk": text})
    kinds = [(r.id, r.kind) for r in build_settings(Merged(data, {})).reminders]
    assert kinds == [("sit-upright", "posture"), ("feet-flat", "posture"), ("walk", "movement")]


def test_a_reminder_naming_a_routine_unlike_any_says_where_routines_are_defined(write):
    user = "reminders:\n  walk:\n    routine: qqqqqqqq\n"
    assert problems_of(write, user) == [
        "reminders.walk.routine: there is no routine 'qqqqqqqq'; name a routine under routines:"
    ]


def test_every_key_a_user_writes_for_a_reminder_is_the_one_ergo_uses(write):
    user = """\
reminders:
  drink:
    enabled: false
    every: 45m
    title: Drink
    message: Drink water.
    kind: posture
    reset_after: 10m
    routine: lumbar-micro
    start_routine: true
    delivery: prompt
"""
    drink = load(write, user).settings.reminder("drink")
    assert (drink.enabled, drink.every, drink.kind, drink.reset_after) == (
        False, timedelta(minutes=45), "posture", timedelta(minutes=10))
    assert (drink.routine, drink.start_routine, drink.delivery) == ("lumbar-micro", True, "prompt")
    assert (drink.title, drink.message) == (Text.plain("Drink"), Text.plain("Drink water."))


def test_breaks_listed_out_of_time_order_are_each_taken_out_of_the_day(write):
    user = 'work_hours:\n  breaks: ["15:00-15:15", "12:00-12:30"]\n'
    week = load(write, user).settings.work_hours.week
    assert week[0] == (TimeRange(time(9), time(12)), TimeRange(time(12, 30), time(15)),
                       TimeRange(time(15, 15), time(17, 30)))


def test_a_short_day_drops_the_general_breaks_outside_it_even_at_its_edges_and_keeps_the_rest(
        write):
    user = ('work_hours:\n'
            '  breaks: ["10:00-10:15", "12:00-12:30", "13:30-13:45", "15:00-15:15"]\n'
            '  per_day:\n    fri: {start: "12:30", end: "15:00"}\n')
    week = load(write, user).settings.work_hours.week
    assert week[4] == (TimeRange(time(12, 30), time(13, 30)), TimeRange(time(13, 45), time(15)))


def test_a_general_break_only_partly_inside_a_short_day_is_reported_where_it_is_written(write):
    user = 'work_hours:\n  breaks: ["12:00-13:00"]\n  per_day:\n    fri: {end: "12:30"}\n'
    assert problems_of(write, user) == [
        "work_hours.breaks[0]: the break 12:00-13:00 is not inside the working day "
        "09:00-12:30; move it inside, with its end after its start"]


def test_a_wrong_type_in_one_section_does_not_hide_the_problems_of_another(write):
    user = "reminders:\n  walk:\n    routine: lumbar-shrt\nsnooze:\n  max_per_day: many\n"
    assert problems_of(write, user) == [
        "reminders.walk.routine: there is no routine 'lumbar-shrt'; did you mean 'lumbar-short'?",
        "snooze.max_per_day: expected a whole number, got 'many'; write for example 3",
    ]


def test_problems_are_listed_file_by_file_each_file_in_line_order(write):
    user = ("snooze:\n  max_per_day: many\nidle:\n  break_after: soon\n"
            "reminders:\n  walk:\n    routine: lumbar-shrt\n")
    org = "notifications:\n  urgency: loud\n  timeout: 20\n"
    assert where(write, user, org) == [
        "ergo.yaml:2:3", "ergo.yaml:4:3", "ergo.yaml:7:5", "org.yaml:2:3", "org.yaml:3:3"]


def test_problems_with_no_place_in_a_file_come_first_then_the_others_by_place():
    config = "/home/ana/.config/ergo/ergo.yaml"
    origin = Origin(USER, Mark(config, 7, 3))
    data = _snapshot(snooze={"max_per_day": "many"}, idle={"break_after": "soon"})
    origins = {("snooze",): origin, ("snooze", "max_per_day"): origin}
    with pytest.raises(ConfigError) as caught:
        build_settings(Merged(data, origins))
    assert caught.value.problems == [
        "idle.break_after: 'soon' is not a duration; write a number with a unit, "
        "for example 45s, 20m, 1h or 1h30m",
        f"{config}:7:3: snooze.max_per_day: expected a whole number, got 'many'; "
        "write for example 3",
    ]


def test_settings_data_missing_a_section_is_refused_naming_the_section():
    data = _snapshot()
    del data["work_hours"]
    with pytest.raises(ConfigError) as caught:
        build_settings(Merged(data, {}))
    assert caught.value.problems == ["has no 'work_hours'; add 'work_hours:' below it"]


def test_settings_data_without_origins_report_a_day_ending_before_it_starts_at_its_start():
    data = _snapshot(work_hours={"days": ["mon"], "start": "18:00", "end": "17:00"})
    with pytest.raises(ConfigError) as caught:
        build_settings(Merged(data, {}))
    assert caught.value.problems == [
        "work_hours.start: the day ends (17:00) before it starts (18:00); "
        "make end later than start"]


def test_a_problem_at_two_keys_is_reported_at_the_one_with_a_place():
    defaults = "/usr/lib/python3/dist-packages/ergo/config/defaults.yaml"
    data = _snapshot(work_hours={"days": ["mon"], "start": "18:00", "end": "17:00"})
    origins = {("work_hours", "start"): Origin(BUILT_IN, Mark(defaults, 12, 3))}
    with pytest.raises(ConfigError) as caught:
        build_settings(Merged(data, origins))
    assert caught.value.problems == [
        f"{defaults}:12:3: work_hours.start: the day ends (17:00) before it starts (18:00); "
        "make end later than start"]
