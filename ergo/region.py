"""The user's region, for the advice that depends on the country: where to get medical
help (the safety notice's GP, out-of-hours service and emergency number).

``region:`` in the config names it (``NL``, ``GB``, ...; ``UK`` is read as ``GB``), or
``auto`` takes the country part of the locale (``nl_NL.UTF-8`` → ``NL``) from
``LC_ALL``, ``LC_MESSAGES`` or ``LANG``. Like the language, one region per process:
each entry point that shows the notice sets it once with :func:`install_region`; the
lookup swaps one reference, so any thread may read it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

_ALIASES = {"UK": "GB"}

_installed = ""


def resolve_region(configured: str, environ: Mapping[str, str] | None = None) -> str:
    """Given ``region:`` from the config, return a country code such as ``NL``, or ``""``
    when the region is unknown (``auto`` and a locale without a country)."""
    if configured.lower() != "auto":
        code = configured.upper()
        return _ALIASES.get(code, code)
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            country = value.split(".")[0].split("@")[0].replace("-", "_").partition("_")[2]
            code = country.upper()
            return _ALIASES.get(code, code) if len(code) == 2 and code.isalpha() else ""
    return ""


def install_region(region: str) -> None:
    """Make ``region`` (a code from :func:`resolve_region`) this process's region."""
    global _installed
    _installed = region


def current_region() -> str:
    """Return the installed region (``""``, unknown, until :func:`install_region`)."""
    return _installed
