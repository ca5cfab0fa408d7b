"""The policies an organisation can set, derived from the config description.

Each single setting of :data:`ergo.config.schema.CONFIG` (a boolean, choice,
duration, time of day, text, count or list) is one :class:`PolicySetting`; it
can be given a value, locked, and (durations and counts) bounded. Group
Policy templates, the example configuration profile and the registry and
managed-preferences readers all take their keys from :func:`policy_settings`,
so none of them keeps a list of its own.

Reminders are listed by the ids of the built-in reminders (``defaults.yaml``).
Routines and per-weekday hours are structures, not single settings: they stay
in the YAML organisation file. Pure data; any thread may call this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ergo.config import schema

BOOL = "bool"
ENUM = "enum"
DURATION = "duration"
TIME = "time"
TEXT = "text"
COUNT = "count"
LIST = "list"
KINDS = (BOOL, ENUM, DURATION, TIME, TEXT, COUNT, LIST)

#: Parts of the config that only the YAML file can hold (see the module docstring).
YAML_ONLY = ("routines", "work_hours.per_day")


@dataclass(frozen=True)
class PolicySetting:
    """One setting as a policy: its dotted ``key``, its ``kind`` (one of :data:`KINDS`),
    the allowed ``choices`` of an enum and the ``minimum``/``maximum`` of a count."""

    key: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def boundable(self) -> bool:
        """Whether a min/max bound applies (durations and counts)."""
        return self.kind in (DURATION, COUNT)


def kind_of(spec: schema.Spec) -> str | None:
    """Given a Spec, return its policy kind, or None when it is not a single setting."""
    if isinstance(spec, schema.Boolean):
        return BOOL
    if isinstance(spec, schema.Choice):
        return ENUM
    if isinstance(spec, schema.Duration):
        return DURATION
    if isinstance(spec, schema.Integer):
        return COUNT
    if isinstance(spec, schema.ListOf):
        return LIST
    if isinstance(spec, schema.String) and spec.pattern == schema.CLOCK_PATTERN:
        return TIME
    # A language is a code: catalogs can be added after the templates are made.
    if isinstance(spec, schema.String | schema.Text | schema.Language):
        return TEXT
    return None


@cache
def built_in_reminders() -> tuple[str, ...]:
    """Return the ids of the built-in reminders, in the order of ``defaults.yaml``."""
    from importlib import resources

    import yaml

    text = resources.files("ergo.config").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text)["reminders"])


@cache
def policy_settings() -> tuple[PolicySetting, ...]:
    """Return every setting an organisation can set, lock or bound, in description order."""
    found: list[PolicySetting] = []
    for name, spec in schema.SECTIONS.items():
        _collect(spec, (name,), found)
    return tuple(found)


def by_key() -> dict[str, PolicySetting]:
    """Return :func:`policy_settings` keyed by dotted key."""
    return {setting.key: setting for setting in policy_settings()}


def _collect(spec: schema.Spec, path: tuple[str, ...], found: list[PolicySetting]) -> None:
    key = ".".join(path)
    if key in YAML_ONLY:
        return
    if isinstance(spec, schema.Record):
        for name, child in spec.fields.items():
            _collect(child, (*path, name), found)
        return
    if isinstance(spec, schema.Table):
        for reminder in built_in_reminders() if path == ("reminders",) else ():
            _collect(spec.value, (*path, reminder), found)
        return
    kind = kind_of(spec)
    if kind is None:
        return
    found.append(PolicySetting(
        key, kind, spec.description,
        choices=spec.values if isinstance(spec, schema.Choice) else (),
        minimum=spec.minimum if isinstance(spec, schema.Integer) else None,
        maximum=spec.maximum if isinstance(spec, schema.Integer) else None,
    ))
