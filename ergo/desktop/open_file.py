"""Opening a file in the program the desktop chooses for it.

The desktop's own handler is tried first (``xdg-open``, then GLib's ``gio open``, which
works on desktops where ``xdg-open`` is missing or has no handler configured;
``open`` on macOS; the shell association on Windows). :func:`open_with_desktop`
blocks until the handler returns, which for some handlers is when the editor closes,
so callers run it on a worker thread. The program it starts belongs to the user and is
never ended by ergo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def opener_commands(path: Path, platform: str) -> list[list[str]]:
    """Given a file and ``sys.platform``, return the commands to try, in order."""
    if platform == "darwin":
        return [["open", str(path)]]
    return [["xdg-open", str(path)], ["gio", "open", str(path)]]


def open_with_desktop(path: Path, platform: str = sys.platform) -> str | None:
    """Given a file, open it with the desktop's handler; return None once one handler
    took it, else what went wrong with each (``xdg-open: ...; gio: ...``)."""
    if platform == "win32":
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError as error:
            return f"{path}: {error.strerror or error}"
        return None
    reasons = []
    for command in opener_commands(path, platform):
        try:
            result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True, check=False)
        except OSError as error:
            reasons.append(f"{command[0]}: {error.strerror or error}")
            continue
        if result.returncode == 0:
            return None
        said = result.stderr.strip().splitlines()
        reasons.append(f"{command[0]}: {said[-1] if said else f'exit status {result.returncode}'}")
    return "; ".join(reasons)
