"""``ergo config show --origin`` names the delivery behind each organisation value: the
file and line of the organisation file or a drop-in, or the managed preferences key."""

from __future__ import annotations

import json
import os
import plistlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_show_origin_names_the_file_line_or_preference_behind_each_value(tmp_path):
    etc = tmp_path / "etc" / "ergo"
    (etc / "org.d").mkdir(parents=True)
    (etc / "org.yaml").write_text("snooze:\n  max_per_day: 4\n")
    (etc / "org.d" / "10-hr.yaml").write_text("idle:\n  break_after: 2m\n")
    prefs = tmp_path / "prefs.plist"
    prefs.write_bytes(plistlib.dumps({"reminders.walk.every": "50m",
                                      "Locked": ["reminders.walk.every"]}))
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ERGO_")},
           "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
           "XDG_CONFIG_DIRS": str(tmp_path / "etc"), "ERGO_MANAGED_PREFERENCES": str(prefs)}
    result = subprocess.run([sys.executable, "-m", "ergo", "config", "show", "--origin", "--json"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["snooze.max_per_day"]["origin"] == f"{etc / 'org.yaml'}:2:3"
    assert shown["idle.break_after"]["origin"] == f"{etc / 'org.d' / '10-hr.yaml'}:2:3"
    assert shown["reminders.walk.every"] == {
        "value": "50m", "origin": f"managed preferences: {prefs}: reminders.walk.every",
        "layer": "organisation", "locked": True,
        "locked_by": f"managed preferences: {prefs}: Locked"}
    assert (shown["snooze.max_per_day"]["locked"], shown["snooze.max_per_day"]["locked_by"]) == (
        False, None)
    text = subprocess.run([sys.executable, "-m", "ergo", "config", "show", "--origin"],
                          env=env, capture_output=True, text=True, timeout=60).stdout
    assert f"reminders.walk.every: 50m  # managed preferences: {prefs}: " \
           f"reminders.walk.every (organisation, locked: managed preferences: {prefs}: Locked)" \
           in text


def test_paths_lists_the_drop_ins_and_the_managed_preferences(tmp_path):
    etc = tmp_path / "etc" / "ergo"
    (etc / "org.d").mkdir(parents=True)
    (etc / "org.d" / "20-it.yaml").write_text("{}\n")
    (etc / "org.d" / "10-hr.yaml").write_text("{}\n")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ERGO_")},
           "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "XDG_CONFIG_DIRS": str(tmp_path / "etc"),
           "ERGO_MANAGED_PREFERENCES": str(tmp_path / "prefs.plist")}
    lines = subprocess.run([sys.executable, "-m", "ergo", "config", "paths"], env=env,
                           capture_output=True, text=True, timeout=60).stdout.splitlines()
    layers = [line.split()[0] for line in lines]
    assert layers == ["built-in", "built-in", "organisation", "drop-in", "drop-in", "managed",
                      "user"]
    assert lines[3].endswith("10-hr.yaml") and lines[4].endswith("20-it.yaml")
    assert lines[5] == f"managed       {tmp_path / 'prefs.plist'}  (not present, skipped)"
