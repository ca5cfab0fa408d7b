"""Drop-ins: ``org.d/*.yaml`` beside the organisation file, applied in name order; later
values win, locks add up, bounds combine per end; a broken drop-in is named by file and
line and never takes the others down."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.config import ConfigError, load_config
from ergo.config.fallback import fallback_config, take_snapshot
from ergo.config.policy import locked_at

ORG = """\
reminders:
  walk: {every: 50m}
snooze:
  max_per_day: 4
policy:
  locked: [reminders.walk.enabled]
  bounds:
    reminders.walk.every: {min: 30m, max: 90m}
"""


@pytest.fixture
def org(write, tmp_path):
    (tmp_path / "org.d").mkdir()
    return write("org.yaml", ORG)


def load(write, org, user: str = "language: en\n"):
    return load_config(write("ergo.yaml", user), org, environ={})


def test_drop_ins_apply_in_name_order_and_the_later_value_wins(write, org):
    write("org.d/20-it.yaml", "reminders:\n  walk: {every: 70m}\n")
    write("org.d/10-hr.yaml", "reminders:\n  walk: {every: 40m}\nsnooze: {max_per_day: 2}\n")
    loaded = load(write, org)
    assert loaded.settings.reminder("walk").every == timedelta(minutes=70)
    assert loaded.settings.snooze.max_per_day == 2
    assert str(loaded.origins["reminders.walk.every"]).endswith("org.d/20-it.yaml:2:10")
    assert str(loaded.origins["snooze.max_per_day"]).endswith("org.d/10-hr.yaml:3:10")
    assert str(loaded.origins["reminders.walk.enabled"]).startswith("built-in")
    assert loaded.files == [org, org.parent / "org.d/10-hr.yaml", org.parent / "org.d/20-it.yaml",
                            org.parent / "ergo.yaml"]


def test_only_yaml_files_are_drop_ins(write, org):
    write("org.d/10-hr.yaml.dpkg-old", "reminders:\n  walk: {every: 40m}\n")
    write("org.d/README", "not yaml: [\n")
    (org.parent / "org.d/30-old.yaml").mkdir()
    assert load(write, org).settings.reminder("walk").every == timedelta(minutes=50)


def test_locks_of_every_drop_in_add_up(write, org):
    write("org.d/10-hr.yaml", "policy:\n  locked: [snooze.max_per_day]\n")
    loaded = load(write, org, "snooze: {max_per_day: 9}\nreminders:\n  walk: {enabled: false}\n")
    assert loaded.settings.snooze.max_per_day == 4
    assert loaded.settings.reminder("walk").enabled
    assert {"snooze.max_per_day", "reminders.walk.enabled"} <= loaded.settings.locked
    assert len(loaded.warnings) == 2


def test_a_later_bound_replaces_only_the_end_it_gives(write, org):
    write("org.d/10-hr.yaml", "policy:\n  bounds:\n    reminders.walk.every: {max: 60m}\n")
    too_long = load(write, org, "reminders:\n  walk: {every: 80m}\n")
    assert too_long.settings.reminder("walk").every == timedelta(minutes=60)
    assert "maximum 60m" in too_long.warnings[0]
    too_short = load(write, org, "reminders:\n  walk: {every: 10m}\n")
    assert too_short.settings.reminder("walk").every == timedelta(minutes=30)


def test_drop_ins_apply_without_an_organisation_file(write, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg"))
    (tmp_path / "xdg/ergo/org.d").mkdir(parents=True)
    write("xdg/ergo/org.d/10-hr.yaml", "reminders:\n  walk: {every: 40m}\n")
    loaded = load_config(write("ergo.yaml", "{}\n"), None, environ={})
    assert loaded.settings.reminder("walk").every == timedelta(minutes=40)


def test_a_broken_drop_in_is_named_with_file_line_and_key(write, org):
    write("org.d/10-hr.yaml", "snooze: {max_per_day: 2}\n")
    broken = write("org.d/20-it.yaml", "reminders:\n  walk: {every: 20}\n")
    with pytest.raises(ConfigError) as raised:
        load(write, org)
    assert raised.value.problems == [
        f"{broken}:2:10: reminders.walk.every: 20 has no unit; write for example 20m or 20s "
        "(durations need s, m or h)"]


def test_a_drop_in_with_a_syntax_error_is_reported_and_the_others_still_apply(write, org):
    write("org.d/10-hr.yaml", "snooze: {max_per_day: 2}\n")
    broken = write("org.d/20-it.yaml", "reminders: {walk: [\n")
    user = write("ergo.yaml", "snooze: {max_per_day: 9}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(user, org, environ={})
    assert raised.value.problems[0].startswith(f"{broken}:")
    config, source = fallback_config(None, user, org, environ={})
    assert source == "the organisation file and the user file"
    assert config.settings.snooze.max_per_day == 9
    assert config.settings.reminder("walk").every == timedelta(minutes=50)
    assert "reminders.walk.enabled" in config.settings.locked


def test_a_broken_drop_in_falls_back_to_its_last_good_text(write, org):
    hr = write("org.d/10-hr.yaml", "policy:\n  locked: [snooze.max_per_day]\n")
    user = write("ergo.yaml", "snooze: {max_per_day: 9}\n")
    snapshot = take_snapshot(user, org, environ={})
    assert snapshot is not None
    hr.write_text("policy:\n  locked: [\n")
    config, _source = fallback_config(snapshot, user, org, environ={})
    assert config.settings.snooze.max_per_day == 4
    assert "snooze.max_per_day" in config.settings.locked


def test_the_saved_snapshot_keeps_the_drop_ins(write, org, tmp_path):
    from ergo.config.fallback import read_snapshot, save_snapshot

    hr = write("org.d/10-hr.yaml", "policy:\n  locked: [snooze.max_per_day]\n")
    snapshot = take_snapshot(write("ergo.yaml", "{}\n"), org, environ={})
    assert snapshot is not None and snapshot.drop_in(hr) is not None
    save_snapshot(tmp_path / "state" / "last.json", snapshot)
    assert read_snapshot(tmp_path / "state" / "last.json") == snapshot


def test_a_lock_warning_names_the_entry_that_locked_the_key_not_every_delivery(write, org):
    write("org.d/10-hr.yaml", "snooze: {max_per_day: 2}\n")
    it = write("org.d/20-it.yaml", "reminders:\n  walk: {every: 45m}\npolicy:\n  locked:\n"
                                   "    - reminders.walk.every\n    - snooze.max_per_day\n")
    user = "snooze: {max_per_day: 9}\nreminders:\n  walk: {enabled: false, every: 80m}\n"
    loaded = load(write, org, user)
    mine = org.parent / "ergo.yaml"
    assert loaded.warnings == [
        f"{mine}:3:10: reminders.walk.enabled: your value false is locked by the organisation "
        f"file {org}:6:12; using true",
        f"{mine}:3:26: reminders.walk.every: your value 80m is locked by the organisation "
        f"file {it}:5:7; using 45m",
        f"{mine}:1:10: snooze.max_per_day: your value 9 is locked by the organisation "
        f"file {it}:6:7; using 2",
    ]
    assert {key: str(mark) for key, mark in loaded.locks.items()} == {
        "reminders.walk.enabled": f"{org}:6:12", "reminders.walk.every": f"{it}:5:7",
        "snooze.max_per_day": f"{it}:6:7"}


def test_a_key_locked_by_two_deliveries_is_named_by_the_first(write, org):
    write("org.d/10-hr.yaml", "policy:\n  locked: [snooze.max_per_day, reminders.walk.enabled]\n")
    loaded = load(write, org, "reminders:\n  walk: {enabled: false}\n")
    assert loaded.warnings[0].endswith(f"is locked by the organisation file {org}:6:12; using true")
    assert str(loaded.locks["snooze.max_per_day"]) == f"{org.parent / 'org.d/10-hr.yaml'}:2:12"


def test_a_bound_warning_names_the_drop_in_that_set_that_end(write, org):
    hr = write("org.d/10-hr.yaml", "policy:\n  bounds:\n    reminders.walk.every: {max: 60m}\n")
    loaded = load(write, org, "reminders:\n  walk: {every: 80m}\n")
    assert loaded.warnings == [
        f"{org.parent / 'ergo.yaml'}:2:10: reminders.walk.every: your value 80m is beyond the "
        f"maximum 60m set by the organisation file {hr}:3:5; using 60m"]


@pytest.mark.parametrize("policy, problem", [
    ("policy: 5\n", "1:1: policy: expected a mapping, got 5"),
    ("policy:\n  locked: snooze.max_per_day\n",
     "2:3: policy.locked: expected a list, got 'snooze.max_per_day'"),
])
def test_a_drop_in_policy_of_the_wrong_shape_is_named_while_others_lock(write, org, policy,
                                                                          problem):
    hr = write("org.d/10-hr.yaml", policy)
    with pytest.raises(ConfigError) as raised:
        load(write, org)
    assert [line.split("; ")[0] for line in raised.value.problems] == [f"{hr}:{problem}"]


def test_the_fallback_config_watches_the_organisation_file_it_combined(write, org):
    write("org.d/10-hr.yaml", "snooze: {max_per_day: 2}\n")
    write("org.d/20-it.yaml", "reminders: {walk: [\n")
    user = write("ergo.yaml", "{}\n")
    config, _source = fallback_config(None, user, org, environ={})
    assert config.settings.snooze.max_per_day == 2
    assert config.files == [org, user]


def test_a_key_in_a_locked_section_is_named_by_the_sections_lock(write, org):
    hr = write("org.d/10-hr.yaml", "policy:\n  locked: [snooze, reminders.walk.every]\n")
    locks = load(write, org).locks
    assert str(locked_at(locks, "snooze.max_per_day")) == f"{hr}:2:12"
    assert str(locked_at(locks, "snooze")) == f"{hr}:2:12"
    assert str(locked_at(locks, "reminders.walk.every")) == f"{hr}:2:20"
    assert str(locked_at(locks, "reminders.walk.enabled")) == f"{org}:6:12"
    assert locked_at(locks, "reminders.walk.mode") is None
    assert locked_at(locks, "reminders") is None
