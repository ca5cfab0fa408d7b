"""Saving from the settings window: changes go into the user's own file with its comments
and layout kept, every change is validated with the organisation's policy first, and a
file that is invalid, or a change that is refused, leaves the file exactly as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ergo.config import load_config
from ergo.config.edit import Rule, apply, open_user_file

USER = """\
# My own ergo settings: keep this comment!
language: nl    # Dutch, please

work_hours:
    start: "08:00"   # early bird
    days: [mon, tue, wed, thu]   # four-day week
    breaks:
      - "12:00-12:30"

reminders:
    walk:
        every: 50m   # the doctor said so
# the end
"""

ORG = """\
policy:
  locked: [interruptions.meetings, reminders.*.enabled]
  bounds:
    reminders.walk.every: {min: 30m, max: 90m}
    snooze.max_per_day: {max: 4}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    user, org = tmp_path / "ergo.yaml", tmp_path / "org.yaml"
    user.write_text(USER, encoding="utf-8")
    org.write_text(ORG, encoding="utf-8")
    return user, org


def effective(user: Path, org: Path):
    return load_config(user, org, environ={}).settings


def test_a_saved_change_keeps_every_comment_the_indentation_and_the_quoting(files):
    user, org = files
    opened = open_user_file(user, org, {})
    assert opened.problems == []
    assert opened.save({("reminders", "walk", "every"): "45m",
                        ("work_hours", "days"): ["mon", "tue", "wed", "thu", "fri"],
                        ("work_hours", "end"): "16:30"}) == []
    text = user.read_text(encoding="utf-8")
    for line in ("# My own ergo settings: keep this comment!", "language: nl    # Dutch, please",
                 '    start: "08:00"   # early bird',
                 "    days: [mon, tue, wed, thu, fri] # four-day week",
                 "        every: 45m   # the doctor said so", "# the end", '      - "12:00-12:30"',
                 '    end: "16:30"'):
        assert line in text.splitlines()
    settings = effective(user, org)
    assert settings.reminder("walk").every.total_seconds() == 45 * 60
    assert len([day for day in settings.work_hours.week if day]) == 5


def test_a_new_section_is_added_and_a_removed_key_goes(files):
    user, org = files
    opened = open_user_file(user, org, {})
    assert opened.save({("snooze", "durations"): ["15m", "30m"],
                        ("reminders", "walk", "every"): None}) == []
    text = user.read_text(encoding="utf-8")
    assert "snooze:\n    durations: [15m, 30m]" in text
    assert "50m" not in text
    assert "# the doctor said so" not in text
    assert effective(user, org).snooze.durations[0].total_seconds() == 15 * 60


def test_an_invalid_change_is_refused_with_the_validators_message_and_nothing_is_written(files):
    user, org = files
    before = user.read_bytes()
    problems = open_user_file(user, org, {}).save({("work_hours", "end"): "07:00"})
    assert len(problems) == 1 and problems[0].startswith(f"{user}:")
    assert "work_hours" in problems[0]
    assert user.read_bytes() == before


def test_a_file_invalid_when_opened_is_shown_with_its_problems_and_never_written(tmp_path):
    user = tmp_path / "ergo.yaml"
    broken = "# mine\nreminders:\n  walk:\n    every: often\n"
    user.write_text(broken, encoding="utf-8")
    opened = open_user_file(user, None, {})
    assert opened.problems and f"{user}:4:" in opened.problems[0]
    assert "reminders.walk.every" in opened.problems[0]
    assert opened.save({("language",): "en"}) == opened.problems
    assert user.read_text(encoding="utf-8") == broken


def test_a_locked_key_is_refused_naming_the_organisation_file(files):
    user, org = files
    opened = open_user_file(user, org, {})
    assert opened.rule(("interruptions", "meetings")).locked
    assert opened.rule(("reminders", "feet-flat", "enabled")).locked
    assert not opened.rule(("reminders", "walk", "every")).locked
    before = user.read_bytes()
    problems = opened.save({("interruptions", "meetings"): False})
    assert problems == [f"interruptions.meetings: is locked by the organisation file {org}:2:12"]
    assert user.read_bytes() == before


def test_a_bounded_value_beyond_its_bound_is_refused_with_the_bound_shown(files):
    user, org = files
    opened = open_user_file(user, org, {})
    assert opened.rule(("reminders", "walk", "every")) == Rule(
        False, "30m", "90m", f"the organisation file {org}:4:5")
    assert opened.rule(("snooze", "max_per_day")) == Rule(
        False, None, 4, f"the organisation file {org}:5:5")
    before = user.read_bytes()
    assert opened.save({("reminders", "walk", "every"): "2h"}) == [
        f"reminders.walk.every: 2h is beyond the maximum 90m set by the organisation file "
        f"{org}:4:5"]
    assert opened.save({("snooze", "max_per_day"): 9})[0].startswith(
        "snooze.max_per_day: 9 is beyond the maximum 4")
    assert user.read_bytes() == before
    assert opened.save({("reminders", "walk", "every"): "90m"}) == []


@pytest.mark.parametrize("value, end", [("29m", ("min", "30m")), ("30m", None), ("1h30m", None),
                                        ("91m", ("max", "90m")), ("soon", None), (True, None)])
def test_a_rule_says_which_bound_a_value_is_beyond(value, end):
    assert Rule(False, "30m", "90m").outside(value) == end


def test_a_missing_user_file_starts_from_the_commented_starter_file(tmp_path):
    user = tmp_path / "config" / "ergo.yaml"
    opened = open_user_file(user, None, {})
    assert opened.problems == []
    assert opened.value(("language",)) == "auto"
    assert opened.save({("language",): "nl"}) == []
    text = user.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "## Your ergo settings." in text and text.endswith("language: nl\n")
    assert load_config(user, None, environ={}).settings.language == "nl"


def test_an_edit_made_in_an_editor_meanwhile_is_kept(files):
    user, org = files
    opened = open_user_file(user, org, {})
    user.write_text(USER + "idle:\n    break_after: 2m   # mine\n", encoding="utf-8")
    assert opened.save({("language",): "en"}) == []
    text = user.read_text(encoding="utf-8")
    assert "    break_after: 2m   # mine" in text and "language: en    # Dutch, please" in text


def test_the_file_keeps_its_permissions(files):
    user, org = files
    os.chmod(user, 0o600)
    assert open_user_file(user, org, {}).save({("language",): "en"}) == []
    assert user.stat().st_mode & 0o777 == 0o600


def test_a_file_that_cannot_be_written_is_reported(tmp_path):
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    user = tmp_path / "not-a-folder" / "ergo.yaml"
    problems = open_user_file(user, None, {}).save({("language",): "en"})
    assert len(problems) == 1 and problems[0].startswith(f"{user}: cannot be written")


def test_apply_to_an_empty_text_writes_plain_yaml():
    assert apply("", {("idle", "break_after"): "2m"}) == "idle:\n  break_after: 2m\n"
    assert apply("", {("language",): None}) == ""
