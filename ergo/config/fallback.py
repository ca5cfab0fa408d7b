"""Starting on a broken config: the files that last loaded cleanly, or what still validates.

``ergo run`` must never end because someone mistyped a config file: one bad file
from HR would switch ergo off for a whole office at the next login. So the daemon
keeps a :class:`Snapshot` of the files that last loaded cleanly (the text of each,
by layer) beside its state, and when the files on disk do not load, starts on
:func:`fallback_config`:

- each layer as it is on disk if it still validates, else as it was in the
  snapshot; so the organisation's locks and bounds of its last good file hold;
- the organisation layer is its file plus its drop-ins (``org.d/*.yaml``) and what
  the operating system delivers (:mod:`ergo.config.organisation`): a drop-in that
  does not load is taken as last saved, or left out, and the others still apply;
- with no usable snapshot of the organisation file, every top-level section (or,
  inside a broken section, every entry) of it that validates on its own, on top
  of the built-in defaults;
- with nothing usable at all, the built-in defaults.

``ergo config check`` does not use this module: it stays the strict gate.
Everything here runs on the thread that calls it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ergo.atomic import write_atomic
from ergo.config import ConfigError, LoadedConfig, assemble, with_language
from ergo.config.load import Document, load_path, load_text
from ergo.config.locate import locate
from ergo.config.organisation import combine, drop_ins, native_documents
from ergo.jsondepth import DepthError, loads_bounded

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "config.last-good.json"
_LAYERS = ("organisation", "user")
#: Snapshot entries of drop-ins are keyed by this prefix and the drop-in's path.
DROP_IN = "organisation.d:"


@dataclass(frozen=True)
class Snapshot:
    """The text of each config file that last loaded cleanly, with its path, by layer
    (drop-ins by :data:`DROP_IN` and their path)."""

    files: Mapping[str, tuple[str, str]]

    def document(self, layer: str) -> Document | None:
        """Return the saved file of ``layer`` as a Document, or None when there is none."""
        saved = self.files.get(layer)
        if saved is None:
            return None
        path, text = saved
        try:
            return load_text(text, path, Path(path))
        except ConfigError:
            return None

    def drop_in(self, path: Path) -> Document | None:
        """Return the saved drop-in at ``path`` as a Document, or None."""
        return self.document(DROP_IN + str(path))


def take_snapshot(
    config_path: Path | None, org_path: Path | None, environ: Mapping[str, str] | None = None
) -> Snapshot | None:
    """Read the config files as they are now; return their Snapshot, or None when they
    do not load cleanly together (a file changed again since it was loaded)."""
    environ = os.environ if environ is None else environ
    files: dict[str, tuple[str, str]] = {}
    locations = locate(config_path, org_path, environ)
    named = [(location.layer, location.path) for location in locations]
    named += [(DROP_IN + str(path), path) for path in drop_ins(locations[0].path)]
    for layer, path in named:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError):
            return None
        files[layer] = (str(path), text)
    snapshot = Snapshot(files)
    loaded = {layer: snapshot.document(layer) for layer in files}
    documents = {layer: doc for layer, doc in loaded.items() if doc is not None}
    if len(documents) < len(loaded):
        return None
    org = [documents[layer] for layer in sorted(documents, key=_org_order)
           if layer != "user"]
    try:
        assemble(combine([*org, *native_documents(environ)]),
                 documents.get("user"))
    except ConfigError:
        return None
    return snapshot


def _org_order(layer: str) -> tuple[bool, str]:
    """The organisation file first, then its drop-ins in name order."""
    return (layer != "organisation", Path(layer.removeprefix(DROP_IN)).name)


def save_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write ``snapshot`` to ``path`` atomically; raise OSError when the disk refuses."""
    data = {layer: {"path": file, "text": text} for layer, (file, text) in snapshot.files.items()}
    write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                 mode=0o600, dir_mode=0o700)


def read_snapshot(path: Path) -> Snapshot | None:
    """Return the Snapshot saved at ``path``, or None when there is none or it is unusable."""
    try:
        data = loads_bounded(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, DepthError) as error:
        log.warning("the last good config %s cannot be used (%s)", path, error)
        return None
    if not isinstance(data, dict):
        return None
    files = {
        layer: (entry["path"], entry["text"])
        for layer, entry in data.items()
        if (layer in _LAYERS or layer.startswith(DROP_IN)) and isinstance(entry, dict)
        and isinstance(entry.get("path"), str) and isinstance(entry.get("text"), str)
    }
    return Snapshot(files)


def fallback_config(
    snapshot: Snapshot | None,
    config_path: Path | None,
    org_path: Path | None,
    environ: Mapping[str, str] | None = None,
) -> tuple[LoadedConfig, str]:
    """Given the last Snapshot (or None) and where the config files are, return the
    best config that validates and what it was built from, for the log.

    The organisation file is tried as it is on disk, then as last saved, then
    salvaged; with each, the user file as on disk, as last saved, then none.
    """
    environ = os.environ if environ is None else environ
    locations = locate(config_path, org_path, environ)
    on_disk = {loc.layer: _load(loc.path) for loc in locations}
    saved = {layer: snapshot.document(layer) if snapshot else None for layer in _LAYERS}
    try:
        native = native_documents(environ)
    except ConfigError:
        native = []
    pieces = []
    for path in drop_ins(locations[0].path):
        piece = _load(path) or (snapshot.drop_in(path) if snapshot else None)
        if piece is not None:
            pieces.append(piece)
    on_disk["organisation"] = _organisation(on_disk["organisation"], pieces, native)
    saved_pieces = [snapshot.drop_in(path) if snapshot else None
                    for path in drop_ins(locations[0].path)]
    saved["organisation"] = _organisation(
        saved["organisation"], [piece for piece in saved_pieces if piece is not None], native)
    broken_org = on_disk["organisation"] or saved["organisation"]
    orgs = [(on_disk["organisation"], "the organisation file"),
            (saved["organisation"], "the last good organisation file")]
    if broken_org is not None:
        orgs.append((broken_org, "the valid parts of the organisation file"))
    users = [(on_disk["user"], "the user file"), (saved["user"], "the last good user file")]
    tried: list[tuple[Document | None, str]] = [
        (org, name) for org, name in orgs if org is not None] or [(None, "")]
    for org, org_from in tried:
        for user, user_from in [(user, name) for user, name in users if user is not None] + [
                (None, "")]:
            salvaged = org_from.startswith("the valid parts")
            try:
                loaded = assemble(_salvage(org, user) if salvaged and org else org, user)
            except ConfigError:
                continue
            parts = [part for part in (org_from, user_from) if part]
            return with_language(loaded, environ), " and ".join(parts) or "the built-in defaults"
    return with_language(assemble(None, None), environ), "the built-in defaults"


def _salvage(document: Document, user: Document | None) -> Document:
    """Return the parts of the organisation ``document`` that validate (with ``user``):
    whole top-level sections, else each entry of a section (each lock or bound of the
    policy), the settings first and the policy over them."""
    kept: dict[str, Any] = {}

    def valid(key: str, value: Any) -> bool:
        data = {**kept, key: value}
        try:
            assemble(Document(document.source, data, document.marks, document.path), user)
        except ConfigError:
            return False
        return True

    sections = sorted(document.data.items(), key=lambda item: item[0] == "policy")
    for key, value in sections:
        if valid(key, value):
            kept[key] = value
        elif isinstance(value, dict):
            kept[key] = {}
            for name, entry in value.items():
                if valid(key, {**kept[key], name: entry}):
                    kept[key][name] = entry
                elif isinstance(entry, list):
                    items = [item for item in entry
                             if valid(key, {**kept[key], name: [item]})]
                    if items:
                        kept[key][name] = items
            if not kept[key]:
                del kept[key]
    return Document(document.source, kept, document.marks, document.path)


def _organisation(file: Document | None, pieces: list[Document], native: list[Document]) \
        -> Document | None:
    return combine([doc for doc in (file, *pieces, *native) if doc is not None])


def _load(path: Path) -> Document | None:
    if not path.exists():
        return None
    try:
        return load_path(path)
    except ConfigError:
        return None
