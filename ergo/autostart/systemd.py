"""Linux with systemd: a user unit that starts ergo with the graphical session and
restarts it if it fails.

``systemctl --user`` is run only when there is a user manager to talk to; otherwise the
unit is written and ergo says which command finishes the job. Whether the unit is enabled
is read from the ``graphical-session.target.wants`` link that ``systemctl enable`` makes,
so status needs no running manager.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ergo.autostart.command_words import backslash_in_quotes, split_words
from ergo.autostart.common import (
    SYSTEMD_UNIT,
    Done,
    EntryStatus,
    Target,
    install_file,
    remove_file,
)
from ergo.i18n import _

UNIT_NAME = "ergo.service"
WANTED_BY = "graphical-session.target"
MARKER = ("# Written by `ergo autostart enable --systemd`; "
          "`ergo autostart disable --systemd` removes it.")

_NEEDS_QUOTES = set(" \t\n\"'\\;")


def quote_exec(command: tuple[str, ...]) -> str:
    """Given a command line, return it as an ExecStart value: words quoted when needed,
    ``%`` specifiers and ``$`` variable expansion escaped."""
    words = []
    for word in command:
        if word and not _NEEDS_QUOTES.intersection(word):
            quoted = word
        else:
            quoted = '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
        words.append(quoted.replace("%", "%%").replace("$", "$$"))
    return " ".join(words)


def split_exec(value: str) -> tuple[str, ...]:
    """Given an ExecStart value, return its command line (the inverse of quote_exec)."""
    return tuple(split_words(value, _exec_escape))


def _exec_escape(value: str, i: int, quoted: bool) -> tuple[str, int] | None:
    """``%%`` and ``$$`` stand for one ``%`` or ``$``, in quotes or not."""
    if value[i] in "%$" and value[i + 1:i + 2] == value[i]:
        return value[i], i + 2
    return backslash_in_quotes(value, i, quoted)


def unit_text(command: tuple[str, ...]) -> str:
    """Given the command that starts ergo, return the unit file.

    A failed ergo is started again after 5 s, but at most 5 times in 2 minutes, so an ergo
    that cannot start (for instance because another launcher already started one) does not
    loop for the whole session.
    """
    return f"""{MARKER}
[Unit]
Description=ergo posture and movement reminders
PartOf={WANTED_BY}
After={WANTED_BY}
StartLimitIntervalSec=120
StartLimitBurst=5

[Service]
Type=simple
ExecStart={quote_exec(command)}
Restart=on-failure
RestartSec=5

[Install]
WantedBy={WANTED_BY}
"""


def unit_dir(target: Target) -> Path:
    if target.system:
        return target.places.system("/etc/systemd/user")
    return target.places.xdg_home("XDG_CONFIG_HOME", ".config") / "systemd" / "user"


def _wants_link(target: Target) -> Path:
    return unit_dir(target) / f"{WANTED_BY}.wants" / UNIT_NAME


def _is_ours(path: Path) -> bool:
    try:
        return path.read_text(encoding="utf-8").startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


def manager_available(target: Target) -> bool:
    """Return True if systemctl can act on these unit files now: a real root, systemctl on
    PATH, and for a user unit a running user manager (its private socket exists)."""
    environ = target.places.environ
    if not target.places.is_real_root:
        return False
    if shutil.which("systemctl", path=environ.get("PATH")) is None:
        return False
    if target.system:
        return True
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "systemd", "private"))


def _run(argv: list[str]) -> Done:
    code = subprocess.run(argv, check=False).returncode
    command = " ".join(argv)
    if code:
        return Done(_("ran {command} (it failed with exit code {code})").format(
            command=command, code=code), "failed", command)
    return Done(_("ran {command}").format(command=command), "ran", command)


def _scope(target: Target) -> str:
    return "--global" if target.system else "--user"


def enable(target: Target) -> list[str]:
    """Write the unit and, when a manager is there, reload and enable it."""
    lines: list[str] = [install_file(unit_dir(target) / UNIT_NAME,
                                     unit_text(target.command).encode())]
    scope = _scope(target)
    steps = ([["systemctl", "--user", "daemon-reload"]] if not target.system else [])
    steps.append(["systemctl", scope, "enable", UNIT_NAME])
    if manager_available(target):
        lines.extend(_run(argv) for argv in steps)
    else:
        lines.append(_("no systemd user manager to talk to here; to finish, run: {commands}")
                     .format(commands=" && ".join(" ".join(argv) for argv in steps)))
    return lines


def disable(target: Target) -> list[str]:
    """Remove the enable link and the unit if ergo wrote it; reload the manager if there."""
    unit = unit_dir(target) / UNIT_NAME
    link = _wants_link(target)
    lines: list[str] = []
    link_is_ours = link.is_symlink() and Path(os.readlink(link)).name == UNIT_NAME
    for done in (remove_file(link, link_is_ours), remove_file(unit, _is_ours(unit))):
        if done:
            lines.append(done)
    if not lines:
        return [_("no systemd unit at {file}").format(file=unit)]
    if target.system:
        return lines
    if manager_available(target):
        lines.append(_run(["systemctl", "--user", "daemon-reload"]))
    else:
        lines.append(_("the user manager reads the change at next login "
                       "(or run: systemctl --user daemon-reload)"))
    return lines


def status(target: Target) -> list[EntryStatus]:
    """Return the unit's status: whether it exists, is enabled and what it starts."""
    unit = unit_dir(target) / UNIT_NAME
    if not unit.exists():
        return [EntryStatus(SYSTEMD_UNIT, str(unit), False)]
    command: tuple[str, ...] = ()
    try:
        for line in unit.read_text(encoding="utf-8").splitlines():
            key, _equals, value = line.partition("=")
            if key.strip() == "ExecStart":
                command = split_exec(value.strip())
    except (OSError, UnicodeDecodeError) as error:
        return [EntryStatus(SYSTEMD_UNIT, str(unit), True,
                            notes=(_("unreadable: {error}").format(error=error),))]
    link = _wants_link(target)
    notes = [] if _is_ours(unit) else [_("not written by ergo")]
    if not link.is_symlink():
        notes.append(_("not enabled: run {command}").format(
            command=f"systemctl {_scope(target)} enable {UNIT_NAME}"))
    return [EntryStatus(SYSTEMD_UNIT, str(unit), True, link.is_symlink(), command,
                        tuple(notes))]
