"""A fresh user for the command-line tests: an empty HOME under the test's folder, and
no system-wide config (not the machine's /etc/xdg, where an installed package's
autostart entry or organisation file would leak in)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fresh_home_env(tmp_path: Path) -> dict[str, str]:
    """Return the environment of a user who has never run ergo, running this checkout."""
    home = tmp_path / "home"
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_DIRS": str(tmp_path / "etc"),
        "PATH": os.environ.get("PATH", os.defpath),
        "PYTHONPATH": str(ROOT),
    }
