"""ergo's layered YAML configuration: built-in < organisation < user < overrides.

Other parts call :func:`load_config` and read ``LoadedConfig.settings``; the
daemon watches ``LoadedConfig.files`` to reload on change. ``ergo config check``
uses :func:`check_file`. Everything here runs on whichever thread calls it and
keeps no state between calls.

The recipe: find the files (``locate``), load each one safely (``load``), take
the organisation's ``policy`` out (``policy``), merge the layers keeping each
key's file:line (``merge``), enforce the policy, then build and check
:class:`~ergo.core.model.Settings` (``validate``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ergo.config.load import Document, load_path, load_resource, load_text
from ergo.config.locate import Location, files_to_read, locate
from ergo.config.merge import BUILT_IN, ORGANISATION, OVERRIDE, USER, Layer, Origin, merge
from ergo.config.policy import Policy, enforce, read_policy
from ergo.config.problems import ConfigError, KeyPath, Mark, dotted, problem
from ergo.config.validate import build_settings
from ergo.core.model import Settings
from ergo.i18n import resolve_language

__all__ = [
    "BUILT_IN_FILES", "ConfigError", "LoadedConfig", "Origin", "assemble", "check_file",
    "load_config", "with_language",
]

BUILT_IN_FILES = ("defaults.yaml", "routines.yaml")


@dataclass(frozen=True)
class LoadedConfig:
    """The effective configuration and how it came about.

    ``origins`` maps each dotted key path to the file:line that set it;
    ``warnings`` lists user values the organisation's policy overrode; ``files``
    are the config files actually read (built-in ones excluded); ``data`` is the
    effective config as plain data, the shape of a config file.
    """

    settings: Settings
    origins: dict[str, Origin]
    warnings: list[str]
    files: list[Path]
    data: dict[str, Any]


def load_config(
    config_path: Path | None = None,
    org_path: Path | None = None,
    overrides: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> LoadedConfig:
    """Given optional explicit paths, ``key.path=value`` overrides and the environment
    (default ``os.environ``), return the effective LoadedConfig.

    Raise ConfigError listing every problem in every file.
    """
    org_location, user_location = locate(
        config_path, org_path, os.environ if environ is None else environ
    )
    present = {loc.layer: loc for loc in files_to_read((org_location, user_location))}
    problems: list[str] = []
    org = _load(present.get("organisation"), problems)
    user = _load(present.get("user"), problems)
    override_docs = [_override(text, problems) for text in overrides]
    if problems:
        raise ConfigError(problems)
    extra = [Layer(OVERRIDE, doc) for doc in override_docs if doc is not None]
    return with_language(assemble(org, user, extra), environ)


def with_language(loaded: LoadedConfig, environ: Mapping[str, str] | None = None) -> LoadedConfig:
    """Given a LoadedConfig, return it with its ``language`` resolved (``auto``: the
    environment's, default ``os.environ``)."""
    language = resolve_language(loaded.settings.language, environ)
    return replace(loaded, settings=replace(loaded.settings, language=language))


def check_file(path: Path, as_org: bool = False) -> LoadedConfig:
    """Given one file, validate it on top of the built-in layer, as an organisation file
    (``as_org``) or a user file; return the result, or raise ConfigError."""
    document = load_path(path)
    return assemble(document, None) if as_org else assemble(None, document)


def assemble(
    org: Document | None, user: Document | None, extra: Sequence[Layer] = ()
) -> LoadedConfig:
    """Given loaded organisation and user Documents (either may be None) and override
    layers, return the LoadedConfig; raise ConfigError listing every problem."""
    problems: list[str] = []
    policy = Policy()
    layers = [Layer(BUILT_IN, load_resource(name)) for name in BUILT_IN_FILES]
    if org is not None:
        policy, problems = read_policy(org)
        layers.append(Layer(ORGANISATION, _without_policy(org)))
    base = merge(layers)
    if user is not None:
        if "policy" in user.data:
            problems.append(problem(
                user.mark(("policy",)), ("policy",),
                "is only honoured in the organisation file; remove it from this user file, "
                "or move it to the organisation file (see `ergo config paths`)",
            ))
        layers.append(Layer(USER, _without_policy(user)))
    layers.extend(extra)
    enforced = enforce(merge(layers), base, policy)
    problems.extend(enforced.problems)
    try:
        settings = build_settings(enforced.merged, enforced.locked)
    except ConfigError as error:
        problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return LoadedConfig(
        settings=settings,
        origins={dotted(path): origin for path, origin in enforced.merged.origins.items() if path},
        warnings=enforced.warnings,
        files=[doc.path for doc in (org, user) if doc is not None and doc.path is not None],
        data=enforced.merged.data,
    )


def _load(location: Location | None, problems: list[str]) -> Document | None:
    if location is None:
        return None
    try:
        return load_path(location.path)
    except ConfigError as error:
        problems.extend(error.problems)
        return None


def _without_policy(document: Document) -> Document:
    data = {key: value for key, value in document.data.items() if key != "policy"}
    return Document(document.source, data, document.marks, document.path)


def _override(text: str, problems: list[str]) -> Document | None:
    """Given ``key.path=value``, return a Document setting that one key; the value is YAML."""
    source = f"override {text!r}"
    key, sep, value = text.partition("=")
    parts = tuple(key.strip().split("."))
    if not sep or not all(parts):
        problems.append(f"{source}: write it as key.path=value, for example "
                        "reminders.walk.every=45m")
        return None
    if parts[0] == "policy":
        problems.append(f"{source}: policy can only be set in the organisation file; "
                        "remove this override")
        return None
    try:
        parsed = load_text(f"v: {value}" if value.strip() else "v:", source).data["v"]
    except ConfigError:
        parsed = value
    data: dict[str, Any] = {parts[-1]: parsed}
    for part in reversed(parts[:-1]):
        data = {part: data}
    marks: dict[KeyPath, Mark] = {parts[: depth + 1]: Mark(source) for depth in range(len(parts))}
    return Document(source, data, {(): Mark(source), **marks})

