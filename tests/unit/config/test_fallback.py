"""Starting on a broken config: the last good files, else what of the organisation file
validates; the organisation's locks never get fewer."""

from __future__ import annotations

from datetime import timedelta

from ergo.config.fallback import fallback_config, read_snapshot, save_snapshot, take_snapshot

ORG = """\
reminders:
  walk: {every: 1h}
snooze:
  max_per_day: 2
policy:
  locked: [reminders.walk.every, snooze.max_per_day]
"""
USER = "reminders:\n  walk: {every: 5m}\nsnooze:\n  max_per_day: 9\n"


def paths(write, user: str = USER, org: str = ORG):
    return write("ergo.yaml", user), write("org.yaml", org)


def test_a_snapshot_of_files_that_load_survives_a_round_trip_on_disk(write, tmp_path):
    user, org = paths(write)
    snapshot = take_snapshot(user, org, environ={})
    assert snapshot is not None
    save_snapshot(tmp_path / "state" / "last.json", snapshot)
    assert read_snapshot(tmp_path / "state" / "last.json") == snapshot


def test_no_snapshot_is_taken_of_files_that_do_not_load(write):
    user, org = paths(write, user="reminders: {walk: [\n")
    assert take_snapshot(user, org, environ={}) is None


def test_an_unusable_snapshot_file_reads_as_none(tmp_path):
    (tmp_path / "last.json").write_text("[" * 100_000)
    assert read_snapshot(tmp_path / "last.json") is None
    assert read_snapshot(tmp_path / "missing.json") is None


def test_a_broken_user_file_falls_back_to_the_last_good_user_file(write):
    user, org = paths(write, user="reminders:\n  walk: {every: 20m}\n")
    snapshot = take_snapshot(user, org, environ={})
    user.write_text("reminders: {walk: [\n")
    config, source = fallback_config(snapshot, user, org, environ={})
    assert source == "the organisation file and the last good user file"
    # The organisation's lock held over the last good user file too.
    assert config.settings.reminder("walk").every == timedelta(hours=1)


def test_a_broken_organisation_file_falls_back_to_its_last_good_locks(write):
    user, org = paths(write)
    snapshot = take_snapshot(user, org, environ={})
    org.write_text("policy: {locked: [\n")
    config, source = fallback_config(snapshot, user, org, environ={})
    assert source == "the last good organisation file and the user file"
    assert config.settings.reminder("walk").every == timedelta(hours=1)
    assert config.settings.snooze.max_per_day == 2


def test_without_a_snapshot_the_valid_parts_of_the_organisation_file_hold(write):
    user, org = paths(write, org=ORG + "idle: {break_after: soon}\n")
    config, source = fallback_config(None, user, org, environ={})
    assert source == "the valid parts of the organisation file and the user file"
    assert config.settings.reminder("walk").every == timedelta(hours=1)
    assert config.settings.snooze.max_per_day == 2


def test_with_nothing_usable_ergo_runs_on_the_built_in_defaults(write):
    user, org = paths(write, user="{{{", org="[[[")
    config, source = fallback_config(None, user, org, environ={})
    assert source == "the built-in defaults"
    assert config.settings.reminder("walk") is not None
