"""Where the session's Wayland compositor listens, and the error for when it cannot be reached.

Apart from :mod:`ergo.desktop.wayland_wire` so that telling whether this is a Wayland
session at all (``ergo.desktop.select`` does, on X11 too) loads no protocol code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class WaylandError(Exception):
    """The compositor cannot be reached or broke the connection; the message says why."""


def socket_path(env: Mapping[str, str]) -> str:
    """Return the compositor's socket named by ``WAYLAND_DISPLAY`` (absolute, or under
    ``XDG_RUNTIME_DIR``); raise WaylandError when the session has none."""
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        raise WaylandError("not a Wayland session (WAYLAND_DISPLAY is not set)")
    if name.startswith("/"):
        return name
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime:
        raise WaylandError("XDG_RUNTIME_DIR is not set, so the Wayland socket cannot be found")
    return os.path.join(runtime, name)
