"""Programs during which reminders wait (``interruptions.apps``), by process name.

Listing the processes is the only OS-specific part: ``/proc/*/comm`` on Linux,
``ps`` on macOS and the BSDs, ``tasklist`` on Windows. Their output is parsed by
plain functions, tested everywhere. A listed name matches a process whatever
the case, with or without ``.exe``, and Linux's 15-character ``comm`` matches
the start of a longer name.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ergo.ports import DetectorUnavailable

#: Linux keeps only this many characters of a process name in ``comm``.
COMM_LENGTH = 15


def linux_processes(proc: Path = Path("/proc")) -> set[str]:
    """Return the names of the running processes from ``proc``."""
    names = set()
    with os.scandir(proc) as entries:
        for entry in entries:
            if entry.name.isdigit():
                try:
                    with open(os.path.join(entry.path, "comm"), encoding="utf-8",
                              errors="replace") as comm:
                        names.add(comm.read().strip())
                except OSError:
                    continue
    return names


def parse_ps(text: str) -> set[str]:
    """Given ``ps -axo comm=`` output, return the process names (paths cut to the name)."""
    return {line.strip().rsplit("/", 1)[-1] for line in text.splitlines() if line.strip()}


def parse_tasklist(text: str) -> set[str]:
    """Given ``tasklist /fo csv /nh`` output, return the image names."""
    return {row[0] for row in csv.reader(io.StringIO(text)) if row}


def command_processes(args: Sequence[str], parse: Callable[[str], set[str]]) -> set[str]:
    """Run a process-listing command and parse its output; raise DetectorUnavailable."""
    try:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DetectorUnavailable(f"cannot run {args[0]} ({error})") from None
    if done.returncode != 0:
        raise DetectorUnavailable(f"{args[0]} exited with {done.returncode}")
    return parse(done.stdout)


def lister_for(platform: str) -> Callable[[], set[str]]:
    """Return the process lister for ``sys.platform`` value ``platform``."""
    if platform == "win32":
        return lambda: command_processes(("tasklist", "/fo", "csv", "/nh"), parse_tasklist)
    if platform.startswith("linux"):
        return linux_processes
    return lambda: command_processes(("ps", "-axo", "comm="), parse_ps)


def _key(name: str) -> str:
    name = name.strip().lower()
    return name[:-4] if name.endswith(".exe") else name


def matching(wanted: Iterable[str], running: Iterable[str]) -> list[str]:
    """Given the listed names and the running process names, return the listed names that
    run, in the order listed."""
    present = {_key(name) for name in running}
    found = []
    for name in wanted:
        key = _key(name)
        if key in present or (len(key) > COMM_LENGTH and key[:COMM_LENGTH] in present):
            found.append(name)
    return found


class AppsDetector:
    """Reports an interruption while one of ``names`` runs."""

    name = "apps"
    reason = "app"

    def __init__(self, names: Sequence[str], processes: Callable[[], set[str]]) -> None:
        self._names = tuple(names)
        self._processes = processes

    def check(self) -> str | None:
        try:
            found = matching(self._names, self._processes())
        except OSError as error:
            raise DetectorUnavailable(f"cannot list the processes ({error})") from None
        if not found:
            return None
        return f"{', '.join(found)} {'is' if len(found) == 1 else 'are'} running"

    def close(self) -> None:
        """Nothing to release."""
