"""The rollout guide's commands and examples are real: the ergo commands parse, the YAML
examples load, and the Ansible playbook runs as written against a throwaway root: the
first run changes the machine, the second changes nothing, in English and in Dutch."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
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
    [command] = [task["ansible.builtin.command"]["argv"] for task in play["tasks"]
                 if "ansible.builtin.command" in task]
    assert command[:4] == ["{{ ergo_venv }}/bin/ergo", "autostart", "enable", "--system"]
    args = build_parser().parse_args([*command[1:-1], "/"])
    assert args.json and args.system


def test_the_debian_playbook_installs_the_package_with_apt_and_enables_autostart():
    [block] = [block for block in code_blocks("yaml") if block.startswith("# ergo-deb.yml")]
    [play] = yaml.safe_load(block)
    apt = [task["ansible.builtin.apt"] for task in play["tasks"] if "ansible.builtin.apt" in task]
    assert apt == [{"deb": "/var/cache/ergo-reminders_0.1.0_all.deb"}]
    commands = [task["ansible.builtin.command"] for task in play["tasks"]
                if "ansible.builtin.command" in task]
    assert commands == ["ergo autostart enable --system --json"]
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


ANSIBLE = shutil.which("ansible-playbook")
ERGO = Path(sys.executable).with_name("ergo")


@pytest.fixture(scope="module")
def dutch_locale(tmp_path_factory):
    """A Dutch UTF-8 locale compiled into a private folder, for ``LOCPATH``: Ansible
    refuses to start under a ``LANG`` the machine has no locale for."""
    folder = tmp_path_factory.mktemp("locales")
    result = subprocess.run(["localedef", "-i", "nl_NL", "-f", "UTF-8",
                             str(folder / "nl_NL.UTF-8")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return folder


def run_playbook(folder: Path, root: Path, environ: dict[str, str]) -> dict:
    result = subprocess.run(
        ["ansible-playbook", "-i", "inventory", "--connection=local", "--skip-tags", "install",
         "-e", f"ergo_venv={ERGO.parent.parent}", "-e", f"ergo_root={root}",
         "-e", f"ansible_python_interpreter={sys.executable}", "ergo.yml"],
        cwd=folder, capture_output=True, text=True, timeout=300,
        env={**os.environ, **environ, "ANSIBLE_NOCOLOR": "1"})
    recap = re.search(r"^localhost\s*:(.*)$", result.stdout, re.M)
    assert recap is not None, result.stdout + result.stderr
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", recap[1])}


@pytest.mark.skipif(ANSIBLE is None, reason="needs ansible-playbook (Debian: ansible-core)")
@pytest.mark.skipif(not ERGO.exists(), reason="needs ergo installed beside this Python")
@pytest.mark.parametrize("lang", ["C.UTF-8", "nl_NL.UTF-8"])
def test_the_ansible_playbook_changes_the_machine_once(tmp_path, dutch_locale, lang):
    (tmp_path / "ergo.yml").write_text(playbook())
    (tmp_path / "inventory").write_text("[desktops]\nlocalhost\n")
    example = GUIDE.parents[1] / "config" / "org-example.yaml"
    shutil.copy(example, tmp_path / "org.yaml")
    root = tmp_path / "root"
    environ = {"LANG": lang, "LOCPATH": str(dutch_locale), "HOME": str(tmp_path)}
    first = run_playbook(tmp_path, root, environ)
    assert (first["failed"], first["changed"]) == (0, 3)
    assert (root / "etc/xdg/ergo/org.yaml").read_bytes() == example.read_bytes()
    assert (root / "etc/xdg/autostart/ergo.desktop").is_file()
    second = run_playbook(tmp_path, root, environ)
    assert (second["failed"], second["changed"]) == (0, 0)
    # A changed icon is a change too, whatever the language.
    next((root / "usr/share/icons/hicolor").rglob("ergo.png")).write_bytes(b"old")
    assert run_playbook(tmp_path, root, environ)["changed"] == 1


@pytest.mark.skipif(ANSIBLE is None, reason="needs ansible-playbook (Debian: ansible-core)")
@pytest.mark.skipif(not ERGO.exists(), reason="needs ergo installed beside this Python")
def test_the_ansible_playbook_never_ships_a_broken_organisation_file(tmp_path):
    (tmp_path / "ergo.yml").write_text(playbook())
    (tmp_path / "inventory").write_text("[desktops]\nlocalhost\n")
    (tmp_path / "org.yaml").write_text("reminders:\n  walk: {every: 20}\n")
    root = tmp_path / "root"
    stats = run_playbook(tmp_path, root, {"HOME": str(tmp_path)})
    assert stats["failed"] == 1
    assert not (root / "etc/xdg/ergo/org.yaml").exists()
