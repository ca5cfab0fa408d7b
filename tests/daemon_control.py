"""Asking a test's ergo daemon what it is doing from the test's own process, through the
control channel that every ``ergo`` command uses.

Tests wait on the daemon by asking it again and again; starting ``ergo status`` each
time costs about 0.2 s of CPU, and on a busy machine that slows the very daemon being
waited on. Tests of the commands themselves still run them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ergo.control.client import request as _request
from ergo.control.endpoint import Endpoint
from ergo.errors import UserError


def below_xdg_runtime(xdg_runtime_dir: Path | str) -> Path:
    """Return the folder where ergo listens when only ``XDG_RUNTIME_DIR`` says where
    (no ``ERGO_RUNTIME_DIR``): its own folder below it, as platformdirs names it."""
    return Path(xdg_runtime_dir) / "ergo"


def request(runtime: Path, cmd: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
    """Send the daemon whose runtime folder is ``runtime`` one request; return its data.

    Raise UserError as the commands do: when no daemon answers, or it refuses."""
    return _request(cmd, args, endpoint=Endpoint.for_dir(runtime))


def status(runtime: Path) -> dict[str, Any] | None:
    """Return the status of the daemon whose runtime folder is ``runtime``, or None while
    none answers."""
    try:
        return request(runtime, "status")
    except UserError:
        return None
