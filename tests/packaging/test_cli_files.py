"""The man page and shell completions that tools/cli_files.py generates from ergo's parser
describe the real commands, and complete reminder and routine ids from the config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import require
from tests.tool_modules import load_tool

# One worker runs these, so the files are generated once.
pytestmark = [pytest.mark.packaging, pytest.mark.xdist_group("cli-files")]

ROOT = Path(__file__).resolve().parents[2]
BIN = str(Path(sys.executable).parent)
#: Where tools/cli_files.py puts each file below its output folder (as below a prefix).
INSTALLED = load_tool("cli_files").INSTALLED


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The files as a packager in a Dutch locale writes them: they are English all the same."""
    out = tmp_path_factory.mktemp("cli-files")
    subprocess.run([sys.executable, str(ROOT / "tools" / "cli_files.py"), str(out)],
                   check=True, timeout=120,
                   env={**os.environ, "LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"})
    return out


@pytest.fixture
def user(tmp_path) -> dict[str, str]:
    """A user whose own file adds a reminder, with this Python's ``ergo`` on PATH."""
    config = tmp_path / "config" / "ergo" / "ergo.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("reminders:\n  neck-roll:\n    every: 40m\n    title: Neck\n"
                      "    message: Roll your neck.\n", encoding="utf-8")
    return {"PATH": f"{BIN}:{os.defpath}", "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(tmp_path / "config")}


def shell(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_man_page_names_ergo_and_documents_every_command(generated):
    require("man")
    page = shell(["man", "--no-hyphenation", "-l", str(generated / INSTALLED["man"])],
                 {"PATH": os.defpath, "MANWIDTH": "200", "LANG": "C.UTF-8"})
    assert "ergo - posture and movement reminders with guided lumbar stretches" in page
    from ergo.cli import COMMANDS

    for command in COMMANDS:
        assert f"ergo {command}" in page, command
    assert "--org-config" in page
    assert "hold reminders back for a while" in page and "FILE" in page


def test_bash_completes_commands_and_the_configured_reminder_ids(generated, user):
    script = (f"source {generated / INSTALLED['bash']}; complete_at() {{ COMP_WORDS=(\"$@\"); "
              "COMP_CWORD=$(($# - 1)); _shtab_ergo; echo \"${COMPREPLY[*]}\"; }; "
              "complete_at ergo trigger ''; complete_at ergo routine ''; complete_at ergo co")
    reminders, routines, commands = shell(["bash", "-c", script], user).splitlines()
    assert reminders.split() == ["sit-upright", "feet-flat", "change-position", "walk",
                                 "neck-roll"]
    assert routines.split() == ["lumbar-short", "lumbar-micro"]
    assert commands.split() == ["config"]


def test_fish_completes_commands_options_and_reminder_ids(generated, user):
    require("fish")
    script = (f"source {generated / INSTALLED['fish']}; complete -C 'ergo trigger '; echo ==; "
              "complete -C 'ergo config check --o'; echo ==; complete -C 'ergo sno'")
    ids, options, commands = (part.split("\n") for part in shell(
        ["fish", "--no-config", "-c", script], user).strip().split("\n==\n"))
    # fish sorts what it offers.
    assert [line.split("\t")[0] for line in ids] == [
        "change-position", "feet-flat", "neck-roll", "sit-upright", "walk"]
    assert {line.split("\t")[0] for line in options} == {"--org", "--org-config"}
    assert commands[0].startswith("snooze\thold reminders back")


def test_the_zsh_completion_parses_and_wires_the_id_functions(generated):
    require("zsh")
    text = (generated / INSTALLED["zsh"]).read_text(encoding="utf-8")
    assert text.startswith("#compdef ergo")
    assert ":_ergo_reminder_ids" in text and ":_ergo_routine_ids" in text
    subprocess.run(["zsh", "-n", str(generated / INSTALLED["zsh"])], check=True, timeout=60)

