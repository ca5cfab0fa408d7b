"""Changing the user's config file from the settings window without losing what the user wrote.

ruamel.yaml reads the file as a round-trip tree that keeps its comments, key order,
quoting, flow lists and indentation; the changes go into that tree. The new text is
then checked exactly as ergo checks every config file (the same loader, the
organisation's file and its policy, the same validator) and only a text that passes
replaces the file, atomically. A file that is invalid when it is opened is never
written: the settings window shows its problems instead.

Only the settings process imports this module, so ruamel.yaml never loads in the
daemon. Everything runs on the caller's thread.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ergo.atomic import write_atomic
from ergo.config import assemble, layers_below_user, organisation_document
from ergo.config.load import Document, load_path, load_text
from ergo.config.locate import Location, locate
from ergo.config.merge import MISSING, lookup, merge
from ergo.config.policy import Policy, expand, read_policy, set_by
from ergo.config.problems import ConfigError, dotted
from ergo.config.template import user_template
from ergo.core.durations import parse_duration

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

Path_ = tuple[str, ...]
"""A key path in the user file, such as ``("reminders", "walk", "every")``."""

Value = str | bool | int | list[str] | None
"""A value the window writes; ``None`` removes the key from the user file."""

# ergo reads times of day either way; quoted, they also read as text in YAML 1.1 tools.
_TIME = re.compile(r"^\d{1,2}:\d{2}(-\d{1,2}:\d{2})?$")


@dataclass(frozen=True)
class Rule:
    """What the organisation says about one key: locked, or bounded (as it wrote the bounds);
    ``set_by`` says where, for messages (the lock's entry if locked, else the bound's)."""

    locked: bool = False
    minimum: str | int | None = None
    maximum: str | int | None = None
    set_by: str = ""

    def outside(self, value: Value) -> tuple[str, str | int] | None:
        """Return ``("min", bound)`` or ``("max", bound)`` when ``value`` is beyond that
        bound, else None (a value that is not a duration or a count is left to the
        validator)."""
        measured = _measure(value)
        for end, bound in (("min", self.minimum), ("max", self.maximum)):
            limit = _measure(bound)
            if measured is None or limit is None or type(measured) is not type(limit):
                continue
            if (measured < limit) if end == "min" else (measured > limit):  # type: ignore[operator]
                assert bound is not None
                return end, bound
        return None


@dataclass
class UserFile:
    """The user's config file opened for editing, with the settings in effect.

    ``problems`` lists what is wrong with the files as they are on disk; while it is
    not empty :meth:`save` writes nothing. ``effective`` is the config in force
    (built-in < organisation < user, after the policy), ``inherited`` the built-in and
    organisation settings merged, which tells what is set without the user's file.
    """

    path: Path
    org: Document | None
    policy: Policy
    problems: list[str]
    effective: dict[str, Any] = field(default_factory=dict)
    inherited: dict[str, Any] = field(default_factory=dict)

    def value(self, path: Path_) -> Any:
        """Given a key path, return its value in effect, or None when it is unset."""
        found = lookup(self.effective, path)
        return None if found is MISSING else found

    def value_below(self, path: Path_) -> Any:
        """Given a key path, return its value without the user's file, or None when it
        is unset there."""
        found = lookup(self.inherited, path)
        return None if found is MISSING else found

    def rule(self, path: Path_) -> Rule:
        """Given a key path, return the organisation's rule for it."""
        # Locking a mapping (``reminders.walk``) locks every key below it.
        prefixes = {path[:depth] for depth in range(1, len(path) + 1)}
        lock = next((lock for lock in self.policy.locks
                     if prefixes.intersection(_paths(lock.pattern, self.inherited))), None)
        locked_by = set_by(lock.mark) if lock else ""
        for bound in self.policy.bounds:
            if path in _paths(bound.pattern, self.effective):
                written = dict(bound.written)
                return Rule(lock is not None, written.get("min"), written.get("max"),
                            locked_by or set_by(bound.mark))
        return Rule(lock is not None, set_by=locked_by)

    def save(self, changes: Mapping[Path_, Value]) -> list[str]:
        """Given changed keys and their new values, write them into the user's file.

        The file is read again first, so edits made meanwhile in an editor are kept.
        Return the problems that kept it from being written (nothing is written then),
        or an empty list once the file is replaced.
        """
        from ruamel.yaml.error import YAMLError

        if self.problems:
            return list(self.problems)
        refused = self._against_policy(changes)
        if refused:
            return refused
        try:
            original = self.path.read_text(encoding="utf-8-sig") if self.path.exists() else (
                user_template())
            text = apply(original, changes)
            user = load_text(text, str(self.path), self.path)
            loaded = assemble(self.org, user)
        except ConfigError as error:
            return list(error.problems)
        except (OSError, UnicodeDecodeError) as error:
            return [f"{self.path}: cannot be read ({error}); check the file"]
        except YAMLError as error:
            return [f"{self.path}: cannot be edited here ({error}); edit it in a text editor"]
        try:
            write_atomic(self.path, text.encode("utf-8"), mode=_mode(self.path))
        except OSError as error:
            return [f"{self.path}: cannot be written ({error.strerror or error}); "
                    "check that its folder is writable"]
        self.effective = loaded.data
        return []

    def _against_policy(self, changes: Mapping[Path_, Value]) -> list[str]:
        refused = []
        for path, value in changes.items():
            rule = self.rule(path)
            beyond = rule.outside(value)
            if rule.locked:
                refused.append(f"{dotted(path)}: is locked by {rule.set_by}")
            elif beyond is not None:
                end, bound = beyond
                side = "minimum" if end == "min" else "maximum"
                refused.append(f"{dotted(path)}: {value} is beyond the {side} {bound} set by "
                               f"{rule.set_by}")
        return refused


def open_user_file(
    config_path: Path | None = None,
    org_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> UserFile:
    """Given the ``--config``/``--org-config`` paths (or None) and the environment
    (default ``os.environ``), return the user's file opened for editing.

    Problems in the files are reported in ``UserFile.problems``, never raised.
    """
    org_location, user_location = locate(
        config_path, org_path, os.environ if environ is None else environ)
    problems: list[str] = []
    org = _org_document(org_location, os.environ if environ is None else environ, problems)
    policy = Policy()
    if org is not None:
        policy, _ = read_policy(org)
    opened = UserFile(user_location.path, org, policy, problems)
    opened.inherited = merge(layers_below_user(org)).data
    try:
        user = load_path(user_location.path) if user_location.path.exists() else None
        opened.effective = assemble(org, user).data
    except ConfigError as error:
        problems.extend(error.problems)
        # The window shows the settings in force without the broken file.
        opened.effective = _without_user(org)
    return opened


def _without_user(org: Document | None) -> dict[str, Any]:
    try:
        return assemble(org, None).data
    except ConfigError:
        return {}


def _org_document(location: Location, environ: Mapping[str, str],
                  problems: list[str]) -> Document | None:
    try:
        return organisation_document(location, environ, problems)[0]
    except ConfigError as error:
        problems.extend(error.problems)
        return None


def apply(text: str, changes: Mapping[Path_, Value]) -> str:
    """Given a config file's text and changed keys, return the text with the changes,
    keeping its comments, order, quoting and indentation.

    Raise ruamel.yaml's YAMLError if the text is not YAML it can read.
    """
    # ruamel.yaml loads on the first save, not when the window opens.
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent or 2, sequence=indent or 2, offset=offset or 0)
    root = yaml.load(text)
    # An empty file or one of comments only (the starter file) has no tree to keep the
    # comments in: the new keys follow the text as it is.
    prefix = ""
    if not isinstance(root, CommentedMap):
        prefix = text if text.endswith("\n") or not text else text + "\n"
        root = CommentedMap()
    for path, value in changes.items():
        _set(root, path, value)
    if not root and not prefix:
        return ""
    stream = io.StringIO()
    if root:
        yaml.dump(root, stream)
    return prefix + stream.getvalue()


def _set(root: CommentedMap, path: Path_, value: Value) -> None:
    from ruamel.yaml.comments import CommentedMap

    parent = root
    for key in path[:-1]:
        child = parent.get(key)
        if not isinstance(child, CommentedMap):
            if value is None:
                return
            child = CommentedMap()
            parent[key] = child
        parent = child
    key = path[-1]
    if value is None:
        parent.pop(key, None)
        return
    parent[key] = _node(value, parent.get(key))


def _node(value: Value, old: object) -> object:
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, list):
        seq = CommentedSeq(_node(item, None) for item in value)
        # A list written inline stays inline; a new one is written inline too, as the
        # starter file shows them.
        if not isinstance(old, CommentedSeq) or old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and _TIME.match(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


def _paths(pattern: tuple[str, ...], data: dict[str, Any]) -> set[tuple[str | int, ...]]:
    return {pattern} if "*" not in pattern else set(expand(pattern, data))


def _measure(value: object) -> timedelta | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except ValueError:
            return None
    return None


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644
