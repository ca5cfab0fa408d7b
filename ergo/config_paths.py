"""The default places of the organisation file and the user file, and the variables
that replace them.

Light on purpose (platformdirs only): the config pipeline (:mod:`ergo.config.locate`)
and the commands that only need the configured language
(:mod:`ergo.language_setting`) both read them.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

ORG_ENV = "ERGO_ORG_CONFIG"
USER_ENV = "ERGO_CONFIG"
APP = "ergo"


def default_org_path() -> Path:
    """Return the platform's organisation file path, e.g. ``/etc/xdg/ergo/org.yaml``."""
    return Path(platformdirs.site_config_dir(APP, appauthor=False)) / "org.yaml"


def default_user_path() -> Path:
    """Return the platform's user file path, e.g. ``~/.config/ergo/ergo.yaml``."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "ergo.yaml"
