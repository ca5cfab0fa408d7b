"""The organisation's locks and bounds win over user values, with a warning that says so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.config import ConfigError, load_config

ORG = """\
snooze:
  max_per_day: 4
policy:
  locked:
    - reminders.walk.every
    - snooze.max_per_day
  bounds:
    reminders.change-position.every: {min: 20m, max: 45m}
    snooze.max_per_reminder: {max: 2}
"""


def load(write, user: str, org: str = ORG, overrides=()):
    return load_config(write("ergo.yaml", user), write("org.yaml", org), overrides, environ={})


def problems_of(write, user: str, org: str = ORG) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(write, user, org)
    return caught.value.problems


def test_a_locked_key_keeps_the_organisation_value_and_warns_the_user(write, tmp_path):
    loaded = load(write, "snooze:\n  max_per_day: 20\n")
    assert loaded.settings.snooze.max_per_day == 4
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:2:3: snooze.max_per_day: your value 20 is locked by the "
        f"organisation file {tmp_path / 'org.yaml'}:6:7; using 4"
    ]
    assert str(loaded.origins["snooze.max_per_day"]) == f"{tmp_path / 'org.yaml'}:2:3"


def test_a_locked_key_the_organisation_did_not_set_keeps_the_built_in_value(write):
    loaded = load(write, "reminders:\n  walk:\n    every: 2h\n")
    assert loaded.settings.reminder("walk").every == timedelta(hours=1)
    assert "reminders.walk.every: your value 2h is locked" in loaded.warnings[0]
    assert loaded.warnings[0].endswith("; using 60m")


def test_locked_paths_are_listed_in_the_settings(write):
    loaded = load(write, "")
    assert loaded.settings.locked == {"reminders.walk.every", "snooze.max_per_day"}
    assert loaded.warnings == []


def test_a_lock_also_overrules_command_line_overrides(write):
    loaded = load(write, "", overrides=["snooze.max_per_day=9"])
    assert loaded.settings.snooze.max_per_day == 4
    assert loaded.warnings[0].startswith("override 'snooze.max_per_day=9': snooze.max_per_day")


def test_a_user_value_above_a_bound_is_moved_to_the_bound_with_a_warning(write, tmp_path):
    loaded = load(write, "reminders:\n  change-position:\n    every: 2h\n")
    assert loaded.settings.reminder("change-position").every == timedelta(minutes=45)
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:3:5: reminders.change-position.every: your value 2h is beyond "
        f"the maximum 45m set by the organisation file {tmp_path / 'org.yaml'}:8:5; "
        "using 45m"
    ]


def test_a_user_value_below_a_bound_is_moved_up_to_it(write):
    loaded = load(write, "reminders:\n  change-position:\n    every: 5m\n")
    assert loaded.settings.reminder("change-position").every == timedelta(minutes=20)
    assert "minimum 20m" in loaded.warnings[0]


def test_a_count_bound_applies_to_counts(write):
    loaded = load(write, "snooze:\n  max_per_reminder: 3\n")
    assert loaded.settings.snooze.max_per_reminder == 2
    assert "snooze.max_per_reminder: your value 3 is beyond the maximum 2" in loaded.warnings[0]


def test_a_built_in_value_outside_a_bound_is_moved_quietly(write, tmp_path):
    loaded = load(write, "")
    assert loaded.settings.snooze.max_per_reminder == 2
    assert str(loaded.origins["snooze.max_per_reminder"]) == f"{tmp_path / 'org.yaml'}:9:5"
    assert loaded.warnings == []


def test_values_inside_the_bounds_are_left_alone(write):
    loaded = load(write, "reminders:\n  change-position:\n    every: 40m\n")
    assert loaded.settings.reminder("change-position").every == timedelta(minutes=40)
    assert loaded.warnings == []


def test_a_star_locks_the_key_in_every_reminder(write):
    org = "policy:\n  locked: [reminders.*.enabled]\n"
    loaded = load(write, "reminders:\n  walk: {enabled: false}\n  feet-flat: {enabled: false}\n",
                  org)
    assert all(reminder.enabled for reminder in loaded.settings.reminders)
    assert len(loaded.warnings) == 2
    assert "reminders.change-position.enabled" in loaded.settings.locked


def test_locking_a_whole_reminder_restores_all_of_it(write):
    org = "policy:\n  locked: [reminders.walk]\n"
    loaded = load(write, "reminders:\n  walk:\n    routine: lumbar-micro\n    every: 90m\n", org)
    walk = loaded.settings.reminder("walk")
    assert (walk.routine, walk.every) == ("lumbar-short", timedelta(hours=1))
    assert "reminders.walk.routine: your value lumbar-micro is locked" in loaded.warnings[0]


def test_policy_in_a_user_file_is_an_error(write, tmp_path):
    problems = problems_of(write, "policy:\n  locked: [language]\n")
    assert problems == [
        f"{tmp_path / 'ergo.yaml'}:1:1: policy: is only honoured in the organisation file; "
        "remove it from this user file, or move it to the organisation file "
        "(see `ergo config paths`)"
    ]


def test_an_unknown_locked_key_gets_a_did_you_mean(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  locked: [reminders.walk.evry]\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:2:12: policy.locked[0]: 'reminders.walk.evry' is not a config "
        "key; did you mean 'every'?"
    ]


def test_a_bound_with_the_wrong_kind_of_value_is_an_error(write):
    problems = problems_of(write, "", "policy:\n  bounds:\n    snooze.max_per_day: {max: 3m}\n")
    assert "policy.bounds.snooze.max_per_day.max: this key holds a whole number" in problems[0]


def test_a_bound_on_a_key_that_is_neither_duration_nor_count_is_an_error(write):
    problems = problems_of(write, "", "policy:\n  bounds:\n    language: {max: 3}\n")
    assert "bounds apply to durations and counts only" in problems[0]


def test_a_bound_whose_min_exceeds_its_max_is_an_error(write):
    org = "policy:\n  bounds:\n    reminders.walk.every: {min: 2h, max: 1h}\n"
    assert "min is larger than max; swap them" in problems_of(write, "", org)[0]


def test_an_organisation_value_outside_its_own_bound_is_an_error(write, tmp_path):
    org = ("reminders:\n  walk:\n    every: 3h\n"
           "policy:\n  bounds:\n    reminders.walk.every: {max: 90m}\n")
    assert problems_of(write, "", org) == [
        f"{tmp_path / 'org.yaml'}:3:5: reminders.walk.every: 3h is outside this file's own "
        "maximum 90m (policy at line 6); change the value or the bound"
    ]
