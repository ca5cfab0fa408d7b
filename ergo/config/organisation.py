"""The organisation layer: every delivery of the organisation's settings, as one Document.

The deliveries, lowest first (a later one wins where two set the same key):

1. the organisation file (``/etc/xdg/ergo/org.yaml`` on Linux, see :mod:`locate`);
2. drop-ins: ``org.d/*.yaml`` in the same directory, in name order (``10-hr.yaml``
   before ``20-it.yaml``), so that several teams' tools can each own one file;
3. Group Policy on Windows: user policy (HKCU), then computer policy (HKLM);
4. managed preferences on macOS (a configuration profile).

:func:`combine` merges them like config layers (mappings key by key, anything
else replaced), with two rules for ``policy:``: locks add up (a key locked by
any delivery is locked), and bounds combine per key and end (a later ``min``
replaces an earlier ``min`` of the same key; a ``max`` given only earlier stays).
Each key keeps the mark of the delivery that set it, and each lock the mark of its
``policy.locked`` entry, so a warning names the one delivery that locked a key.
Called on whichever thread loads the config.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ergo.config.load import Document
from ergo.config.merge import ORGANISATION, Layer, merge
from ergo.config.problems import ConfigError, KeyPath, Mark

if TYPE_CHECKING:
    from ergo.config.group_policy import Registry

DROP_IN_DIR = "org.d"
_LOCKED: KeyPath = ("policy", "locked")


def drop_in_dir(org_path: Path) -> Path:
    """Given the organisation file's path, return the directory of its drop-ins."""
    return org_path.parent / DROP_IN_DIR


def drop_ins(org_path: Path) -> list[Path]:
    """Given the organisation file's path, return its drop-ins in the order they apply."""
    return drop_ins_in(drop_in_dir(org_path))


def drop_ins_in(directory: Path) -> list[Path]:
    """Given a drop-in directory, return its ``*.yaml`` files in name order."""
    try:
        found = [path for path in directory.glob("*.yaml") if path.is_file()]
    except OSError:
        return []
    return sorted(found)


def native_documents(environ: Mapping[str, str], platform: str = sys.platform,
                     registry: Registry | None = None) -> list[Document]:
    """Return the organisation settings the operating system delivers, lowest first:
    Group Policy on Windows (read from ``registry``, default the real one), managed
    preferences on macOS (or the file ``ERGO_MANAGED_PREFERENCES`` names). Raise
    ConfigError when one cannot be read."""
    from ergo.config.native_policy import to_document

    natives = []
    if platform == "win32":
        from ergo.config.group_policy import WindowsRegistry, read_group_policy

        natives.extend(read_group_policy(registry or WindowsRegistry()))
    from ergo.config.managed_prefs import managed_prefs_path, read_managed_prefs

    plist = managed_prefs_path(environ, platform)
    if plist is not None:
        prefs = read_managed_prefs(plist)
        if prefs:
            natives.append(prefs)
    return [to_document(native) for native in natives]


def read_native(environ: Mapping[str, str], problems: list[str]) -> list[Document]:
    """Like :func:`native_documents`, adding what cannot be read to ``problems``."""
    try:
        return native_documents(environ)
    except ConfigError as error:
        problems.extend(error.problems)
        return []


def combine(documents: Sequence[Document]) -> Document | None:
    """Given the organisation's deliveries lowest first, return them as one Document
    (None when there are none); see the module docstring for the rules. It keeps the
    first delivery's source and path (the organisation file, which a reload watches)."""
    if len(documents) <= 1:
        return documents[0] if documents else None
    locked: list[Any] = []
    lock_marks: list[Mark] = []
    layers = []
    for document in documents:
        entries = document.data.get("policy")
        entries = entries.get("locked") if isinstance(entries, dict) else None
        if isinstance(entries, list):
            for index, key in enumerate(entries):
                if key not in locked:
                    locked.append(key)
                    lock_marks.append(document.mark((*_LOCKED, index)))
            document = _without_locks(document)
        layers.append(Layer(ORGANISATION, document))
    merged = merge(layers)
    # Every key keeps its delivery's mark, and every lock its entry's: no message names
    # the combined document as a whole.
    marks = {path: origin.mark for path, origin in merged.origins.items()}
    data = merged.data
    if locked:
        policy = data.setdefault("policy", {})
        if isinstance(policy, dict) and "locked" not in policy:
            policy["locked"] = locked
            marks.update({(*_LOCKED, index): mark for index, mark in enumerate(lock_marks)})
    return replace(documents[0], data=data, marks=marks)


def _without_locks(document: Document) -> Document:
    policy = {key: value for key, value in document.data["policy"].items() if key != "locked"}
    data = {**document.data, "policy": policy}
    if not policy:
        del data["policy"]
    return replace(document, data=data)
