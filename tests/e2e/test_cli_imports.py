"""A command's process loads that command's module only; help and typos still see all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.homes import fresh_home_env

# Runs ergo's CLI in-process, then prints the command modules it loaded.
PROBE = ("import sys\n"
         "from ergo.cli import main\n"
         "try:\n"
         "    main(sys.argv[1:])\n"
         "except SystemExit:\n"
         "    pass\n"
         "print(' '.join(sorted(m for m in sys.modules if m.startswith('ergo.commands.'))),"
         " file=sys.stderr)\n")


def loaded(tmp_path: Path, *args: str) -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=fresh_home_env(tmp_path),
                          capture_output=True, text=True, timeout=60, check=False)
    *output, modules = done.stderr.rstrip("\n").split("\n")
    return modules.split(), done.stdout + "\n".join(output)


def test_the_daemon_loads_the_run_command_alone(tmp_path):
    modules, output = loaded(tmp_path, "run", "--help")
    # run's parser shares its --config options with the config command's module.
    assert modules == ["ergo.commands.config", "ergo.commands.run"]
    assert "usage: ergo run" in output and "--no-tray" in output


def test_the_overall_help_and_a_mistyped_command_still_know_every_command(tmp_path):
    modules, output = loaded(tmp_path, "--help")
    assert "ergo.commands.doctor" in modules and "ergo.commands.stats" in modules
    assert "doctor" in output and "snooze" in output
    modules, output = loaded(tmp_path, "snoze", "5m")
    assert "did you mean 'snooze'?" in output
    assert "ergo.commands.doctor" in modules
