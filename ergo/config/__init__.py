"""ergo's layered YAML configuration: built-in < organisation < user < overrides.

Other parts call :func:`load_config` and read ``LoadedConfig.settings``; the
daemon watches ``LoadedConfig.files`` to reload on change. ``ergo config check``
uses :func:`check_file`. Everything here runs on whichever thread calls it and
keeps no state between calls.

The recipe: find the files (``locate``), load each one safely (``load``), combine
every delivery of the organisation layer into one (``organisation``), take
the organisation's ``policy`` out (``policy``), merge the layers keeping each
key's file:line (``merge``), enforce the policy, then build and check
:class:`~ergo.core.model.Settings` (``validate``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ergo.config.load import Document, load_path, load_resource, load_text
from ergo.config.localise import localise
from ergo.config.locate import Location, files_to_read, locate
from ergo.config.merge import BUILT_IN, ORGANISATION, OVERRIDE, USER, Layer, Origin, merge
from ergo.config.organisation import combine, drop_ins, read_native
from ergo.config.policy import Policy, enforce, read_policy
from ergo.config.problems import ConfigError, KeyPath, Mark, dotted, problem
from ergo.config.validate import build_settings
from ergo.core.model import Settings
from ergo.i18n import resolve_language
from ergo.region import resolve_region

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
    effective config as plain data, the shape of a config file; ``locks`` maps each
    locked dotted key path to where the organisation locked it (its ``policy.locked``
    entry, registry value or property-list key).
    """

    settings: Settings
    origins: dict[str, Origin]
    warnings: list[str]
    files: list[Path]
    data: dict[str, Any]
    locks: dict[str, Mark] = field(default_factory=dict)


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
    environ = os.environ if environ is None else environ
    present = {loc.layer: loc for loc in files_to_read((org_location, user_location))}
    problems: list[str] = []
    org, org_files = organisation_document(org_location, environ, problems)
    user_file = present.get("user")
    user = _load(user_file.path, problems) if user_file else None
    override_docs = [_override(text, problems) for text in overrides]
    if problems:
        raise ConfigError(problems)
    extra = [Layer(OVERRIDE, doc) for doc in override_docs if doc is not None]
    loaded = assemble(org, user, extra)
    if user is not None and user.path is not None:
        org_files.append(user.path)
    return with_language(replace(loaded, files=org_files), environ)


def organisation_document(
    org_location: Location, environ: Mapping[str, str], problems: list[str]
) -> tuple[Document | None, list[Path]]:
    """Given the organisation file's Location and the environment, return every delivery
    of the organisation's settings as one Document (None when there is none) and the
    files it was read from; what cannot be read is added to ``problems``."""
    present = files_to_read((org_location,))
    org_files = [loc.path for loc in present]
    org_files += drop_ins(org_location.path)
    org_docs = [doc for doc in (_load(path, problems) for path in org_files) if doc is not None]
    org_docs += read_native(environ, problems)
    return combine(org_docs), org_files


def with_language(loaded: LoadedConfig, environ: Mapping[str, str] | None = None) -> LoadedConfig:
    """Given a LoadedConfig, return it with its ``language`` resolved (``auto``: the
    environment's, default ``os.environ``), its texts in that language and its ``region``
    resolved (see :mod:`ergo.region`)."""
    language = resolve_language(loaded.settings.language, environ)
    region = resolve_region(loaded.settings.region or "auto", environ)
    settings = replace(loaded.settings, language=language, region=region)
    return replace(loaded, settings=localise(settings, language))


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
    layers = layers_below_user(org)
    if org is not None:
        policy, problems = read_policy(org)
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
        settings = build_settings(enforced.merged, frozenset(enforced.locked))
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
        locks=enforced.locked,
    )


def layers_below_user(org: Document | None) -> list[Layer]:
    """Given the loaded organisation Document (or None), return the layers below the
    user's file, lowest first: the built-in files and the organisation's settings
    without its policy."""
    layers = [Layer(BUILT_IN, load_resource(name)) for name in BUILT_IN_FILES]
    if org is not None:
        layers.append(Layer(ORGANISATION, _without_policy(org)))
    return layers


def _load(path: Path, problems: list[str]) -> Document | None:
    try:
        return load_path(path)
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

