"""``python -m ergo config ...`` as a user runs it: output, exit codes, env vars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose default config dirs are empty folders under tmp_path."""
    environ = {key: value for key, value in os.environ.items()
               if key not in ("ERGO_CONFIG", "ERGO_ORG_CONFIG")}
    environ.update(
        PYTHONPATH=str(ROOT),
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        XDG_CONFIG_DIRS=str(tmp_path / "etc"),
    )
    return environ


def ergo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ergo", *args], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_check_passes_on_the_built_in_defaults(env):
    result = ergo(env, "config", "check")
    assert (result.returncode, result.stdout) == (0, "ok: built-in defaults only\n")


def test_check_reports_every_problem_with_file_and_line_and_exits_2(env, tmp_path):
    path = write(tmp_path / "ergo.yaml", "languag: nl\nreminders:\n  walk:\n    every: 20\n")
    result = ergo(env, "config", "check", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{path}:1:1: languag: unknown key; did you mean 'language'?",
        f"{path}:4:5: reminders.walk.every: 20 has no unit; write for example 20m or 20s "
        "(durations need s, m or h)",
        "2 problems found",
    ]


def test_check_accepts_the_example_organisation_file_only_as_an_organisation_file(env):
    example = str(ROOT / "config" / "org-example.yaml")
    assert ergo(env, "config", "check", "--org", example).stdout == f"{example}: ok\n"
    as_user = ergo(env, "config", "check", example)
    assert as_user.returncode == 2
    assert "policy: is only honoured in the organisation file" in as_user.stderr


def test_a_missing_file_named_by_the_environment_is_an_error(env, tmp_path):
    env["ERGO_CONFIG"] = str(tmp_path / "typo.yaml")
    result = ergo(env, "config", "show")
    assert result.returncode == 2
    assert result.stderr == (
        f"ergo: {tmp_path / 'typo.yaml'}: no such file (the user file named by ERGO_CONFIG); "
        "check the path given by ERGO_CONFIG\n")


def test_default_files_are_found_in_the_platform_config_dirs(env, tmp_path):
    write(tmp_path / "etc" / "ergo" / "org.yaml", "language: nl\n")
    write(tmp_path / "home" / ".config" / "ergo" / "ergo.yaml", "snooze: {max_per_day: 2}\n")
    result = ergo(env, "config", "show", "--json")
    data = json.loads(result.stdout)
    assert (data["language"], data["snooze"]["max_per_day"]) == ("nl", 2)


def test_the_config_option_wins_over_the_environment(env, tmp_path):
    env["ERGO_CONFIG"] = str(write(tmp_path / "env.yaml", "language: nl\n"))
    option = write(tmp_path / "option.yaml", "language: en\n")
    result = ergo(env, "config", "show", "--json", "--config", str(option))
    assert json.loads(result.stdout)["language"] == "en"


def test_show_origin_marks_locked_keys_and_warns_about_the_overruled_user_value(env, tmp_path):
    org = write(tmp_path / "org.yaml", "policy:\n  locked: [reminders.walk.every, snooze]\n")
    user = write(tmp_path / "ergo.yaml", "reminders:\n  walk:\n    every: 2h\n")
    result = ergo(env, "config", "show", "--origin", "--config", str(user),
                  "--org-config", str(org))
    assert result.returncode == 0
    assert result.stderr == (
        f"warning: {user}:3:5: reminders.walk.every: your value 2h is locked by the "
        f"organisation file {org}:2:12; using 60m\n")
    assert "reminders.walk.every: 60m  # built-in defaults.yaml:" in result.stdout
    assert f"(built-in, locked: {org}:2:12)" in result.stdout
    # Locking a section locks every key below it, named by the section's entry.
    [line] = [line for line in result.stdout.splitlines() if line.startswith("snooze.max_per_day")]
    assert line.endswith(f"(built-in, locked: {org}:2:34)")
    assert "(built-in)" in next(line for line in result.stdout.splitlines()
                                if line.startswith("reminders.walk.enabled"))


def test_show_prints_yaml_that_loads_back_as_a_valid_config(env, tmp_path):
    shown = ergo(env, "config", "show").stdout
    path = write(tmp_path / "shown.yaml", shown)
    assert ergo(env, "config", "check", str(path)).returncode == 0


def test_show_set_overrides_one_key(env):
    result = ergo(env, "config", "show", "--json", "--set", "reminders.walk.every=45m")
    assert json.loads(result.stdout)["reminders"]["walk"]["every"] == "45m"


def test_paths_lists_each_layer_and_whether_it_exists(env, tmp_path):
    write(tmp_path / "etc" / "ergo" / "org.yaml", "")
    lines = ergo(env, "config", "paths").stdout.splitlines()
    assert lines[2] == f"organisation  {tmp_path / 'etc' / 'ergo' / 'org.yaml'}  (exists)"
    assert lines[-1] == (f"user          {tmp_path / 'home' / '.config' / 'ergo' / 'ergo.yaml'}"
                        "  (not present, skipped)")


def test_init_writes_a_commented_user_file_once(env, tmp_path):
    target = tmp_path / "home" / ".config" / "ergo" / "ergo.yaml"
    first = ergo(env, "config", "init")
    assert (first.returncode, first.stdout) == (0, f"wrote {target}\n")
    schema = ROOT / "ergo" / "config" / "user.schema.json"
    first_line, second_line = target.read_text().splitlines()[:2]
    assert first_line == f"# yaml-language-server: $schema={schema.as_uri()}"
    assert second_line == "## Your ergo settings."
    assert ergo(env, "config", "check").returncode == 0
    target.write_text("snooze: {max_per_day: 3}\n")
    second = ergo(env, "config", "init")
    assert second.returncode == 1
    assert "already exists; ergo does not overwrite it" in second.stderr
    assert target.read_text() == "snooze: {max_per_day: 3}\n"


def test_the_schema_command_prints_the_shipped_schemas(env):
    package = ROOT / "ergo" / "config"
    assert ergo(env, "config", "schema").stdout == (
        package / "user.schema.json").read_text(encoding="utf-8")
    assert ergo(env, "config", "schema", "--org").stdout == (
        package / "org.schema.json").read_text(encoding="utf-8")


def test_the_schema_path_is_a_modeline_naming_the_installed_file(env):
    for options, name in (((), "user.schema.json"), (("--org",), "org.schema.json")):
        line = ergo(env, "config", "schema", "--path", *options).stdout
        prefix = "# yaml-language-server: $schema=file://"
        assert line.startswith(prefix) and line.endswith(f"/{name}\n")
        assert Path(line.removeprefix(prefix).strip()).is_file()


def test_a_usage_error_exits_2(env):
    assert ergo(env, "config", "frobnicate").returncode == 2


def test_binary_junk_is_reported_without_a_traceback(env, tmp_path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(os.urandom(64) + b"\x00")
    result = ergo(env, "config", "check", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "binary file" in result.stderr or "not UTF-8" in result.stderr


def test_the_cli_does_not_import_yaml_for_help(env):
    code = ("import sys; from ergo.cli import build_parser; build_parser(); "
            "print('yaml' in sys.modules, 'platformdirs' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert result.stdout == "False False\n"


def test_output_cut_short_by_the_reader_ends_without_a_traceback():
    shell = f"PYTHONPATH={ROOT} {sys.executable} -m ergo config show --origin | head -n 1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
