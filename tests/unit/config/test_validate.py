"""Validation: every problem at once, each at its file:line:col with a fix."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from ergo.config import ConfigError, load_config
from ergo.core.model import TimeRange


def load(write, user: str, org: str | None = None):
    org_path = write("org.yaml", org) if org is not None else None
    return load_config(write("ergo.yaml", user), org_path, environ={})


def problems_of(write, user: str, org: str | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(write, user, org)
    return [line.split(": ", 1)[1] if line.startswith("/") else line
            for line in caught.value.problems]


def where(write, user: str, org: str | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(write, user, org)
    return [line.split(": ", 1)[0].rsplit("/", 1)[1] for line in caught.value.problems]


def test_the_built_in_defaults_give_four_reminders_on_weekdays_with_lunch(write):
    settings = load(write, "").settings
    assert [r.id for r in settings.reminders] == [
        "sit-upright", "feet-flat", "change-position", "walk"]
    assert [r.kind for r in settings.reminders] == ["posture", "posture", "movement", "movement"]
    assert settings.reminder("walk").routine == "lumbar-short"
    assert settings.reminder("walk").delivery == "both"
    monday = (TimeRange(time(9), time(12, 30)), TimeRange(time(13), time(17, 30)))
    assert settings.work_hours.week == (monday,) * 5 + ((), ())
    assert settings.work_hours.timezone is None
    assert {r.id for r in settings.routines} == {"lumbar-short", "lumbar-micro"}


def test_a_user_file_changes_one_reminder_and_keeps_the_rest(write):
    settings = load(write, "reminders:\n  walk:\n    every: 45m\n").settings
    walk = settings.reminder("walk")
    assert walk.every == timedelta(minutes=45)
    assert walk.title.get("en") == "Time to move"


def test_built_in_texts_come_from_the_catalog_and_a_configs_own_text_wins(write):
    settings = load(write, "language: nl\nreminders:\n  walk:\n    message: {nl: Loop!}\n").settings
    assert settings.reminder("walk").title.get("nl") == "Tijd om te bewegen"
    assert settings.reminder("walk").message.get("nl") == "Loop!"
    assert settings.routine("lumbar-short").steps[0].cues[0].get("nl").startswith("Ga vooraan")


def test_all_problems_are_reported_at_once_with_their_positions(write):
    user = (
        "languag: nl\n"
        "reminders:\n"
        "  walk:\n"
        "    every: 20\n"
        "    enabled: yes\n"
        "snooze:\n"
        "  max_per_day: many\n"
    )
    assert problems_of(write, user) == [
        "languag: unknown key; did you mean 'language'?",
        "reminders.walk.every: 20 has no unit; write for example 20m or 20s "
        "(durations need s, m or h)",
        "reminders.walk.enabled: expected true or false, got 'yes'; write true or false",
        "snooze.max_per_day: expected a whole number, got 'many'; write for example 3",
    ]
    assert where(write, user) == ["ergo.yaml:1:1", "ergo.yaml:4:5", "ergo.yaml:5:5",
                                  "ergo.yaml:7:3"]


def test_a_duration_without_a_known_unit_gets_an_example(write):
    assert problems_of(write, "notifications:\n  timeout: 20 seconds\n") == [
        "notifications.timeout: '20 seconds' is not a duration; write a number with a unit, "
        "for example 45s, 20m, 1h or 1h30m"]


def test_a_zero_interval_is_refused(write):
    assert "is zero" in problems_of(write, "reminders:\n  walk:\n    every: 0m\n")[0]


def test_an_unknown_choice_gets_a_did_you_mean(write):
    assert problems_of(write, "reminders:\n  walk:\n    delivery: promt\n") == [
        "reminders.walk.delivery: 'promt' is not one of notification, prompt, both; "
        "did you mean 'prompt'?"]


def test_a_new_reminder_must_say_when_and_what(write):
    assert problems_of(write, "reminders:\n  water:\n    every: 90m\n") == [
        "reminders.water: has no 'title'; add 'title:' below it",
        "reminders.water: has no 'message'; add 'message:' below it",
    ]


def test_a_new_reminder_is_a_movement_reminder_enabled_by_default(write):
    user = "reminders:\n  water:\n    every: 90m\n    title: Water\n    message: Drink.\n"
    water = load(write, user).settings.reminder("water")
    assert (water.enabled, water.kind, water.title.get("nl")) == (True, "movement", "Water")


def test_a_reminder_naming_a_missing_routine_gets_a_did_you_mean(write):
    assert problems_of(write, "reminders:\n  walk:\n    routine: lumbar-shrt\n") == [
        "reminders.walk.routine: there is no routine 'lumbar-shrt'; did you mean 'lumbar-short'?"]


def test_routine_none_in_the_user_file_unsets_the_routine_a_lower_layer_offers(write):
    org = "reminders:\n  sit-upright:\n    routine: lumbar-micro\n"
    user = "reminders:\n  walk: {routine: none}\n  sit-upright: {routine: none}\n"
    settings = load(write, user, org).settings
    assert settings.reminder("walk").routine is None
    assert settings.reminder("sit-upright").routine is None


def test_routine_none_yields_to_the_organisations_lock(write):
    org = "policy:\n  locked: [reminders.walk.routine]\n"
    settings = load(write, "reminders:\n  walk: {routine: none}\n", org).settings
    assert settings.reminder("walk").routine == "lumbar-short"


def test_an_unsupported_language_in_a_text_is_reported(write):
    assert problems_of(write, "reminders:\n  walk:\n    title: {de: Gehen}\n") == [
        "reminders.walk.title.de: 'de' is not a language ergo has a catalog for (found: en, nl); "
        "write one of en, nl (docs/translating.md says how to add one)"]


def test_a_day_that_ends_before_it_starts_is_reported(write):
    assert where(write, 'work_hours:\n  start: "18:00"\n') == ["ergo.yaml:2:3"]
    assert problems_of(write, 'work_hours:\n  start: "18:00"\n') == [
        "work_hours.start: the day ends (17:30) before it starts (18:00); "
        "make end later than start"]


def test_a_break_outside_the_working_day_is_reported(write):
    assert problems_of(write, 'work_hours:\n  breaks: ["07:00-07:30"]\n') == [
        "work_hours.breaks[0]: the break 07:00-07:30 is not inside the working day "
        "09:00-17:30; move it inside, with its end after its start"]


def test_overlapping_breaks_are_reported(write):
    assert "overlaps another break" in problems_of(
        write, 'work_hours:\n  breaks: ["12:00-13:00", "12:30-13:30"]\n')[0]


def test_per_day_changes_shape_single_weekdays(write):
    user = 'work_hours:\n  per_day:\n    fri: {end: "12:00"}\n    wed: off\n'
    week = load(write, user).settings.work_hours.week
    assert week[2] == ()
    assert week[4] == (TimeRange(time(9), time(12)),)
    assert week[0][1] == TimeRange(time(13), time(17, 30))


def test_per_day_hours_for_a_day_that_is_not_worked_are_reported(write):
    assert problems_of(write, 'work_hours:\n  per_day:\n    sat: {end: "12:00"}\n') == [
        "work_hours.per_day.sat: sat is not in work_hours.days; add it to days or remove "
        "this entry"]


def test_an_unquoted_time_of_day_is_read_as_the_time(write):
    week = load(write, "work_hours:\n  start: 8:30\n  end: 17:00\n").settings.work_hours.week
    assert week[0][0].start == time(8, 30)


def test_a_time_of_day_written_as_a_number_gets_an_example(write):
    assert problems_of(write, "work_hours:\n  start: 9\n") == [
        "work_hours.start: expected text, got 9; write for example \"09:00\""]


def test_a_misspelt_time_zone_gets_a_did_you_mean(write):
    assert problems_of(write, "work_hours:\n  timezone: Europe/Amsterdm\n") == [
        "work_hours.timezone: 'Europe/Amsterdm' is not a known time zone; "
        "did you mean 'Europe/Amsterdam'?"]


def test_a_time_zone_like_no_known_one_gets_an_example(write):
    assert problems_of(write, "work_hours:\n  timezone: Moon/Base\n") == [
        "work_hours.timezone: 'Moon/Base' is not a known time zone; "
        "write auto or a name such as Europe/Amsterdam"]


def test_a_named_time_zone_is_kept(write):
    settings = load(write, "work_hours:\n  timezone: Europe/Amsterdam\n").settings
    assert settings.work_hours.timezone == "Europe/Amsterdam"


@pytest.mark.parametrize("routine, step, problem", [
    ("mine", "reps: 5", "routines.mine.steps[0]: give either duration, or reps together "
     "with pace; for example duration: 30s, or reps: 8 and pace: 4s"),
    ("mine", "duration: 30s, reps: 5", "routines.mine.steps[0]: give either duration, or "
     "reps together with pace; for example duration: 30s, or reps: 8 and pace: 4s"),
    ("mine", "duration: 30s, pace: 4s", "routines.mine.steps[0]: give either duration, or "
     "reps together with pace; for example duration: 30s, or reps: 8 and pace: 4s"),
    ("none", "duration: 30s", "routines.none: 'none' is how a reminder says it offers no "
     "routine; give this routine another id"),
])
def test_a_step_needs_either_a_duration_or_reps_with_pace_and_no_routine_is_called_none(
        write, routine, step, problem):
    user = (f"routines:\n  {routine}:\n    title: Mine\n    steps:\n"
            f"      - {{id: a, name: A, cues: [Go.], {step}}}\n")
    assert problems_of(write, user) == [problem]


def test_a_step_id_used_twice_in_a_routine_is_reported_at_the_second_step(write):
    user = ("routines:\n  mine:\n    title: Mine\n    steps:\n"
            "      - {id: tilt, name: Tilt, cues: [Tilt.], duration: 30s}\n"
            "      - {id: tilt, name: Tilt again, cues: [Tilt.], duration: 20s}\n")
    assert problems_of(write, user) == [
        "routines.mine.steps[1].id: step id 'tilt' is used twice in this routine; "
        "give each step its own id"]
    assert where(write, user) == ["ergo.yaml:6:10"]


def test_the_steps_after_a_wrong_step_are_still_checked(write):
    user = ("routines:\n  mine:\n    title: Mine\n    steps:\n"
            "      - {id: tilt, name: Tilt, cues: [Tilt.], reps: 8}\n"
            "      - {id: roll, name: Roll, cues: [Roll.], pace: 4s}\n"
            "      - {id: roll, name: Roll again, cues: [Roll.], duration: 20s}\n")
    fix = ("give either duration, or reps together with pace; for example duration: 30s, "
           "or reps: 8 and pace: 4s")
    assert problems_of(write, user) == [
        "routines.mine.steps[0]: " + fix,
        "routines.mine.steps[1]: " + fix,
        "routines.mine.steps[2].id: step id 'roll' is used twice in this routine; "
        "give each step its own id",
    ]


def test_an_invalid_id_is_reported(write):
    assert "ids use lower-case letters" in problems_of(
        write, "reminders:\n  Walk Fast: {every: 5m, title: a, message: b}\n")[0]


def test_a_bad_value_in_the_organisation_file_is_reported_at_the_organisation_file(write):
    with pytest.raises(ConfigError) as caught:
        load(write, "", "snooze:\n  durations: 5m\n")
    assert caught.value.problems[0].endswith(
        "org.yaml:2:3: snooze.durations: expected a list, got '5m'; "
        "write for example [5m, 10m, 20m]")


def test_problems_in_both_files_are_reported_together(write):
    with pytest.raises(ConfigError) as caught:
        load(write, "language: [\n", "language: en\n\tsnooze: {}\n")
    assert [line.rsplit("/", 1)[1].split(":")[0] for line in caught.value.problems] == [
        "org.yaml", "ergo.yaml"]


def test_an_absurdly_long_duration_is_reported_not_crashed_on(write):
    assert problems_of(write, "reminders:\n  walk:\n    every: 99999999999999999999h\n") == [
        "reminders.walk.every: '99999999999999999999h' is far too long; "
        "write for example 1h or 1h30m"]
    assert problems_of(write, "reminders:\n  walk:\n    every: 25h\n") == [
        "reminders.walk.every: '25h' is longer than a day; write at most 24h"]


def test_an_empty_value_for_a_section_is_reported_once(write):
    assert problems_of(write, "reminders:\n") == [
        "reminders: expected a mapping of ids, got nothing; write one 'id:' per entry, "
        "indented below it"]


def test_a_day_ending_before_the_built_in_start_is_reported_at_the_users_end(write):
    assert where(write, 'work_hours:\n  end: "08:00"\n') == ["ergo.yaml:2:3"]


def test_every_bad_break_is_reported_each_at_its_own_place(write):
    user = 'work_hours:\n  breaks: ["07:00-07:30", "12:00-12:30", "12:15-12:45", "18:00-18:15"]\n'
    outside = ("the break {} is not inside the working day 09:00-17:30; "
               "move it inside, with its end after its start")
    assert problems_of(write, user) == [
        "work_hours.breaks[0]: " + outside.format("07:00-07:30"),
        "work_hours.breaks[2]: the break 12:15-12:45 overlaps another break; merge them into one",
        "work_hours.breaks[3]: " + outside.format("18:00-18:15"),
    ]


def test_a_break_that_ends_when_it_starts_is_refused(write):
    assert problems_of(write, 'work_hours:\n  breaks: ["12:00-12:00"]\n') == [
        "work_hours.breaks[0]: the break 12:00-12:00 is not inside the working day "
        "09:00-17:30; move it inside, with its end after its start"]


def test_a_days_own_break_outside_it_is_reported_at_that_day(write):
    user = 'work_hours:\n  per_day:\n    fri: {end: "12:00", breaks: ["13:00-13:30"]}\n'
    assert problems_of(write, user) == [
        "work_hours.per_day.fri.breaks[0]: the break 13:00-13:30 is not inside the working day "
        "09:00-12:00; move it inside, with its end after its start"]
