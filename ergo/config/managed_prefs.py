"""Reading macOS managed preferences: what a configuration profile sets for ergo.

An MDM (Jamf, Intune, Kandji) installs a configuration profile whose payload type
is :data:`BUNDLE_ID`; macOS writes its keys to
``/Library/Managed Preferences/<bundle id>.plist``. The keys mirror Group Policy:
one entry per dotted config key (``reminders.walk.every: 50m``), ``Locked`` (an
array of keys), and ``Minimum`` / ``Maximum`` (dictionaries from key to bound).
``ERGO_MANAGED_PREFERENCES`` names another file (for tests and staging).
Called on whichever thread loads the config.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ergo.config.native_policy import MAX, MIN, NativePolicy
from ergo.config.problems import ConfigError

BUNDLE_ID = "io.github.ergo_reminders.ergo"
PATH_ENV = "ERGO_MANAGED_PREFERENCES"
DEFAULT_PATH = Path("/Library/Managed Preferences") / f"{BUNDLE_ID}.plist"
LOCKED = "Locked"
BOUNDS = {MIN: "Minimum", MAX: "Maximum"}
#: Keys macOS and profile tools add to every managed preferences file.
_HOUSEKEEPING = ("PayloadType", "PayloadVersion", "PayloadIdentifier", "PayloadUUID",
                 "PayloadDisplayName", "PayloadEnabled", "PayloadOrganization")


def managed_prefs_path(environ: Mapping[str, str], platform: str = sys.platform) -> Path | None:
    """Return the managed preferences file to read: the one the environment names, the
    system one on macOS, or None."""
    if environ.get(PATH_ENV):
        return Path(environ[PATH_ENV])
    return DEFAULT_PATH if platform == "darwin" else None


def read_managed_prefs(path: Path) -> NativePolicy:
    """Given a managed preferences file, return its policy (empty when it does not exist);
    raise ConfigError when it is not a readable property list of settings."""
    # Only a Mac, or a test, has this file: elsewhere loading a config needs no XML parser.
    import plistlib

    source = f"managed preferences: {path}"
    try:
        with path.open("rb") as stream:
            data = plistlib.load(stream)
    except FileNotFoundError:
        return NativePolicy(source)
    except (OSError, plistlib.InvalidFileException, ValueError) as error:
        raise ConfigError(f"{source}: cannot be read as a property list ({error}); "
                          "check the configuration profile that installs it") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: holds no dictionary of settings; check the "
                          "configuration profile that installs it")
    native = NativePolicy(source)
    for key, value in data.items():
        if key in _HOUSEKEEPING:
            continue
        if key == LOCKED:
            for name in _entries(value, source, key):
                native.locked[str(name)] = f"{source}: {LOCKED}"
        elif key in BOUNDS.values():
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: {key}: expected a dictionary from key to bound; "
                                  "write for example reminders.walk.every = 30m")
            end = MIN if key == BOUNDS[MIN] else MAX
            for name, bound in value.items():
                native.bounds[(name, end)] = (bound, f"{source}: {key}.{name}")
        else:
            native.values[key] = (value, f"{source}: {key}")
    return native


def _entries(value: Any, source: str, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{source}: {key}: expected an array of keys; write for example "
                          "[reminders.walk.enabled]")
    return value
