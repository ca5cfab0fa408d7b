"""Reading Group Policy: ergo's keys below ``Software\\Policies\\ergo`` in the registry.

The layout, which the ADMX template writes (``tools/write_policy_templates``):

- ``Software\\Policies\\ergo``: one value per config key, named by its dotted key
  (``reminders.walk.every``): REG_SZ for text, durations, times and choices,
  REG_DWORD for counts and for booleans (0 or 1), REG_MULTI_SZ for lists;
- ``Software\\Policies\\ergo\\Locked``: a nonzero REG_DWORD named by the key locks it;
- ``Software\\Policies\\ergo\\Minimum`` and ``...\\Maximum``: the bounds of a key, as
  text (``30m``, ``4``); an empty value means no bound.

User policy (HKCU) and computer policy (HKLM) are both read; computer policy wins
where both set a key. The registry is reached through the small :class:`Registry`
interface, :class:`WindowsRegistry` on Windows; tests pass an in-memory one.
Called on whichever thread loads the config.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from ergo.config.native_policy import MAX, MIN, NativePolicy

POLICY_KEY = "Software\\Policies\\ergo"
LOCKED_KEY = POLICY_KEY + "\\Locked"
BOUND_KEYS = {MIN: POLICY_KEY + "\\Minimum", MAX: POLICY_KEY + "\\Maximum"}
#: User policy first: computer policy, read later, wins.
HIVES = ("HKCU", "HKLM")


class Registry(Protocol):
    """Read-only access to registry keys."""

    def values(self, hive: str, key: str) -> dict[str, Any]:
        """Given ``HKLM`` or ``HKCU`` and a key path, return its values by name
        (empty when the key does not exist)."""


class WindowsRegistry:
    """The real registry, through :mod:`winreg` (Windows only)."""

    def values(self, hive: str, key: str) -> dict[str, Any]:
        if sys.platform != "win32":
            return {}
        import winreg

        root = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER}[hive]
        try:
            handle = winreg.OpenKey(root, key)
        except OSError:
            return {}
        found: dict[str, Any] = {}
        with handle:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    return found
                found[name] = value
                index += 1


def place(hive: str, key: str, name: str) -> str:
    """Return how a registry value is named in messages and ``config show --origin``."""
    return f"set by Group Policy: {hive}\\{key}\\{name}"


def read_group_policy(registry: Registry) -> list[NativePolicy]:
    """Given a registry, return the policy of each hive that has any, user policy first."""
    found = []
    for hive in HIVES:
        native = NativePolicy(f"Group Policy ({hive}\\{POLICY_KEY})")
        for name, value in registry.values(hive, POLICY_KEY).items():
            native.values[name] = (value, place(hive, POLICY_KEY, name))
        for name, value in registry.values(hive, LOCKED_KEY).items():
            if value:
                native.locked[name] = place(hive, LOCKED_KEY, name)
        for end, key in BOUND_KEYS.items():
            for name, value in registry.values(hive, key).items():
                if value not in ("", None):
                    native.bounds[(name, end)] = (value, place(hive, key, name))
        if native:
            found.append(native)
    return found
