"""Policy delivered by the operating system, turned into an organisation Document.

Group Policy (the Windows registry) and macOS managed preferences both deliver
flat entries: a value per dotted config key, a set of locked keys and the
minimum and maximum of bounded keys. :func:`to_document` turns them into the
same shape as an organisation YAML file, so that locks, bounds and validation
work exactly as for YAML; every key's mark names where it was set (for example
``set by Group Policy: HKLM\\Software\\Policies\\ergo\\reminders.walk.every``), and
``ergo config show --origin`` and every problem message show that place.

Pure: called on whichever thread loads the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ergo.config.load import Document
from ergo.config.policy_catalog import BOOL, COUNT, by_key
from ergo.config.problems import KeyPath, Mark

MIN = "min"
MAX = "max"


@dataclass
class NativePolicy:
    """Entries read from one delivery; each entry is ``(value, place)``.

    ``values`` and ``locked`` are keyed by dotted config key, ``bounds`` by
    ``(dotted key, MIN or MAX)``; ``source`` names the delivery as a whole.
    """

    source: str
    values: dict[str, tuple[Any, str]] = field(default_factory=dict)
    locked: dict[str, str] = field(default_factory=dict)
    bounds: dict[tuple[str, str], tuple[Any, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values or self.locked or self.bounds)


def to_document(native: NativePolicy) -> Document:
    """Given the entries of one delivery, return them as an organisation Document."""
    settings = by_key()
    data: dict[str, Any] = {}
    marks: dict[KeyPath, Mark] = {(): Mark(native.source)}

    def put(path: tuple[str, ...], value: Any, place: str) -> None:
        node = data
        for depth, key in enumerate(path[:-1]):
            marks.setdefault(path[: depth + 1], Mark(place))
            child = node.setdefault(key, {})
            if not isinstance(child, dict):
                return
            node = child
        node[path[-1]] = value
        marks[path] = Mark(place)

    for key, (value, place) in native.values.items():
        setting = settings.get(key)
        kind = setting.kind if setting else None
        put(tuple(key.split(".")), _typed(value, kind), place)
    for index, (key, place) in enumerate(native.locked.items()):
        put(("policy", "locked"), [*data.get("policy", {}).get("locked", []), key], place)
        marks[("policy", "locked", index)] = Mark(place)
    for (key, end), (value, place) in native.bounds.items():
        setting = settings.get(key)
        put(("policy", "bounds", key, end), _typed(value, setting.kind if setting else None),
            place)
    return Document(native.source, data, marks)


def _typed(value: Any, kind: str | None) -> Any:
    """Registry values arrive as numbers and text: a DWORD 0/1 is a boolean where the
    setting is one, and a count written as text is a number."""
    if kind == BOOL and isinstance(value, int) and not isinstance(value, bool) \
            and value in (0, 1):
        return bool(value)
    if kind == COUNT and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value
