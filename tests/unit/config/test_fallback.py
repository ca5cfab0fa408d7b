"""Starting on a broken config: the last good files, else what of the organisation file
validates; the organisation's locks never get fewer."""

from __future__ import annotations

import json
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


def test_the_snapshot_file_is_private_to_the_user(write, tmp_path):
    user, org = paths(write)
    target = tmp_path / "state" / "last.json"
    save_snapshot(target, take_snapshot(user, org, environ={}))
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700


def test_a_snapshot_keeps_text_outside_ascii_as_it_was(write, tmp_path):
    user, org = paths(write, user='reminders:\n  walk: {every: 20m, title: "Even lópen ☕"}\n')
    snapshot = take_snapshot(user, org, environ={})
    target = tmp_path / "last.json"
    save_snapshot(target, snapshot)
    assert "Even lópen ☕" in target.read_text(encoding="utf-8")
    assert read_snapshot(target) == snapshot


def test_reading_a_snapshot_keeps_only_well_formed_entries_of_known_layers(tmp_path):
    target = tmp_path / "last.json"
    target.write_text(json.dumps({
        "user": {"path": "/u/ergo.yaml", "text": "language: nl\n"},
        "organisation": {"path": "/o/org.yaml", "text": 5},
        "other": {"path": "/x.yaml", "text": "language: en\n"},
    }))
    snapshot = read_snapshot(target)
    assert snapshot is not None
    assert dict(snapshot.files) == {"user": ("/u/ergo.yaml", "language: nl\n")}
    target.write_text(json.dumps({"user": {"path": 1, "text": "x"},
                                  "organisation": {"text": "x"}}))
    assert dict(read_snapshot(target).files) == {}


def test_a_snapshot_with_no_organisation_file_keeps_the_user_file(write, tmp_path):
    user = write("ergo.yaml", USER)
    snapshot = take_snapshot(user, tmp_path / "no-org.yaml", environ={})
    assert snapshot is not None
    assert snapshot.files["user"] == (str(user), USER)
    assert "organisation" not in snapshot.files


def test_a_snapshot_remembers_where_each_file_was(write):
    user, org = paths(write)
    snapshot = take_snapshot(user, org, environ={})
    document = snapshot.document("organisation")
    assert document is not None and document.path == org
    assert snapshot.document("organisation").source == str(org)


def test_snapshot_and_fallback_find_the_files_through_the_environment(write, monkeypatch):
    user, org = paths(write, user="reminders:\n  walk: {every: 20m}\n")
    monkeypatch.setenv("ERGO_CONFIG", str(user))
    monkeypatch.setenv("ERGO_ORG_CONFIG", str(org))
    snapshot = take_snapshot(None, None)
    assert snapshot is not None and set(snapshot.files) == {"user", "organisation"}
    user.write_text("reminders: {walk: [\n")
    config, source = fallback_config(snapshot, None, None)
    assert source == "the organisation file and the last good user file"
    assert config.settings.reminder("walk").every == timedelta(hours=1)


def test_salvaging_keeps_the_valid_locks_of_a_list_with_a_bad_one(write):
    org = ORG.replace("locked: [reminders.walk.every, snooze.max_per_day]",
                      "locked: [reminders.walk.every, not.a.key]")
    user, org_path = paths(write, org=org)
    config, source = fallback_config(None, user, org_path, environ={})
    assert source == "the valid parts of the organisation file and the user file"
    assert config.settings.reminder("walk").every == timedelta(hours=1)
    # Only the bad lock went: snooze.max_per_day is not locked here, so the user's 9 holds.
    assert config.settings.snooze.max_per_day == 9


def test_salvaging_keeps_a_lock_on_a_reminder_the_organisation_file_defines(write):
    # The policy comes first in the file, but is salvaged after the reminder it locks.
    org = """\
policy:
  locked: [reminders.stairs.every]
reminders:
  stairs: {every: 2h, title: Take the stairs, message: One floor up and back.}
idle: {break_after: soon}
"""
    user, org_path = paths(write, user="reminders:\n  stairs: {every: 10m}\n", org=org)
    config, source = fallback_config(None, user, org_path, environ={})
    assert source == "the valid parts of the organisation file and the user file"
    assert config.settings.reminder("stairs").every == timedelta(hours=2)
    assert str(config.origins["reminders.stairs.every"]).startswith(str(org_path))


def test_without_a_usable_user_file_the_organisation_file_still_holds(write):
    user, org = paths(write, user="{{{")
    config, source = fallback_config(None, user, org, environ={})
    assert source == "the organisation file"
    assert config.settings.snooze.max_per_day == 2


def test_salvaging_keeps_the_valid_entries_of_a_section_with_a_bad_one(write):
    org = ORG.replace("  max_per_day: 2\n", "  max_per_day: 2\n  durations: soon\n")
    user, org_path = paths(write, user="language: en\n", org=org)
    config, source = fallback_config(None, user, org_path, environ={})
    assert source == "the valid parts of the organisation file and the user file"
    assert config.settings.snooze.max_per_day == 2


def test_the_fallback_config_takes_its_language_from_the_environment(write):
    user, org = paths(write, user="{{{")
    config, _ = fallback_config(None, user, org, environ={"LANG": "nl_NL.UTF-8"})
    assert config.settings.language == "nl"
    config, _ = fallback_config(None, user, org, environ={"LANG": "C.UTF-8"})
    assert config.settings.language == "en"
