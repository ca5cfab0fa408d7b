"""Where ergo looks for the organisation file and the user file.

Each layer has a default path in the platform's config directories (through
platformdirs) that may be replaced by an environment variable or a command-line
option; the option wins over the variable. A missing default file is simply
skipped, but a missing file the user named is an error: a typo in a path must
not silently drop the HR policy or the user's own settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ergo.config.problems import ConfigError
from ergo.config_paths import APP, ORG_ENV, USER_ENV, default_org_path, default_user_path

__all__ = ["APP", "ORG_ENV", "USER_ENV", "Location", "default_org_path", "default_user_path",
           "files_to_read", "locate"]


@dataclass(frozen=True)
class Location:
    """One layer's file: its path and who chose it (``default``, an env var or an option)."""

    layer: str
    path: Path
    chosen_by: str

    @property
    def explicit(self) -> bool:
        return self.chosen_by != "default"

    @property
    def exists(self) -> bool:
        return self.path.exists()


def locate(
    config_path: Path | None, org_path: Path | None, environ: Mapping[str, str]
) -> tuple[Location, Location]:
    """Given the paths from options (or None) and the environment, return (org, user) Locations."""
    return (
        _choose("organisation", org_path, "--org-config", environ, ORG_ENV, default_org_path),
        _choose("user", config_path, "--config", environ, USER_ENV, default_user_path),
    )


def _choose(
    layer: str,
    option: Path | None,
    option_name: str,
    environ: Mapping[str, str],
    variable: str,
    default: Callable[[], Path],
) -> Location:
    if option is not None:
        return Location(layer, Path(option), option_name)
    if environ.get(variable):
        return Location(layer, Path(environ[variable]).expanduser(), variable)
    return Location(layer, default(), "default")


def files_to_read(locations: tuple[Location, ...]) -> list[Location]:
    """Given Locations, return the existing ones; raise ConfigError if a named one is missing."""
    missing = [
        f"{loc.path}: no such file (the {loc.layer} file named by {loc.chosen_by}); "
        f"check the path given by {loc.chosen_by}"
        for loc in locations
        if loc.explicit and not loc.path.exists()
    ]
    if missing:
        raise ConfigError(missing)
    return [loc for loc in locations if loc.path.exists()]
