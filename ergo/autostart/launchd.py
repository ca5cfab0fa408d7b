"""macOS: a LaunchAgent property list that launchd loads at login.

``~/Library/LaunchAgents`` for one user, ``/Library/LaunchAgents`` for every user (an MDM
profile or Jamf policy can drop the same file there). launchd reads new agents at the
next login; ergo says how to load one at once.
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from xml.parsers.expat import ExpatError

from ergo.autostart.common import LAUNCH_AGENT, EntryStatus, Target, install_file, remove_file
from ergo.i18n import _

LABEL = "ergo"
FILE_NAME = f"{LABEL}.plist"


def plist_bytes(command: tuple[str, ...]) -> bytes:
    """Given the command that starts ergo, return the LaunchAgent property list.

    Only GUI (Aqua) sessions start it; launchd starts it again after a crash but not after
    the user quits it (a successful exit), and at most once every 30 seconds.
    """
    return plistlib.dumps({
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": 30,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }, fmt=plistlib.FMT_XML, sort_keys=True)


def agent_path(target: Target) -> Path:
    if target.system:
        return target.places.system("/Library/LaunchAgents") / FILE_NAME
    return target.places.home / "Library" / "LaunchAgents" / FILE_NAME


def _load(path: Path) -> dict | None:
    try:
        content = plistlib.loads(path.read_bytes())
    except (OSError, plistlib.InvalidFileException, ValueError, ExpatError):
        return None
    return content if isinstance(content, dict) else None


def enable(target: Target) -> list[str]:
    """Write the LaunchAgent; return what was done and how to load it now."""
    path = agent_path(target)
    line = install_file(path, plist_bytes(target.command))
    domain = "gui/$(id -u)"
    return [line, _("it takes effect at the next login; to start it now: {command}").format(
        command=f"launchctl bootstrap {domain} {path}")]


def disable(target: Target) -> list[str]:
    """Remove the LaunchAgent if it is ergo's."""
    path = agent_path(target)
    content = _load(path)
    done = remove_file(path, content is not None and content.get("Label") == LABEL)
    return [done] if done else [_("no LaunchAgent at {file}").format(file=path)]


def status(target: Target) -> list[EntryStatus]:
    """Return the LaunchAgent's status."""
    path = agent_path(target)
    if not path.exists():
        return [EntryStatus(LAUNCH_AGENT, str(path), False)]
    content = _load(path)
    if content is None:
        return [EntryStatus(LAUNCH_AGENT, str(path), True,
                            notes=(_("not a readable property list"),))]
    arguments = content.get("ProgramArguments")
    command = tuple(arguments) if isinstance(arguments, list) else ()
    notes = [_("Disabled=true in the property list")] if content.get("Disabled") is True else []
    return [EntryStatus(LAUNCH_AGENT, str(path), True, content.get("Disabled") is not True,
                        tuple(str(word) for word in command), tuple(notes))]
