"""The language a config file sets, read without the config pipeline.

Commands that never load the config (``--help``, ``status``, ``doctor``, ``stats``,
...) still speak the configured language: :func:`configured_language` scans the
organisation and user files for a top-level ``language:`` line (no YAML parser,
so the command line stays light). The organisation's value wins when its
``policy`` locks ``language``, else the user's does; ``auto`` (or no file)
follows the system locale. Commands that load the config install its exact
language afterwards. Runs on the command line's thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ergo.config_paths import ORG_ENV, USER_ENV, default_org_path, default_user_path

_LANGUAGE = re.compile(r"""^language:\s*["']?([A-Za-z_-]+)["']?\s*(?:#.*)?$""", re.M)
_LOCKED = re.compile(r"""^\s*-\s*["']?language["']?\s*(?:#.*)?$|locked:\s*\[[^\]]*\blanguage\b""",
                     re.M)


def configured_language(environ: Mapping[str, str] | None = None) -> str:
    """Return the language the config files set (``auto`` when they set none)."""
    environ = os.environ if environ is None else environ
    org = _read(Path(environ[ORG_ENV]) if environ.get(ORG_ENV) else default_org_path())
    user = _read(Path(environ[USER_ENV]) if environ.get(USER_ENV) else default_user_path())
    org_language, user_language = _LANGUAGE.search(org), _LANGUAGE.search(user)
    if org_language and _LOCKED.search(org):
        return org_language.group(1)
    found = user_language or org_language
    return found.group(1) if found else "auto"


def _read(path: Path) -> str:
    try:
        return path.expanduser().read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
