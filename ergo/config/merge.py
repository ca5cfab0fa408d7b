"""Deep merge of config layers, remembering which file and line set each key.

The rules, lowest layer first (built-in < organisation < user < overrides):
mappings merge key by key, everything else (scalars and lists) replaces what a
lower layer had. For example, merging the built-in layer::

    reminders:
      walk: {every: 60m, enabled: true}       # built-in defaults.yaml:40
    snooze: {durations: [5m, 10m, 20m]}

with the user file::

    reminders:
      walk: {every: 45m}                       # ergo.yaml:3
    snooze: {durations: [15m]}                 # ergo.yaml:4

gives::

    reminders:
      walk: {every: 45m, enabled: true}
    snooze: {durations: [15m]}

with origins ``reminders.walk.every`` → ``ergo.yaml:3``, ``reminders.walk.enabled``
→ ``defaults.yaml:40``, ``snooze.durations`` and ``snooze.durations[0]`` →
``ergo.yaml:4`` (the built-in list is gone, and so are its origins). A mapping's
own origin is the highest layer that mentions it.

Everything here is pure: inputs are never changed, results are new objects, and
nothing is ever written back to a file.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ergo.config.load import Document
from ergo.config.problems import KeyPath, Mark

BUILT_IN = "built-in"
ORGANISATION = "organisation"
USER = "user"
OVERRIDE = "override"
LAYERS = (BUILT_IN, ORGANISATION, USER, OVERRIDE)

MISSING: Any = object()


@dataclass(frozen=True)
class Origin:
    """Where a merged value came from: its layer (``BUILT_IN`` … ``OVERRIDE``) and place."""

    layer: str
    mark: Mark

    def __str__(self) -> str:
        return str(self.mark)


@dataclass(frozen=True)
class Layer:
    """One config source and the layer it belongs to."""

    layer: str
    document: Document


@dataclass(frozen=True)
class Merged:
    """The merged data and the origin of every key path in it."""

    data: dict[str, Any]
    origins: dict[KeyPath, Origin]

    def origin(self, path: KeyPath) -> Origin | None:
        """Given a key path, return the origin of it or of its nearest parent that has one."""
        while path not in self.origins and path:
            path = path[:-1]
        return self.origins.get(path)


def merge(layers: Sequence[Layer]) -> Merged:
    """Given layers lowest first, return their deep merge with the origin of each key path."""
    data: dict[str, Any] = {}
    origins: dict[KeyPath, Origin] = {}
    for layer in layers:
        _merge_into(data, layer.document.data, (), layer, origins)
    return Merged(data, origins)


def _merge_into(
    target: dict[str, Any],
    source: dict[str, Any],
    path: KeyPath,
    layer: Layer,
    origins: dict[KeyPath, Origin],
) -> None:
    for key, value in source.items():
        child = (*path, key)
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            origins[child] = Origin(layer.layer, layer.document.mark(child))
            _merge_into(target[key], value, child, layer, origins)
            continue
        if key in target:
            forget(target[key], child, origins)
        target[key] = copy.deepcopy(value)
        for sub in walk(value, child):
            origins[sub] = Origin(layer.layer, layer.document.mark(sub))


def walk(value: Any, path: KeyPath) -> list[KeyPath]:
    """Given a value at ``path``, return ``path`` and the key path of everything inside it."""
    paths = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            paths.extend(walk(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths.extend(walk(item, (*path, index)))
    return paths


def forget(value: Any, path: KeyPath, origins: dict[KeyPath, Origin]) -> None:
    """Remove the origins of ``value`` at ``path`` and of everything inside it."""
    for sub in walk(value, path):
        origins.pop(sub, None)


def lookup(data: Any, path: KeyPath) -> Any:
    """Given nested data and a key path, return the value there, or MISSING."""
    for key in path:
        in_dict = isinstance(data, dict) and isinstance(key, str) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data)
        if not (in_dict or in_list):
            return MISSING
        data = data[key]
    return data
