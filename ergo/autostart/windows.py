"""Windows: the ``ergo`` value of the ``Run`` key, per user (HKCU) or for everyone (HKLM).

The registry is reached through a RunKey; only :class:`RegistryRunKey` touches winreg, so
everything else (the command line, its quoting, status) is tested on any platform.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Protocol

from ergo.autostart.command_words import split_words
from ergo.autostart.common import RUN_VALUE, Done, EntryStatus
from ergo.i18n import _

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
# Where Task Manager's Startup tab records that the user switched an entry off.
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
VALUE_NAME = "ergo"


class RunKey(Protocol):
    """The ``Run`` key of one hive: read, write and delete the ``ergo`` value."""

    location: str

    def get(self) -> str | None: ...
    def set(self, command_line: str) -> None: ...
    def delete(self) -> None: ...
    def approval(self) -> bytes | None:
        """Return Task Manager's StartupApproved record of the value, if any."""


class RegistryRunKey:
    """The real ``Run`` key (HKLM for every user, else HKCU) through winreg."""

    def __init__(self, system: bool) -> None:
        import winreg

        self._winreg = winreg
        self._hive = winreg.HKEY_LOCAL_MACHINE if system else winreg.HKEY_CURRENT_USER
        self.location = f"{'HKLM' if system else 'HKCU'}\\{RUN_KEY}\\{VALUE_NAME}"

    def get(self) -> str | None:
        try:
            with self._winreg.OpenKey(self._hive, RUN_KEY) as key:
                value, _kind = self._winreg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, command_line: str) -> None:
        with self._winreg.CreateKeyEx(self._hive, RUN_KEY, 0, self._winreg.KEY_SET_VALUE) as key:
            self._winreg.SetValueEx(key, VALUE_NAME, 0, self._winreg.REG_SZ, command_line)

    def delete(self) -> None:
        with self._winreg.OpenKey(self._hive, RUN_KEY, 0, self._winreg.KEY_SET_VALUE) as key:
            self._winreg.DeleteValue(key, VALUE_NAME)

    def approval(self) -> bytes | None:
        try:
            with self._winreg.OpenKey(self._hive, APPROVED_KEY) as key:
                value, _kind = self._winreg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return bytes(value)


def windowless(command: tuple[str, ...]) -> tuple[str, ...]:
    """Given the command that starts ergo, return one that opens no console window at
    login: ``pythonw.exe -m ergo run`` when pythonw.exe sits beside the interpreter that
    ``ergo.exe`` or ``python.exe`` belongs to, else the command unchanged."""
    program = Path(command[0])
    for folder in (program.parent, program.parent.parent):
        pythonw = folder / "pythonw.exe"
        if pythonw.is_file():
            return (str(pythonw), "-m", "ergo", "run")
    return command


def command_line(command: tuple[str, ...]) -> str:
    """Given a command, return the Run value: the program always in double quotes (it may
    hold spaces, never a quote), the arguments quoted by the C runtime's rules."""
    rest = subprocess.list2cmdline(command[1:])
    return f'"{command[0]}"' + (f" {rest}" if rest else "")


def split_command_line(value: str) -> tuple[str, ...]:
    """Given a Run value, return its command line, parsed as CommandLineToArgvW does:
    the program up to its closing quote (or the first blank), then arguments where 2n
    backslashes before a quote stand for n, and 2n+1 for n and a literal quote."""
    value = value.strip()
    if value.startswith('"'):
        end = value.find('"', 1)
        end = len(value) if end < 0 else end
        program, i = value[1:end], end + 1
    else:
        end = next((k for k, c in enumerate(value) if c in " \t"), len(value))
        program, i = value[:end], end
    return (program, *split_words(value, _backslashes, start=i))


def _backslashes(value: str, i: int, quoted: bool) -> tuple[str, int] | None:
    """A run of backslashes: before a quote, 2n stand for n and 2n+1 for n and a
    literal quote; elsewhere each stands for itself."""
    if value[i] != "\\":
        return None
    end = i
    while end < len(value) and value[end] == "\\":
        end += 1
    count = end - i
    if end < len(value) and value[end] == '"':
        return "\\" * (count // 2) + ('"' if count % 2 else ""), end + count % 2
    return "\\" * count, end


def enable(key: RunKey, command: tuple[str, ...]) -> list[str]:
    """Set the Run value to start this installation; return what was done."""
    wanted = command_line(windowless(command))
    if key.get() == wanted:
        return [Done(_("unchanged {file}").format(file=key.location), "unchanged", key.location)]
    key.set(wanted)
    return [Done(_("set {key} to {value}").format(key=key.location, value=wanted), "set",
                 key.location)]


def disable(key: RunKey) -> list[str]:
    """Delete the Run value."""
    if key.get() is None:
        return [_("no {key} value").format(key=key.location)]
    key.delete()
    return [Done(_("deleted {key}").format(key=key.location), "deleted", key.location)]


def status(key: RunKey) -> list[EntryStatus]:
    """Return the Run value's status."""
    value = key.get()
    if value is None:
        return [EntryStatus(RUN_VALUE, key.location, False)]
    approval = key.approval()
    # Task Manager stores 0x02 (or 0x06) first when an entry is on, 0x03 (or 0x07) when off.
    switched_off = bool(approval and approval[0] & 1 == 1)
    notes = (_("turned off in Task Manager's Startup tab"),) if switched_off else ()
    return [EntryStatus(RUN_VALUE, key.location, True, not switched_off,
                        split_command_line(value), notes)]

