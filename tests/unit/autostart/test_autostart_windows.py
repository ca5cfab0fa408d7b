"""The Windows Run value: its command line, quoting and status, through an in-memory key
(winreg exists only on Windows)."""

from __future__ import annotations

import pytest

from ergo.autostart import windows
from ergo.autostart.common import describe


class MemoryRunKey:
    """A Run key held in memory, with what Task Manager may have recorded about it."""

    location = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run\ergo"

    def __init__(self, approval: bytes | None = None) -> None:
        self.value: str | None = None
        self._approval = approval

    def get(self) -> str | None:
        return self.value

    def set(self, command_line: str) -> None:
        self.value = command_line

    def delete(self) -> None:
        self.value = None

    def approval(self) -> bytes | None:
        return self._approval


def test_the_program_is_always_quoted_and_arguments_follow_the_c_runtime_rules():
    assert windows.command_line((r"C:\Program Files\Python311\pythonw.exe", "-m", "ergo",
                                 "run")) == r'"C:\Program Files\Python311\pythonw.exe" -m ergo run'
    assert windows.command_line((r"C:\ergo\ergo.exe", "run")) == r'"C:\ergo\ergo.exe" run'
    assert windows.command_line((r"C:\e\ergo.exe", "a b", 'say "x"', "tail\\")) == \
        r'"C:\e\ergo.exe" "a b" "say \"x\"" tail' + "\\"


@pytest.mark.parametrize("command", [
    (r"C:\Program Files\ergo\ergo.exe", "run"),
    (r"C:\Users\Ann Lee\venv\Scripts\pythonw.exe", "-m", "ergo", "run"),
    (r"C:\e\ergo.exe", "--config", r"C:\My Files\ergo.yaml", "run"),
    (r"C:\e\ergo.exe", 'say "x"', "back\\slash\\", "two words\\"),
])
def test_split_command_line_reads_back_what_command_line_wrote(command):
    assert windows.split_command_line(windows.command_line(command)) == command


def test_split_command_line_reads_an_unquoted_program():
    assert windows.split_command_line(r"C:\ergo\ergo.exe run") == (r"C:\ergo\ergo.exe", "run")


def test_windowless_prefers_pythonw_beside_the_console_script(tmp_path):
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert windows.windowless((str(scripts / "ergo.exe"), "run")) == (
        str(tmp_path / "pythonw.exe"), "-m", "ergo", "run")
    (scripts / "pythonw.exe").write_bytes(b"")
    assert windows.windowless((str(scripts / "ergo.exe"), "run"))[0] == str(
        scripts / "pythonw.exe")


def test_windowless_keeps_the_command_without_pythonw(tmp_path):
    command = (str(tmp_path / "ergo.exe"), "run")
    assert windows.windowless(command) == command


def test_enable_sets_the_value_once_and_disable_deletes_it():
    key = MemoryRunKey()
    command = (r"C:\No Such Dir\ergo.exe", "run")
    assert windows.enable(key, command) == [
        rf'set {key.location} to "C:\No Such Dir\ergo.exe" run']
    assert windows.enable(key, command) == [f"unchanged {key.location}"]
    [entry] = windows.status(key)
    assert entry.enabled and entry.command == command
    assert windows.disable(key) == [f"deleted {key.location}"]
    assert key.value is None
    assert windows.disable(key) == [f"no {key.location} value"]
    assert not windows.status(key)[0].exists


@pytest.mark.parametrize(("approval", "enabled"), [
    (None, True), (bytes([2]) + bytes(11), True), (bytes([3]) + bytes(11), False),
    (bytes([7]) + bytes(11), False), (bytes([6]) + bytes(11), True)])
def test_status_honours_task_managers_startup_switch(approval, enabled):
    key = MemoryRunKey(approval)
    windows.enable(key, (r"C:\e\ergo.exe", "run"))
    [entry] = windows.status(key)
    assert entry.enabled is enabled
    assert (entry.notes == ("turned off in Task Manager's Startup tab",)) is not enabled


def test_status_of_a_value_pointing_at_a_missing_program_says_it_is_broken():
    key = MemoryRunKey()
    key.set(r'"C:\Old\ergo.exe" run')
    lines = describe(windows.status(key)[0], (r"C:\New\ergo.exe", "run"), {})
    assert r"  starts C:\Old\ergo.exe run, which is not this installation (C:\New\ergo.exe run)" \
        in lines
    assert any(line.startswith(r"  broken: its program C:\Old\ergo.exe") for line in lines)
