"""The organisation's rules over user settings: locked keys and min/max bounds.

Only the organisation file may hold ``policy:``. After all layers are merged,
:func:`enforce` puts back the organisation's value for every locked key and
moves out-of-bounds durations and counts to the nearest bound. A user value that
breaks a rule never stops ergo: the organisation wins and a warning names the
key, the user's value and its file:line, and where the organisation set the rule:
the file:line of its ``policy.locked`` entry or bound, or the registry value or
property-list key that delivered it. (A built-in default outside a bound is moved
quietly: the user did nothing to be warned about.)

A ``*`` in a path matches every id at that place, so ``reminders.*.enabled``
locks whether each built-in and organisation reminder runs.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ergo.config import schema
from ergo.config.load import Document
from ergo.config.merge import (
    BUILT_IN,
    MISSING,
    ORGANISATION,
    Merged,
    Origin,
    forget,
    lookup,
    walk,
)
from ergo.config.problems import KeyPath, Mark, did_you_mean, dotted, problem
from ergo.core.durations import parse_duration

Pattern = tuple[str, ...]


@dataclass(frozen=True)
class Bound:
    """Limits for the values at ``pattern``: durations or counts, either end optional."""

    pattern: Pattern
    minimum: timedelta | int | None
    maximum: timedelta | int | None
    mark: Mark
    written: tuple[tuple[str, Any], ...] = ()

    def text(self, end: str) -> Any:
        """Return ``min`` or ``max`` as the organisation wrote it (``90m``, not ``1h30m``)."""
        return dict(self.written)[end]


@dataclass(frozen=True)
class Lock:
    """A locked key pattern and where the organisation wrote it."""

    pattern: Pattern
    mark: Mark


@dataclass(frozen=True)
class Policy:
    """Locked key patterns and bounds read from the organisation's settings."""

    locks: tuple[Lock, ...] = ()
    bounds: tuple[Bound, ...] = ()


def read_policy(document: Document) -> tuple[Policy, list[str]]:
    """Given the organisation Document, return its Policy and the problems found in it."""
    raw = document.data.get("policy")
    if raw is None:
        return Policy(), []
    problems: list[str] = []

    def report(path: KeyPath, message: str) -> None:
        problems.append(problem(document.mark(path), path, message))

    for path, message in schema.check(schema.POLICY, raw, ("policy",)):
        report(path, message)
    if problems:
        return Policy(), problems
    locks = []
    for index, text in enumerate(raw.get("locked", [])):
        at = ("policy", "locked", index)
        pattern = _pattern(text, at, report)
        if pattern:
            locks.append(Lock(pattern, document.mark(at)))
    bounds = []
    for text, limits in raw.get("bounds", {}).items():
        at = ("policy", "bounds", text)
        pattern = _pattern(text, at, report)
        if pattern:
            bound = _bound(pattern, limits, at, document.mark(at), report)
            if bound:
                bounds.append(bound)
    return Policy(tuple(locks), tuple(bounds)), problems


def _pattern(text: str, at: KeyPath, report: schema.Report) -> Pattern | None:
    pattern = tuple(text.split("."))
    spec: schema.Spec = schema.CONFIG
    for depth, key in enumerate(pattern):
        found = spec.child(key)
        if found is None or key == "policy":
            near = did_you_mean(key, spec.fields) if isinstance(spec, schema.Record) else (
                "check the spelling against `ergo config show`")
            report(at, f"{'.'.join(pattern[: depth + 1])!r} is not a config key; {near}")
            return None
        spec = found
    return pattern


def _bound(
    pattern: Pattern, limits: dict[str, object], at: KeyPath, mark: Mark,
    report: schema.Report,
) -> Bound | None:
    spec = schema.spec_at(pattern)
    parse: Any
    if isinstance(spec, schema.Duration):
        parse, kind = parse_duration, "a duration such as 30m"
    elif isinstance(spec, schema.Integer):
        parse, kind = int, "a whole number"
    else:
        report(at, "bounds apply to durations and counts only; lock this key instead")
        return None
    values: dict[str, Any] = {}
    for end in ("min", "max"):
        if end in limits:
            expected = str if parse is parse_duration else int
            if not isinstance(limits[end], expected) or isinstance(limits[end], bool):
                report((*at, end), f"this key holds {kind}; write its {end} as {kind}")
                return None
            values[end] = parse(limits[end])
    if not values:
        report(at, "gives neither min nor max; add min: or max: below it")
        return None
    if "min" in values and "max" in values and values["min"] > values["max"]:
        report(at, "min is larger than max; swap them")
        return None
    written = tuple((end, limits[end]) for end in values)
    return Bound(pattern, values.get("min"), values.get("max"), mark, written)


def expand(pattern: Pattern, data: object) -> list[KeyPath]:
    """Given a pattern with optional ``*`` ids, return the key paths in ``data`` it matches."""
    found: list[KeyPath] = [()]
    for key in pattern:
        step: list[KeyPath] = []
        for path in found:
            value = lookup(data, path)
            if key == "*" and isinstance(value, dict):
                step.extend((*path, name) for name in value)
            elif isinstance(value, dict) and key in value:
                step.append((*path, key))
        found = step
    return found


@dataclass(frozen=True)
class Enforced:
    """The merged config after policy, the concrete locked paths (each with the mark of
    the entry that locked it), warnings and problems.

    ``problems`` are contradictions inside the organisation file itself (its own
    value outside its own bound).
    """

    merged: Merged
    locked: dict[str, Mark]
    warnings: list[str]
    problems: list[str]


def enforce(merged: Merged, base: Merged, policy: Policy) -> Enforced:
    """Given the full merge, the merge up to the organisation layer and its policy, apply it.

    Return new data and origins; the inputs are not changed.
    """
    data = copy.deepcopy(merged.data)
    origins = dict(merged.origins)
    warnings: list[str] = []
    problems: list[str] = []
    locked: dict[str, Mark] = {}
    for lock in policy.locks:
        paths = expand(lock.pattern, base.data) if "*" in lock.pattern else [lock.pattern]
        for path in paths:
            locked.setdefault(dotted(path), lock.mark)
            warning = _lock(path, data, origins, base, lock.mark)
            if warning:
                warnings.append(warning)
    for bound in policy.bounds:
        for path in expand(bound.pattern, data):
            _clamp(path, bound, data, origins, warnings, problems)
    return Enforced(Merged(data, origins), locked, warnings, problems)


def _lock(
    path: KeyPath, data: dict[str, Any], origins: dict[KeyPath, Origin], base: Merged,
    locked_at: Mark,
) -> str | None:
    wanted = lookup(base.data, path)
    value = lookup(data, path)
    if value == wanted:
        return None
    above = sorted(
        (origins[sub].mark.line, sub) for sub in walk(value, path)
        if sub in origins and origins[sub].layer not in (BUILT_IN, ORGANISATION)
        and not isinstance(lookup(data, sub), dict)
    )
    if not above:
        return None
    changed = above[0][1]
    mark = origins[changed].mark
    user_value = lookup(data, changed)
    parent = lookup(data, path[:-1])
    forget(value, path, origins)
    if wanted is MISSING:
        del parent[path[-1]]
        using = "leaving it unset"
    else:
        parent[path[-1]] = copy.deepcopy(wanted)
        for sub in walk(wanted, path):
            if sub in base.origins:
                origins[sub] = base.origins[sub]
        using = f"using {_show(lookup(base.data, changed))}"
    return problem(
        mark, changed,
        f"your value {_show(user_value)} is locked by {set_by(locked_at)}; {using}",
    )


def _clamp(
    path: KeyPath,
    bound: Bound,
    data: dict[str, Any],
    origins: dict[KeyPath, Origin],
    warnings: list[str],
    problems: list[str],
) -> None:
    raw = lookup(data, path)
    value = _measure(raw, bound)
    if value is None:
        return
    if bound.minimum is not None and _number(value) < _number(bound.minimum):
        end, side = "min", "minimum"
    elif bound.maximum is not None and _number(value) > _number(bound.maximum):
        end, side = "max", "maximum"
    else:
        return
    shown = bound.text(end)
    origin = origins.get(path)
    if origin is not None and origin.layer == ORGANISATION:
        problems.append(problem(
            origin.mark, path,
            f"{_show(raw)} is outside this file's own {side} {shown} (policy at line "
            f"{bound.mark.line}); change the value or the bound",
        ))
        return
    lookup(data, path[:-1])[path[-1]] = shown
    origins[path] = Origin(ORGANISATION, bound.mark)
    if origin is None or origin.layer == BUILT_IN:
        return
    warnings.append(problem(
        origin.mark, path,
        f"your value {_show(raw)} is beyond the {side} {shown} set by {set_by(bound.mark)}; "
        f"using {shown}",
    ))


def locked_at(locks: Mapping[str, Mark], key: str) -> Mark | None:
    """Given the locked dotted keys with their marks, return where ``key`` or the
    section holding it was locked (the innermost lock), or None when it is not locked."""
    parts = key.split(".")
    for depth in range(len(parts), 0, -1):
        mark = locks.get(".".join(parts[:depth]))
        if mark is not None:
            return mark
    return None


def set_by(mark: Mark) -> str:
    """Given the mark of a lock or bound, return who set it, for a message: ``the
    organisation file FILE:LINE:COL``, or ``the organisation (PLACE)`` for a registry
    value or property-list key, which has no line."""
    return f"the organisation file {mark}" if mark.line else f"the organisation ({mark})"


def _measure(raw: object, bound: Bound) -> timedelta | int | None:
    if isinstance(bound.minimum if bound.minimum is not None else bound.maximum, timedelta):
        try:
            return parse_duration(raw)
        except ValueError:
            return None
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def _number(value: timedelta | int) -> float:
    """A duration in seconds, a count as it is: a bound and the value it limits are of
    the same kind (see :func:`_measure`), so the numbers compare like the values."""
    return value.total_seconds() if isinstance(value, timedelta) else value


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is MISSING or value is None:
        return "(unset)"
    if isinstance(value, dict | list):
        return "a changed " + ("mapping" if isinstance(value, dict) else "list")
    return str(value)
