"""The idle and interruptions sections: defaults, user changes, checks and HR locks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.config import ConfigError, load_config
from ergo.core.model import IdleSettings, InterruptionSettings


def load(write, user: str, org: str | None = None):
    org_path = write("org.yaml", org) if org is not None else None
    return load_config(write("ergo.yaml", user), org_path, environ={})


def test_by_default_every_detector_is_on_with_no_apps_a_minute_of_grace_and_90m_max_defer(write):
    settings = load(write, "").settings
    assert settings.interruptions == InterruptionSettings(
        meetings=True, fullscreen=True, do_not_disturb=True, apps=(),
        grace=timedelta(minutes=1), max_defer=timedelta(minutes=90),
    )
    assert settings.idle == IdleSettings(break_after=timedelta(minutes=1))


def test_a_user_switches_a_detector_off_and_lists_programs(write):
    settings = load(write, "interruptions:\n  fullscreen: false\n  apps: [zoom, Teams.exe]\n"
                           "  max_defer: 2h\nidle:\n  break_after: 2m\n").settings
    assert settings.interruptions.fullscreen is False
    assert settings.interruptions.meetings is True
    assert settings.interruptions.apps == ("zoom", "Teams.exe")
    assert settings.interruptions.max_defer == timedelta(hours=2)
    assert settings.idle.break_after == timedelta(minutes=2)


def test_a_program_given_as_a_path_is_refused_with_its_line(write):
    with pytest.raises(ConfigError) as caught:
        load(write, "interruptions:\n  apps:\n    - zoom\n    - /usr/bin/obs\n")
    [message] = caught.value.problems
    assert "ergo.yaml:4:" in message
    assert "interruptions.apps[1]" in message or "interruptions.apps.1" in message
    assert "without a folder" in message


def test_a_windows_path_or_a_blank_program_is_refused_saying_what_to_write(write, tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(write, "interruptions:\n  apps: ['C:\\Zoom\\zoom.exe', ' ', obs]\n")
    fix = "is not a process name; write the program's name without a folder, for example " \
          "zoom or Teams.exe"
    assert caught.value.problems == [
        f"{tmp_path / 'ergo.yaml'}:2:10: interruptions.apps[0]: 'C:\\\\Zoom\\\\zoom.exe' {fix}",
        f"{tmp_path / 'ergo.yaml'}:2:30: interruptions.apps[1]: ' ' {fix}"]


def test_a_duration_without_a_unit_is_refused(write):
    with pytest.raises(ConfigError) as caught:
        load(write, "interruptions:\n  grace: 30\n")
    assert "has no unit" in caught.value.problems[0]


def test_the_organisation_can_lock_a_detector_on(write):
    org = "policy:\n  locked: [interruptions.meetings, interruptions.max_defer]\n"
    loaded = load(write, "interruptions:\n  meetings: false\n  max_defer: 8h\n", org)
    assert loaded.settings.interruptions.meetings is True
    assert loaded.settings.interruptions.max_defer == timedelta(minutes=90)
    assert "interruptions.meetings" in loaded.settings.locked
    assert len(loaded.warnings) == 2
    assert all("locked by the organisation" in w for w in loaded.warnings)
