"""Shared set-up for the autostart tests: a home, environment and system root in tmp_path,
and an installed ergo program to point entries at."""

from __future__ import annotations

import os
from pathlib import Path

from ergo.autostart.common import Places, Target


def installed_ergo(folder: Path) -> tuple[str, ...]:
    """Create an executable ``ergo`` in ``folder`` and return the command that runs it."""
    program = folder / "bin" / "ergo"
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return (str(program), "run")


def make_target(tmp_path: Path, system: bool = False, install: str = "install") -> Target:
    home = tmp_path / "home"
    environ = {
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PATH": os.environ.get("PATH", os.defpath),
    }
    places = Places(home, environ, tmp_path / "root")
    return Target(places, system, installed_ergo(tmp_path / install))
