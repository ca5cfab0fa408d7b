"""Noticing edits to the config files, for the daemon's ``ergo-config-watch`` thread.

On Linux the thread sleeps in ``select`` on an inotify descriptor watching the files'
folders (or, for a folder that does not exist yet, the nearest one that does), so it
wakes only when something there changes; elsewhere, or when inotify cannot be had, it
looks every :data:`POLL_INTERVAL` seconds. Either way a change is judged the same way:
a file appeared, went away, or its modification time or size changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ergo.config.organisation import drop_ins_in

log = logging.getLogger(__name__)

#: How often the files are looked at without inotify; editing is rare and a few
#: seconds' delay is not noticed, so this stays slow.
POLL_INTERVAL = 5.0
#: An editor's save is several events (write, rename, attributes): wait until the
#: folder has been quiet this long, in seconds, then look once.
SETTLE = 0.2
#: How often, in seconds, the inotify watch checks whether it should stop.
STOP_CHECK = 300.0

_CLOEXEC_NONBLOCK = 0o2000000 | 0o4000
# IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE,
# IN_DELETE_SELF, IN_MOVE_SELF: not IN_MODIFY, so a file half written is not read.
_MASK = 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800

Stamp = tuple[object, ...] | None


def stamp(path: Path) -> Stamp:
    """Return what tells a file's versions apart (modification time, size), or a drop-in
    folder's (each drop-in's name and stamp); None if absent or without drop-ins."""
    try:
        info = path.stat()
    except OSError:
        return None
    if path.is_dir():
        # A folder without drop-ins sets nothing, like no folder.
        return tuple((drop_in.name, stamp(drop_in)) for drop_in in drop_ins_in(path)) or None
    return (info.st_mtime, info.st_size)


def watch(paths: tuple[Path, ...], changed: Callable[[], None], stopping: threading.Event) -> None:
    """Call ``changed`` each time one of ``paths`` appears, changes or goes away, until
    ``stopping`` is set (noticed within :data:`STOP_CHECK` s with inotify)."""
    def announce() -> None:
        log.debug("a config file changed on disk")
        changed()

    inotify = _inotify() if sys.platform.startswith("linux") else None
    if inotify is None:
        _poll(paths, announce, stopping)
        return
    descriptor, add_watch = inotify
    try:
        _notified(paths, announce, stopping, descriptor, add_watch)
    finally:
        os.close(descriptor)


def _poll(paths: tuple[Path, ...], changed: Callable[[], None], stopping: threading.Event) -> None:
    stamps = {path: stamp(path) for path in paths}
    while not stopping.wait(POLL_INTERVAL):
        current = {path: stamp(path) for path in paths}
        if current != stamps:
            stamps = current
            changed()


def _notified(
    paths: tuple[Path, ...], changed: Callable[[], None], stopping: threading.Event,
    descriptor: int, add_watch: Callable[[Path], None],
) -> None:
    # Watching first, then reading the stamps: an edit in between is not lost.
    for path in paths:
        add_watch(_nearest_folder(path))
    stamps = {path: stamp(path) for path in paths}
    while not stopping.is_set():
        if not select.select([descriptor], [], [], STOP_CHECK)[0]:
            continue
        # Drain until the folder is quiet, then look once.
        while select.select([descriptor], [], [], SETTLE)[0]:
            with contextlib.suppress(BlockingIOError):
                os.read(descriptor, 65536)
        # A folder that was missing may exist now (or one watched may be gone).
        for path in paths:
            add_watch(_nearest_folder(path))
        current = {path: stamp(path) for path in paths}
        if current != stamps:
            stamps = current
            changed()


def _nearest_folder(path: Path) -> Path:
    # A drop-in folder changes inside itself; a file changes in its folder.
    folder = path if path.is_dir() else path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _inotify() -> tuple[int, Callable[[Path], None]] | None:
    """Return an inotify descriptor and a function that adds a folder to it, or None
    when the C library has no inotify (the caller then polls)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        init, add = libc.inotify_init1, libc.inotify_add_watch
    except (OSError, AttributeError) as error:
        log.info("no inotify (%s); the config files are looked at every %g s",
                 error, POLL_INTERVAL)
        return None
    add.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32)
    descriptor = init(_CLOEXEC_NONBLOCK)
    if descriptor < 0:
        log.info("no inotify (%s); the config files are looked at every %g s",
                 os.strerror(ctypes.get_errno()), POLL_INTERVAL)
        return None

    def add_watch(folder: Path) -> None:
        # Adding a folder already watched only updates its mask.
        if add(descriptor, os.fsencode(folder), _MASK) < 0:
            log.debug("cannot watch %s: %s", folder, os.strerror(ctypes.get_errno()))

    return descriptor, add_watch
