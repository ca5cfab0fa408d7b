"""Helper windows end with the ergo that opened them.

The prompt, the routine player, the About window and the welcome run as child
processes of the daemon. When the daemon dies without closing them (``kill -9``,
a crash), they would stay on screen until their own timeout, answering no one.
:func:`close_with_parent` checks once a second, on the window's Tk loop, whether
the process was re-parented, and closes the window if so. Called on the thread
that runs the Tk loop, before ``mainloop``.
"""

from __future__ import annotations

import os
from typing import Any

#: A window outlives its daemon by at most this long; once a second costs nothing.
CHECK_MS = 1000


def close_with_parent(root: Any) -> None:
    """Destroy the Tk ``root`` once the process that started this one has ended."""
    parent = os.getppid()

    def check() -> None:
        if os.getppid() != parent:
            root.destroy()
        else:
            root.after(CHECK_MS, check)

    root.after(CHECK_MS, check)
