"""Finding the layer files, and overrides from the command line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ergo.config import ConfigError, load_config
from ergo.config.locate import default_org_path, default_user_path, locate


def test_without_options_or_variables_the_platform_default_paths_are_used():
    org, user = locate(None, None, {})
    assert (org.path, org.chosen_by) == (default_org_path(), "default")
    assert (user.path, user.chosen_by) == (default_user_path(), "default")
    assert org.path.name == "org.yaml" and user.path.name == "ergo.yaml"


def test_environment_variables_choose_the_files(tmp_path):
    org, user = locate(None, None, {"ERGO_ORG_CONFIG": str(tmp_path / "o.yaml"),
                                    "ERGO_CONFIG": str(tmp_path / "u.yaml")})
    assert (org.path, org.chosen_by) == (tmp_path / "o.yaml", "ERGO_ORG_CONFIG")
    assert (user.path, user.chosen_by) == (tmp_path / "u.yaml", "ERGO_CONFIG")


def test_an_option_wins_over_the_environment_variable(tmp_path):
    _, user = locate(Path("given.yaml"), None, {"ERGO_CONFIG": str(tmp_path / "u.yaml")})
    assert (user.path, user.chosen_by) == (Path("given.yaml"), "--config")


def test_a_missing_file_named_by_an_option_is_an_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(None, tmp_path / "org.yaml", environ={})
    assert caught.value.problems == [
        f"{tmp_path / 'org.yaml'}: no such file (the organisation file named by --org-config); "
        "check the path given by --org-config"]


def test_the_files_read_are_listed_for_reloading(tmp_path):
    user = tmp_path / "ergo.yaml"
    user.write_text("language: en\n")
    assert load_config(user, environ={}).files == [user]


def test_an_empty_user_file_changes_nothing(tmp_path):
    user = tmp_path / "ergo.yaml"
    user.write_text("")
    assert load_config(user, environ={}).settings == load_config(environ={}).settings


def test_overrides_are_the_top_layer_and_parse_their_value_as_yaml():
    loaded = load_config(overrides=["reminders.walk.every=45m", "snooze.durations=[1m, 2m]",
                                    "notifications.sound=true"], environ={})
    assert loaded.settings.reminder("walk").every == timedelta(minutes=45)
    assert loaded.settings.snooze.durations == (timedelta(minutes=1), timedelta(minutes=2))
    assert loaded.settings.notifications.sound is True
    assert loaded.origins["reminders.walk.every"].layer == "override"


def test_a_bad_override_value_is_reported_under_the_override():
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=["reminders.walk.every=45"], environ={})
    assert caught.value.problems == [
        "override 'reminders.walk.every=45': reminders.walk.every: 45 has no unit; "
        "write for example 45m or 45s (durations need s, m or h)"]


@pytest.mark.parametrize("text", ["reminders.walk.every", "=5m", "a..b=1", "policy.locked=[x]"])
def test_a_malformed_override_is_reported(text):
    with pytest.raises(ConfigError) as caught:
        load_config(overrides=[text], environ={})
    assert caught.value.problems[0].startswith(f"override {text!r}: ")


def test_language_auto_follows_the_system_locale(tmp_path):
    user = tmp_path / "u.yaml"
    user.write_text("language: auto\n")
    dutch = load_config(user, None, environ={"LANG": "nl_NL.UTF-8"})
    english = load_config(user, None, environ={"LANG": "en_GB.UTF-8"})
    assert (dutch.settings.language, english.settings.language) == ("nl", "en")


def test_a_configured_language_wins_over_the_system_locale(tmp_path):
    user = tmp_path / "u.yaml"
    user.write_text("language: nl\n")
    assert load_config(user, None, environ={"LANG": "en_US.UTF-8"}).settings.language == "nl"
