"""Fixtures for the packaging tests: tools outside Python that the tests fetch or need.

A missing tool skips its test, except in CI (``CI`` set), where ``.ci/system-packages``
installs them and a skip would hide a broken setup.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.missing import unavailable

YAML_LANGUAGE_SERVER = "yaml-language-server@1.25.0"


def require(*programs: str) -> None:
    """Skip (fail in CI) unless every program is on PATH."""
    missing = [program for program in programs if shutil.which(program) is None]
    if missing:
        message = f"programs missing: {', '.join(missing)} (see .ci/system-packages)"
        unavailable(message)


@pytest.fixture(scope="session")
def yaml_language_server() -> list[str]:
    """The command that starts the real yaml-language-server over stdio, installed once
    with npm into the user's cache directory."""
    require("node", "npm")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    prefix = cache / "ergo-tests" / YAML_LANGUAGE_SERVER.replace("@", "-")
    server = prefix / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not server.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
                        YAML_LANGUAGE_SERVER], check=True, capture_output=True, timeout=600)
    return ["node", str(server), "--stdio"]
