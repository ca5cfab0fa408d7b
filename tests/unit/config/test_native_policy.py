"""Policy delivered by the operating system: Group Policy (an in-memory registry filled
the way the checked-in ADMX template says) and macOS managed preferences (plist files)
give the same effective config, locks and bounds as the YAML organisation file."""

from __future__ import annotations

import plistlib
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ergo.config import ConfigError, assemble, load_config
from ergo.config.group_policy import read_group_policy
from ergo.config.load import load_text
from ergo.config.managed_prefs import read_managed_prefs
from ergo.config.native_policy import to_document
from ergo.config.organisation import combine, native_documents

ADMX = Path(__file__).resolve().parents[3] / "config" / "policy" / "windows" / "ergo.admx"
NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"

VALUES: dict[str, Any] = {
    "reminders.walk.every": "50m",
    "reminders.walk.enabled": True,
    "snooze.max_per_day": 4,
    "notifications.urgency": "critical",
    "interruptions.apps": ["zoom", "obs"],
    "work_hours.start": "08:30",
}
LOCKED = ["reminders.walk.enabled", "snooze.max_per_day"]
BOUNDS = {"reminders.walk.every": {"min": "30m", "max": "90m"}}
ORG_YAML = """\
reminders:
  walk: {every: 50m, enabled: true}
snooze: {max_per_day: 4}
notifications: {urgency: critical}
interruptions: {apps: [zoom, obs]}
work_hours: {start: "08:30"}
policy:
  locked: [reminders.walk.enabled, snooze.max_per_day]
  bounds:
    reminders.walk.every: {min: 30m, max: 90m}
"""
USER_YAML = """\
reminders:
  walk: {every: 2h, enabled: false}
snooze: {max_per_day: 9}
notifications: {urgency: low}
"""


class MemoryRegistry:
    """Registry keys held in a dict: ``{(hive, key): {value name: value}}``."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, Any]] = {}

    def values(self, hive: str, key: str) -> dict[str, Any]:
        return dict(self.keys.get((hive, key), {}))

    def write(self, hive: str, key: str, name: str, value: Any) -> None:
        self.keys.setdefault((hive, key), {})[name] = value


def admx_policies() -> dict[str, ET.Element]:
    root = ET.parse(ADMX).getroot()
    return {policy.find(f"{NS}elements/*[@id='value']").get("valueName"): policy
            for policy in root.iter(f"{NS}policy")}


def enable_policy(registry: MemoryRegistry, hive: str, key: str, value: Any,
                  lock: bool = False, bounds: dict[str, str] | None = None) -> None:
    """Write what the Group Policy editor writes when the ADMX policy of ``key`` is
    enabled with these element values."""
    policy = admx_policies()[key]
    elements = {element.get("id"): element for element in policy.find(f"{NS}elements")}

    def put(element: ET.Element, data: Any) -> None:
        registry.write(hive, element.get("key", policy.get("key")), element.get("valueName"),
                       data)

    element = elements["value"]
    kind = element.tag.removeprefix(NS)
    if kind == "boolean":
        put(element, 1 if value else 0)
    elif kind == "enum":
        [chosen] = [item.find(f"{NS}value/{NS}string").text for item in element
                    if item.find(f"{NS}value/{NS}string").text == value]
        put(element, chosen)
    else:
        put(element, {"decimal": int, "multiText": list, "text": str}[kind](value))
    if lock:
        put(elements["lock"], 1)
    for end, bound in (bounds or {}).items():
        put(elements[end], bound)


def from_yaml(tmp_path: Path):
    return load_text(ORG_YAML, str(tmp_path / "org.yaml"))


def from_registry(tmp_path: Path):
    registry = MemoryRegistry()
    for key, value in VALUES.items():
        enable_policy(registry, "HKLM", key, value, key in LOCKED, BOUNDS.get(key))
    for key in LOCKED:
        if key not in VALUES:
            enable_policy(registry, "HKLM", key, None, lock=True)
    [native] = read_group_policy(registry)
    return to_document(native)


def from_plist(tmp_path: Path):
    path = tmp_path / "io.github.ergo_reminders.ergo.plist"
    minimum = {key: bound["min"] for key, bound in BOUNDS.items()}
    maximum = {key: bound["max"] for key, bound in BOUNDS.items()}
    path.write_bytes(plistlib.dumps({**VALUES, "Locked": LOCKED, "Minimum": minimum,
                                     "Maximum": maximum, "PayloadType": "ignored"}))
    return to_document(read_managed_prefs(path))


@pytest.mark.parametrize("deliver", [from_yaml, from_registry, from_plist])
def test_every_delivery_gives_the_same_effective_config(tmp_path, deliver):
    user = load_text(USER_YAML, str(tmp_path / "ergo.yaml"))
    expected = assemble(from_yaml(tmp_path), user)
    loaded = assemble(deliver(tmp_path), user)
    assert loaded.settings == expected.settings
    assert loaded.data == expected.data
    assert loaded.settings.locked == expected.settings.locked
    assert {"reminders.walk.enabled", "snooze.max_per_day"} <= loaded.settings.locked
    # The bound moved the user's 2h to the organisation's maximum.
    assert loaded.settings.reminder("walk").every == timedelta(minutes=90)
    assert loaded.settings.notifications.urgency == "low"
    assert len(loaded.warnings) == len(expected.warnings) == 3


def test_group_policy_values_name_their_registry_value(tmp_path):
    loaded = assemble(from_registry(tmp_path), None)
    assert str(loaded.origins["reminders.walk.every"]) == (
        "set by Group Policy: HKLM\\Software\\Policies\\ergo\\reminders.walk.every")
    user = load_text(USER_YAML, "ergo.yaml")
    [lock_warning] = [line for line in assemble(from_registry(tmp_path), user).warnings
                      if "snooze.max_per_day" in line]
    assert "Group Policy" in lock_warning


def test_computer_policy_wins_over_user_policy():
    registry = MemoryRegistry()
    enable_policy(registry, "HKCU", "reminders.walk.every", "40m")
    enable_policy(registry, "HKCU", "snooze.max_per_day", 2)
    enable_policy(registry, "HKLM", "reminders.walk.every", "70m")
    documents = [to_document(native) for native in read_group_policy(registry)]
    loaded = assemble(combine(documents), None)
    assert loaded.settings.reminder("walk").every == timedelta(minutes=70)
    assert loaded.settings.snooze.max_per_day == 2
    assert str(loaded.origins["snooze.max_per_day"]).startswith("set by Group Policy: HKCU\\")


def test_a_wrong_registry_value_is_named_by_its_registry_path():
    registry = MemoryRegistry()
    enable_policy(registry, "HKLM", "reminders.walk.every", "20")
    registry.write("HKLM", "Software\\Policies\\ergo", "reminders.walk.evry", "20m")
    with pytest.raises(ConfigError) as raised:
        assemble(combine([to_document(n) for n in read_group_policy(registry)]), None)
    assert raised.value.problems == [
        "set by Group Policy: HKLM\\Software\\Policies\\ergo\\reminders.walk.every: "
        "reminders.walk.every: '20' is not a duration; write a number with a unit, "
        "for example 45s, 20m, 1h or 1h30m",
        "set by Group Policy: HKLM\\Software\\Policies\\ergo\\reminders.walk.evry: "
        "reminders.walk.evry: unknown key; did you mean 'every'?",
    ]


def test_an_empty_bound_from_the_template_means_no_bound():
    registry = MemoryRegistry()
    enable_policy(registry, "HKLM", "reminders.walk.every", "50m", bounds={"min": "", "max": "1h"})
    [native] = read_group_policy(registry)
    assert list(native.bounds) == [("reminders.walk.every", "max")]


def test_a_broken_managed_preferences_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "prefs.plist"
    path.write_bytes(b"not a plist")
    with pytest.raises(ConfigError) as raised:
        read_managed_prefs(path)
    assert raised.value.problems[0].startswith(f"managed preferences: {path}: cannot be read")
    assert not read_managed_prefs(tmp_path / "missing.plist")
    user = tmp_path / "ergo.yaml"
    user.write_text("{}\n")
    (tmp_path / "org.yaml").write_text(ORG_YAML)
    with pytest.raises(ConfigError) as loading:
        load_config(user, tmp_path / "org.yaml", environ={"ERGO_MANAGED_PREFERENCES": str(path)})
    assert loading.value.problems == raised.value.problems


def test_managed_preferences_are_the_last_organisation_delivery(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(ORG_YAML)
    prefs = tmp_path / "prefs.plist"
    prefs.write_bytes(plistlib.dumps({"reminders.walk.every": "60m",
                                      "Locked": ["idle.break_after"]}))
    user = tmp_path / "ergo.yaml"
    user.write_text("{}\n")
    loaded = load_config(user, org, environ={"ERGO_MANAGED_PREFERENCES": str(prefs)})
    assert loaded.settings.reminder("walk").every == timedelta(minutes=60)
    assert str(loaded.origins["reminders.walk.every"]) == (
        f"managed preferences: {prefs}: reminders.walk.every")
    assert {"idle.break_after", "snooze.max_per_day"} <= loaded.settings.locked


@pytest.mark.parametrize("prefs, loaded", [(None, False), ("prefs.plist", True)])
def test_the_plist_reader_is_loaded_only_where_managed_preferences_are(tmp_path, prefs, loaded):
    import subprocess
    import sys

    environ = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "XDG_CONFIG_DIRS": str(tmp_path / "etc")}
    if prefs:
        (tmp_path / prefs).write_bytes(plistlib.dumps({"language": "nl"}))
        environ["ERGO_MANAGED_PREFERENCES"] = str(tmp_path / prefs)
    script = ("import sys; from ergo.config import load_config; "
              f"settings = load_config(environ={environ!r}).settings; "
              "print(settings.language, 'plistlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=True, cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.split() == ["nl" if prefs else "en", str(loaded)]


def test_a_lock_warning_names_the_registry_value_that_locked_the_key():
    registry = MemoryRegistry()
    enable_policy(registry, "HKCU", "snooze.max_per_day", 2, lock=True)
    enable_policy(registry, "HKLM", "reminders.walk.every", "50m", lock=True,
                  bounds={"max": "90m"})
    enable_policy(registry, "HKLM", "snooze.max_per_reminder", 3, bounds={"max": "3"})
    documents = [to_document(native) for native in read_group_policy(registry)]
    user = load_text("snooze: {max_per_day: 9, max_per_reminder: 5}\n"
                     "reminders:\n  walk: {every: 2h}\n", "ergo.yaml")
    loaded = assemble(combine(documents), user)
    locked = "set by Group Policy: {}\\Software\\Policies\\ergo\\Locked\\{}"
    assert loaded.warnings == [
        "ergo.yaml:1:10: snooze.max_per_day: your value 9 is locked by the organisation "
        f"({locked.format('HKCU', 'snooze.max_per_day')}); using 2",
        "ergo.yaml:3:10: reminders.walk.every: your value 2h is locked by the organisation "
        f"({locked.format('HKLM', 'reminders.walk.every')}); using 50m",
        "ergo.yaml:1:26: snooze.max_per_reminder: your value 5 is beyond the maximum 3 set by "
        "the organisation (set by Group Policy: HKLM\\Software\\Policies\\ergo\\Maximum\\"
        "snooze.max_per_reminder); using 3",
    ]
    assert str(loaded.locks["snooze.max_per_day"]) == locked.format("HKCU", "snooze.max_per_day")


def test_windows_delivers_user_then_computer_policy_then_the_managed_preferences(tmp_path):
    registry = MemoryRegistry()
    enable_policy(registry, "HKCU", "reminders.walk.every", "40m")
    enable_policy(registry, "HKLM", "reminders.walk.every", "70m", lock=True)
    prefs = tmp_path / "prefs.plist"
    prefs.write_bytes(plistlib.dumps({"snooze.max_per_day": 2}))
    environ = {"ERGO_MANAGED_PREFERENCES": str(prefs)}
    documents = native_documents(environ, "win32", registry)
    assert [document.source for document in documents] == [
        "Group Policy (HKCU\\Software\\Policies\\ergo)",
        "Group Policy (HKLM\\Software\\Policies\\ergo)", f"managed preferences: {prefs}"]
    loaded = assemble(combine(documents), None)
    assert loaded.settings.reminder("walk").every == timedelta(minutes=70)
    assert loaded.settings.snooze.max_per_day == 2
    assert "reminders.walk.every" in loaded.settings.locked
    # Elsewhere the registry is not Group Policy's to read.
    assert [document.source for document in native_documents(environ, "linux", registry)] == [
        f"managed preferences: {prefs}"]
