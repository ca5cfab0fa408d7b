"""Output for configuration management: ``--json`` on ``ergo autostart`` and ``ergo config
check`` is English whatever the interface language, and the exit codes say changed,
unchanged or error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.homes import fresh_home_env

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["C.UTF-8", "nl_NL.UTF-8"]


def ergo(tmp_path: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**fresh_home_env(tmp_path), "LANG": lang,
           "LANGUAGE": lang.partition("_")[0].partition(".")[0]}
    return subprocess.run([sys.executable, "-m", "ergo", *args], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)


def enable(tmp_path: Path, lang: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return ergo(tmp_path, lang, "autostart", "enable", "--system", "--root", "root", *extra)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_autostart_json_says_changed_then_unchanged_in_english(tmp_path, lang):
    first = enable(tmp_path, lang, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["action"] == "enable" and report["changed"] is True
    entry = str(tmp_path / "root/etc/xdg/autostart/ergo.desktop")
    assert {"action": "wrote", "path": entry, "message": f"wrote {entry}"} in report["steps"]
    second = json.loads(enable(tmp_path, lang, "--json").stdout)
    assert second["changed"] is False
    assert {step["action"] for step in second["steps"]} == {"unchanged"}
    shown = enable(tmp_path, lang).stdout
    assert ("ongewijzigd" if lang.startswith("nl") else "unchanged") in shown


def test_the_exit_code_says_changed_unchanged_and_error(tmp_path):
    assert enable(tmp_path, "C.UTF-8", "--detailed-exitcodes").returncode == 3
    assert enable(tmp_path, "C.UTF-8", "--detailed-exitcodes").returncode == 0
    # Without the option a change still exits 0, as scripts written before it expect.
    (tmp_path / "root/etc/xdg/autostart/ergo.desktop").unlink()
    assert enable(tmp_path, "C.UTF-8").returncode == 0
    wrong = ergo(tmp_path, "C.UTF-8", "autostart", "enable", "--root", "root",
                 "--detailed-exitcodes")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr


def test_a_changed_icon_alone_counts_as_a_change(tmp_path):
    enable(tmp_path, "nl_NL.UTF-8")
    icon = next((tmp_path / "root/usr/share/icons/hicolor").rglob("ergo.png"))
    icon.write_bytes(b"old")
    result = enable(tmp_path, "nl_NL.UTF-8", "--json", "--detailed-exitcodes")
    assert result.returncode == 3
    [icons] = [step for step in json.loads(result.stdout)["steps"] if step["path"].endswith(
        "hicolor")]
    assert icons["action"] == "wrote"
    assert icons["message"].endswith("1 written, 9 unchanged")


def test_disable_json_lists_what_was_removed(tmp_path):
    enable(tmp_path, "C.UTF-8")
    result = ergo(tmp_path, "nl_NL.UTF-8", "autostart", "disable", "--system", "--root", "root",
                  "--json", "--detailed-exitcodes")
    assert result.returncode == 3
    actions = {step["action"] for step in json.loads(result.stdout)["steps"]}
    assert actions == {"removed"}


def test_autostart_status_json_describes_each_entry(tmp_path):
    enable(tmp_path, "C.UTF-8")
    result = ergo(tmp_path, "nl_NL.UTF-8", "autostart", "status", "--system", "--root", "root",
                  "--json")
    assert result.returncode == 0
    entries = {entry["what"]: entry for entry in json.loads(result.stdout)["entries"]}
    assert entries["XDG autostart entry"]["enabled"] is True
    assert entries["XDG autostart entry"]["this_installation"] is True
    assert entries["systemd user unit"]["exists"] is False


@pytest.mark.parametrize("lang", LANGUAGES)
def test_config_check_json_lists_problems_with_file_and_line(tmp_path, lang):
    bad = tmp_path / "org.yaml"
    bad.write_text("reminders:\n  walk: {every: 20}\n")
    result = ergo(tmp_path, lang, "config", "check", "--org", "--json", str(bad))
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["files"] == []
    [found] = report["problems"]
    assert (found["file"], found["line"], found["column"]) == (str(bad), 2, 10)
    assert "20 has no unit" in found["text"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_config_check_json_of_a_valid_file(tmp_path, lang):
    good = ROOT / "config" / "org-example.yaml"
    result = ergo(tmp_path, lang, "config", "check", "--org", "--json", str(good))
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == {"ok": True, "files": [str(good)], "warnings": [],
                                         "problems": []}
