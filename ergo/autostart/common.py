"""What every platform's start-at-login writer shares: where files go, the command that
starts this installation, installing and removing our own files, and entry status.

Everything here runs on the CLI thread of ``ergo autostart``; nothing is cached.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ergo.atomic import write_atomic
from ergo.errors import UserError
from ergo.i18n import N_, _


@dataclass(frozen=True)
class Places:
    """The directories autostart files go into.

    ``home`` and ``environ`` locate the per-user files (``XDG_CONFIG_HOME`` and friends);
    ``root`` prefixes the system-wide ones, so ``/etc/xdg/autostart`` becomes
    ``root/etc/xdg/autostart`` (a package staging dir, or a temporary dir in tests).
    """

    home: Path
    environ: Mapping[str, str]
    root: Path = Path("/")

    @classmethod
    def current(cls, root: Path | None = None) -> Places:
        return cls(Path.home(), dict(os.environ), root or Path("/"))

    def xdg_home(self, variable: str, default: str) -> Path:
        """Given an XDG base-dir variable and its default below home, return the dir.

        The spec says a relative value is invalid and must be ignored.
        """
        value = self.environ.get(variable, "")
        return Path(value) if os.path.isabs(value) else self.home / default

    def system(self, path: str) -> Path:
        """Given an absolute system path, return it below ``root``."""
        return self.root / path.lstrip("/")

    @property
    def is_real_root(self) -> bool:
        return self.root == Path("/")


@dataclass(frozen=True)
class Target:
    """One ``ergo autostart`` request: where to write, for whom, and what to start."""

    places: Places
    system: bool
    command: tuple[str, ...]


#: The kinds of start-at-login entry, as :attr:`EntryStatus.what` names them.
XDG_ENTRY = N_("XDG autostart entry")
SYSTEM_XDG_ENTRY = N_("System-wide XDG autostart entry")
LAUNCHER_ENTRY = N_("Launcher entry")
SYSTEMD_UNIT = N_("systemd user unit")
LAUNCH_AGENT = N_("LaunchAgent")
RUN_VALUE = N_("Run value")


@dataclass(frozen=True)
class EntryStatus:
    """What one start-at-login entry looks like on disk (or in the registry).

    ``what`` is the kind of entry, such as :data:`XDG_ENTRY` (translated when shown).
    """

    what: str
    location: str
    exists: bool
    enabled: bool | None = False  # None: the entry has no on/off state (a launcher entry)
    command: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def ergo_command(executable: str = sys.executable, windows: bool = sys.platform == "win32") \
        -> tuple[str, ...]:
    """Given the running interpreter, return the command line that starts this
    installation's daemon: the ``ergo`` console script installed beside the interpreter
    (``Scripts\\`` on a Windows system install), else ``python -m ergo``.
    """
    interpreter = Path(os.path.abspath(executable))
    name = "ergo.exe" if windows else "ergo"
    for folder in (interpreter.parent, interpreter.parent / "Scripts"):
        script = folder / name
        if script.is_file():
            return (str(script), "run")
    return (str(interpreter), "-m", "ergo", "run")


def is_admin() -> bool:
    """Return True if this process may write the system-wide locations."""
    if sys.platform == "win32":
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())
    return os.geteuid() == 0


def require_admin(admin: bool, windows: bool = sys.platform == "win32") -> None:
    """Given whether this process is root or administrator, raise UserError (exit 2) with
    the fix if it is not, because ``--system`` writes for every user."""
    if admin:
        return
    if windows:
        fix = _("open a terminal with 'Run as administrator' and run the command again")
    else:
        fix = _("run it as root, for example: sudo ergo autostart ...")
    raise UserError(_("--system changes start-up for every user and needs administrator "
                      "rights; {fix}").format(fix=fix))


#: The actions of :class:`Done` that change the system.
CHANGES = frozenset({"wrote", "updated", "removed", "set", "deleted"})


class Done(str):
    """One line of what ``ergo autostart`` did, with the action behind it for ``--json``.

    ``action`` is English and fixed: ``wrote``, ``updated``, ``unchanged``, ``removed``,
    ``kept``, ``set``, ``deleted``, ``ran``, ``failed`` or ``note``; ``path`` is the file,
    folder, registry value or command it concerns.
    """

    action: str
    path: str

    def __new__(cls, text: str, action: str = "note", path: object = "") -> Done:
        line = super().__new__(cls, text)
        line.action = action
        line.path = str(path)
        return line

    @property
    def changed(self) -> bool:
        return self.action in CHANGES

    def extended(self, text: str) -> Done:
        """Return this line with ``text`` added, keeping its action and path."""
        return Done(f"{self} {text}", self.action, self.path)


def write_file(path: Path, data: bytes) -> str:
    """Given a path and the content ergo wants there, write it atomically unless it is
    already identical; return ``"unchanged"``, ``"updated"`` or ``"wrote"``."""
    if path.is_file() and path.read_bytes() == data:
        return "unchanged"
    existed = path.exists()
    write_atomic(path, data)
    return "updated" if existed else "wrote"


_WRITTEN = {"unchanged": N_("unchanged {file}"), "updated": N_("updated {file}"),
            "wrote": N_("wrote {file}")}


def install_file(path: Path, data: bytes) -> Done:
    """Like :func:`write_file`; return a line saying what happened."""
    action = write_file(path, data)
    return Done(_(_WRITTEN[action]).format(file=path), action, path)


def remove_file(path: Path, ours: bool) -> Done | None:
    """Given a path and whether its content is what ergo wrote, remove it if so; return a
    line saying what happened, or None if there is nothing there."""
    if not path.exists() and not path.is_symlink():
        return None
    if not ours:
        return Done(_("kept {file}: ergo did not write it; remove it yourself if you do not "
                      "want it").format(file=path), "kept", path)
    path.unlink()
    return Done(_("removed {file}").format(file=path), "removed", path)


def program_problem(command: tuple[str, ...], environ: Mapping[str, str]) -> str | None:
    """Given an entry's command line, return why its program cannot start, or None."""
    if not command:
        return _("it has no command to start")
    program = command[0]
    if os.path.isabs(program):
        if not os.path.isfile(program):
            return _("its program {program} does not exist").format(program=program)
        if not os.access(program, os.X_OK):
            return _("its program {program} is not executable").format(program=program)
        return None
    if shutil.which(program, path=environ.get("PATH", os.defpath)) is None:
        return _("its program {program} is not on PATH").format(program=program)
    return None


def same_command(command: tuple[str, ...], expected: tuple[str, ...],
                 environ: Mapping[str, str]) -> bool:
    """Given an entry's command line and this installation's, return whether they start the
    same program. A bare program name counts when PATH leads to this installation's
    program: the entries a distribution package ships say ``ergo run``."""
    if command == expected:
        return True
    if not command or command[1:] != expected[1:] or os.path.isabs(command[0]):
        return False
    found = shutil.which(command[0], path=environ.get("PATH", os.defpath))
    return found is not None and os.path.realpath(found) == os.path.realpath(expected[0])


def describe(status: EntryStatus, expected: tuple[str, ...], environ: Mapping[str, str]) \
        -> list[str]:
    """Given an entry's status and the command of this installation, return the lines
    ``ergo autostart status`` prints for it."""
    what = _(status.what)
    if not status.exists:
        return [_("{what}: none ({location})").format(what=what, location=status.location)]
    lines = [f"{what}: {status.location}"]
    if status.enabled is not None:
        lines.append("  " + (_("enabled") if status.enabled else _("disabled")))
    lines.extend(f"  {note}" for note in status.notes)
    if status.command:
        shown = join_for_display(status.command)
        if same_command(status.command, expected, environ):
            lines.append("  " + _("starts {command} (this installation)").format(command=shown))
        else:
            lines.append("  " + _("starts {command}, which is not this installation "
                                  "({expected})").format(command=shown,
                                                         expected=join_for_display(expected)))
    problem = program_problem(status.command, environ)
    if problem:
        lines.append("  " + _("broken: {problem}; `ergo autostart enable` writes it anew "
                              "for this installation").format(problem=problem))
    return lines


def join_for_display(command: tuple[str, ...]) -> str:
    """Given a command line, return it as one readable string, quoting words with spaces."""
    return " ".join(f'"{word}"' if not word or " " in word else word for word in command)
