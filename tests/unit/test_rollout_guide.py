"""The rollout guide's commands and examples are real: the ergo commands parse, the YAML
examples load, and the Ansible playbook passes ansible-playbook's syntax check."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ergo.cli import build_parser

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "rollout.md"


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(), re.S)


def autostart_commands() -> list[list[str]]:
    found = re.findall(r'ergo(?:\.exe"?)? (autostart [^`\n#]*)', GUIDE.read_text())
    return [shlex.split(command.replace("[", "").replace("]", "")) for command in found]


def test_the_guide_shows_every_autostart_action():
    actions = {command[1] for command in autostart_commands()}
    assert actions == {"enable", "disable", "status"}


@pytest.mark.parametrize("argv", autostart_commands(), ids=" ".join)
def test_every_autostart_command_in_the_guide_parses(argv):
    args = build_parser().parse_args(argv)
    assert args.command == "autostart"


def test_the_organisation_example_loads_and_has_locks_and_bounds():
    [example] = [block for block in code_blocks("yaml") if block.startswith("# org.yaml")]
    content = yaml.safe_load(example)
    assert content["policy"]["locked"] and content["policy"]["bounds"]


def test_the_organisation_example_passes_ergo_config_check(tmp_path):
    config = pytest.importorskip("ergo.config", reason="needs ergo's config package")
    [example] = [block for block in code_blocks("yaml") if block.startswith("# org.yaml")]
    path = tmp_path / "org.yaml"
    path.write_text(example)
    config.check_file(path, as_org=True)


def playbook() -> str:
    [block] = [block for block in code_blocks("yaml") if block.startswith("# ergo.yml")]
    return block


def test_the_ansible_playbook_is_valid_yaml_that_enables_autostart_for_every_user():
    [play] = yaml.safe_load(playbook())
    commands = [task["ansible.builtin.command"] for task in play["tasks"]
                if "ansible.builtin.command" in task]
    assert commands == ["/opt/ergo/bin/ergo autostart enable --system"]


def test_the_debian_playbook_installs_the_package_with_apt_and_enables_autostart():
    [block] = [block for block in code_blocks("yaml") if block.startswith("# ergo-deb.yml")]
    [play] = yaml.safe_load(block)
    apt = [task["ansible.builtin.apt"] for task in play["tasks"] if "ansible.builtin.apt" in task]
    assert apt == [{"deb": "/var/cache/ergo-reminders_0.1.0_all.deb"}]
    commands = [task["ansible.builtin.command"] for task in play["tasks"]
                if "ansible.builtin.command" in task]
    assert commands == ["ergo autostart enable --system"]
    assert build_parser().parse_args(commands[0].split()[1:]).system


def test_the_guide_names_the_wheel_and_deb_ergo_builds():
    from ergo import __version__

    text = GUIDE.read_text()
    assert f"ergo_reminders-{__version__}-py3-none-any.whl" in text
    assert f"ergo-reminders_{__version__}_all.deb" in text
    assert "--no-index --find-links" in text


@pytest.mark.skipif(shutil.which("ansible-playbook") is None,
                    reason="needs ansible-playbook (Debian: ansible-core)")
def test_the_ansible_playbook_passes_the_syntax_check(tmp_path):
    (tmp_path / "ergo.yml").write_text(playbook())
    (tmp_path / "inventory").write_text("[desktops]\nlocalhost ansible_connection=local\n")
    result = subprocess.run(["ansible-playbook", "-i", "inventory", "--syntax-check", "ergo.yml"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
