"""The organisation's locks and bounds at their edges: values on a bound, what a lock
says about booleans and lists, and every way a policy entry can be written wrong."""

from __future__ import annotations

from datetime import timedelta

from ergo.config.merge import ORGANISATION
from tests.unit.config.test_policy import load, problems_of


def test_a_value_exactly_on_a_bound_is_left_alone(write):
    org = "policy:\n  bounds:\n    reminders.walk.every: {min: 30m, max: 90m}\n"
    for every, expected in (("30m", timedelta(minutes=30)), ("90m", timedelta(minutes=90))):
        loaded = load(write, f"reminders:\n  walk:\n    every: {every}\n", org)
        assert loaded.settings.reminder("walk").every == expected
        assert loaded.warnings == []


def test_a_count_exactly_on_its_minimum_is_left_alone_and_one_below_is_raised(write):
    org = "policy:\n  bounds:\n    snooze.max_per_day: {min: 2}\n"
    assert load(write, "snooze:\n  max_per_day: 2\n", org).warnings == []
    loaded = load(write, "snooze:\n  max_per_day: 1\n", org)
    assert loaded.settings.snooze.max_per_day == 2
    assert "your value 1 is beyond the minimum 2" in loaded.warnings[0]


def test_a_star_bound_applies_to_every_reminder(write):
    org = "policy:\n  bounds:\n    reminders.*.every: {max: 40m}\n"
    loaded = load(write, "", org)
    assert {r.id: r.every for r in loaded.settings.reminders} == {
        "sit-upright": timedelta(minutes=40), "feet-flat": timedelta(minutes=40),
        "change-position": timedelta(minutes=30), "walk": timedelta(minutes=40)}
    assert loaded.warnings == []


def test_a_locked_switch_names_both_values_as_true_or_false(write, tmp_path):
    org = "policy:\n  locked: [notifications.sound]\n"
    loaded = load(write, "notifications:\n  sound: true\n", org)
    assert loaded.settings.notifications.sound is False
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:2:3: notifications.sound: your value true is locked by the "
        f"organisation file {tmp_path / 'org.yaml'}:2:12; using false"
    ]


def test_a_locked_list_says_the_list_was_changed(write):
    org = "policy:\n  locked: [work_hours.breaks]\n"
    loaded = load(write, 'work_hours:\n  breaks: ["12:00-12:45"]\n', org)
    assert loaded.warnings[0].endswith(
        f"work_hours.breaks: your value a changed list is locked by the organisation file "
        f"{loaded.files[0]}:2:12; using a changed list")


def test_a_lock_the_user_agrees_with_gives_no_warning(write):
    org = "policy:\n  locked: [reminders.walk.every, reminders.sit-upright.routine]\n"
    loaded = load(write, "reminders:\n  walk:\n    every: 60m\n", org)
    assert loaded.warnings == []
    assert loaded.settings.locked == {"reminders.walk.every", "reminders.sit-upright.routine"}


def test_the_policy_itself_cannot_be_locked(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  locked: [policy]\n")
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{tmp_path / 'org.yaml'}:2:12: policy.locked[0]: 'policy' is not a config key; ")


def test_a_key_below_a_plain_value_is_not_a_config_key(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  locked: [language.en]\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:2:12: policy.locked[0]: 'language.en' is not a config key; "
        "check the spelling against `ergo config show`"
    ]


def test_a_duration_bound_written_as_a_number_is_an_error(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  bounds:\n    reminders.walk.every: {min: 20}\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:3:28: policy.bounds.reminders.walk.every.min: this key holds "
        "a duration such as 30m; write its min as a duration such as 30m"
    ]


def test_a_count_bound_written_as_true_is_an_error(write):
    problems = problems_of(write, "", "policy:\n  bounds:\n    snooze.max_per_day: {max: true}\n")
    assert problems[0].endswith(
        "policy.bounds.snooze.max_per_day.max: expected a duration such as 30m or a count, "
        "got true; write a duration such as 30m or a count")


def test_a_bound_with_neither_end_is_an_error(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  bounds:\n    snooze.max_per_day: {}\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:3:5: policy.bounds.snooze.max_per_day: gives neither min nor "
        "max; add min: or max: below it"
    ]


def test_an_unknown_bound_key_is_an_error_and_the_good_bounds_still_hold(write, tmp_path):
    org = ("policy:\n  bounds:\n    snooze.max_per_dya: {max: 3}\n"
           "    reminders.walk.every: {max: 45m}\n")
    problems = problems_of(write, "", org)
    assert len(problems) == 1
    assert problems == [
        f"{tmp_path / 'org.yaml'}:3:5: policy.bounds.snooze.max_per_dya: 'snooze.max_per_dya' "
        "is not a config key; did you mean 'max_per_day'?"]


def test_a_misspelt_section_in_a_lock_is_named_up_to_that_section(write, tmp_path):
    problems = problems_of(write, "", "policy:\n  locked: [work_hours.per_dya.mon]\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:2:12: policy.locked[0]: 'work_hours.per_dya' is not a config "
        "key; did you mean 'per_day'?"]


def test_a_bound_on_a_key_that_is_neither_duration_nor_count_is_reported_at_the_bound(
        write, tmp_path):
    problems = problems_of(write, "", "policy:\n  bounds:\n    language: {max: 3}\n")
    assert problems == [
        f"{tmp_path / 'org.yaml'}:3:5: policy.bounds.language: bounds apply to durations and "
        "counts only; lock this key instead"
    ]


def test_a_bound_whose_min_exceeds_its_max_is_reported_at_the_bound(write, tmp_path):
    org = "policy:\n  bounds:\n    reminders.walk.every: {min: 2h, max: 1h}\n"
    assert problems_of(write, "", org) == [
        f"{tmp_path / 'org.yaml'}:3:5: policy.bounds.reminders.walk.every: min is larger than "
        "max; swap them"
    ]


def test_a_bound_with_equal_ends_fixes_the_value(write):
    org = "policy:\n  bounds:\n    reminders.walk.every: {min: 50m, max: 50m}\n"
    loaded = load(write, "reminders:\n  walk:\n    every: 20m\n", org)
    assert loaded.settings.reminder("walk").every == timedelta(minutes=50)


def test_a_value_moved_to_a_bound_comes_from_the_organisation_file(write):
    loaded = load(write, "reminders:\n  change-position:\n    every: 2h\n")
    assert loaded.origins["reminders.change-position.every"].layer == ORGANISATION


def test_a_count_of_the_wrong_type_under_a_bound_is_reported_not_moved(write):
    org = "policy:\n  bounds:\n    snooze.max_per_day: {min: 2, max: 10}\n"
    for value, shown in (("lots", "'lots'"), ("true", "true")):
        problems = problems_of(write, f"snooze:\n  max_per_day: {value}\n", org)
        assert len(problems) == 1
        assert f"snooze.max_per_day: expected a whole number, got {shown}" in problems[0]


def test_a_key_added_below_a_locked_reminder_is_removed_saying_it_stays_unset(write, tmp_path):
    org = "policy:\n  locked: [reminders.change-position]\n"
    loaded = load(write, "reminders:\n  change-position:\n    routine: lumbar-micro\n", org)
    assert loaded.settings.reminder("change-position").routine is None
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:3:5: reminders.change-position.routine: your value "
        f"lumbar-micro is locked by the organisation file {tmp_path / 'org.yaml'}:2:12; "
        "using (unset)"]
    assert "reminders.change-position.routine" not in loaded.origins


def test_a_locked_reminder_shows_where_each_of_its_values_comes_from(write, tmp_path):
    org = "policy:\n  locked: [reminders.walk]\n"
    loaded = load(write, "reminders:\n  walk:\n    every: 2h\n", org)
    assert loaded.settings.reminder("walk").every == timedelta(minutes=60)
    assert str(loaded.origins["reminders.walk.every"]).startswith("built-in defaults.yaml:")


def test_a_text_locked_in_several_languages_is_named_a_changed_mapping(write, tmp_path):
    org = ("reminders:\n  walk:\n    title: {en: Walk now, nl: Nu lopen}\n"
           "policy:\n  locked: [reminders.walk.title]\n")
    loaded = load(write, "reminders:\n  walk:\n    title: Go!\n", org)
    assert loaded.warnings == [
        f"{tmp_path / 'ergo.yaml'}:3:5: reminders.walk.title: your value Go! is locked by the "
        f"organisation file {tmp_path / 'org.yaml'}:5:12; using a changed mapping"]
