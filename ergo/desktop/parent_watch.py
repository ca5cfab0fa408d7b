"""Helper windows end with the ergo that opened them.

The prompt, the routine player, the About window and the welcome run as child
processes of the daemon. When the daemon dies without closing them (``kill -9``,
a crash), they would stay on screen until their own timeout, answering no one.

So the daemon starts them with :func:`spawn`, which hands each child the read end
of a pipe whose write end only the daemon holds (its number in
``ERGO_PARENT_FD``). Nothing is ever written; when the daemon ends, however it
ends, the kernel closes the write end and the read end becomes readable.
:func:`close_with_parent`, called in the child on the thread that runs the Tk loop
before ``mainloop``, closes the window then: an event, no polling. A window started
by hand (no ``ERGO_PARENT_FD``), or on Windows, has nothing to watch.
"""

from __future__ import annotations

import os
import sys
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

ENV_FD = "ERGO_PARENT_FD"


def spawn(command: list[str], **options: Any) -> subprocess.Popen[str]:
    """Start ``command`` like ``subprocess.Popen(command, **options)``, linked to this
    process so that its windows close when this process ends. Any thread."""
    # Imported here: the windows themselves only call close_with_parent.
    import subprocess

    if sys.platform == "win32":
        return subprocess.Popen(command, **options)
    read_end, write_end = os.pipe()
    try:
        env = dict(options.pop("env", None) or os.environ, **{ENV_FD: str(read_end)})
        process = subprocess.Popen(command, pass_fds=(read_end,), env=env, **options)
    except BaseException:
        os.close(write_end)
        raise
    finally:
        os.close(read_end)
    # Held while the Popen object lives: the child may outlive a worker's interest in it.
    weakref.finalize(process, os.close, write_end)
    return process


def close_with_parent(root: Any) -> None:
    """Destroy the Tk ``root`` once the process that spawned this one has ended."""
    text = os.environ.pop(ENV_FD, "")
    if not text.isdigit() or sys.platform == "win32":
        return
    import tkinter

    fd = int(text)
    root.tk.createfilehandler(fd, tkinter.READABLE, lambda *_: root.destroy())
