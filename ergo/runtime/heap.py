"""Keeping the daemon's C heap small with glibc's malloc tunables; a no-op elsewhere.

glibc gives each thread that allocates an arena of its own (up to eight per core),
and the daemon's threads mostly sleep, so their arenas hold memory that is barely
used. :func:`share_arenas` makes all threads share the main arena; ``ergo run``
calls it first, on the main thread, before any thread starts. Without glibc (musl,
macOS, Windows) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

#: mallopt's parameter number for the arena cap (glibc's malloc.h).
M_ARENA_MAX = -8


def share_arenas() -> bool:
    """Make every thread allocate from glibc's main arena; return whether glibc took it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, 1))
