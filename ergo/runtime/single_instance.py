"""One ergo daemon per user: a locked pid file, plus a check of the control socket.

The lock is ``ergo.lock`` in the runtime directory, held with ``fcntl.flock``
on POSIX and ``msvcrt.locking`` on Windows for as long as the daemon runs. The
operating system drops it when the process dies, however it dies, so a lock
left by a crashed daemon (kill -9) is simply free again. The file holds the
holder's pid, to name it in the message a second daemon prints.

Holding the lock also means any control socket still on disk is stale: it is
removed, unless something answers on it (a daemon whose lock file was
deleted, for instance by a cleaner of /tmp), in which case ergo is running.

Call :meth:`InstanceLock.acquire` on the main thread before starting the
control server; release it (or leave the ``with`` block) after closing it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from pathlib import Path

from ergo.control.endpoint import AUTHKEY_NAME, SOCKET_NAME, Endpoint, ensure_private_dir
from ergo.errors import UserError
from ergo.i18n import _

LOCK_NAME = "ergo.lock"
# Windows locks byte ranges and a locked range cannot even be read, so the
# lock sits past the pid text instead of on it.
_WINDOWS_LOCK_OFFSET = 64

log = logging.getLogger(__name__)


class AlreadyRunning(UserError):
    """Another ergo daemon runs for this user; ``pid`` is its process id when known."""

    exit_code = 1

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        super().__init__(_("ergo is already running (pid {pid})").format(pid=pid) if pid else
                         _("ergo is already running"))


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, _WINDOWS_LOCK_OFFSET).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


class InstanceLock:
    """The right to be the one ergo daemon of this user (see the module docstring)."""

    def __init__(self, endpoint: Endpoint | None = None) -> None:
        self.endpoint = endpoint or Endpoint.for_dir()
        self.path: Path = self.endpoint.directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, clean up what a crashed daemon left, and record our pid.

        Raise AlreadyRunning when another daemon holds the lock or answers on
        the control socket.
        """
        ensure_private_dir(self.endpoint.directory)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if not _try_lock(fd):
                raise AlreadyRunning(_read_pid(fd))
            previous = _read_pid(fd)
            if self.endpoint.answers():
                _unlock(fd)
                raise AlreadyRunning(previous)
            self._remove_stale_socket(previous)
            self._report_odd_files()
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _remove_stale_socket(self, previous: int | None) -> None:
        """Remove what an ergo that ended without cleaning up left at the socket's path.

        Anything there is ergo's (the directory is private): a socket, a file or a
        symlink goes; an empty directory too; a directory with files in it is not
        ergo's to delete, so ergo says so and stops.
        """
        socket_path = self.endpoint.socket_path
        if socket_path is None:
            return
        try:
            info = socket_path.lstat()
        except FileNotFoundError:
            return
        owner = f" (pid {previous})" if previous else ""
        try:
            if stat.S_ISDIR(info.st_mode):
                socket_path.rmdir()
            else:
                socket_path.unlink()
        except OSError as error:
            raise UserError(_("{path} is in the way of ergo's control socket and cannot be "
                              "removed ({reason}); remove it and start ergo again").format(
                                  path=socket_path, reason=error.strerror), exit_code=1) from None
        kind = "control socket" if stat.S_ISSOCK(info.st_mode) else "odd entry at the socket's path"
        log.warning("removed the %s %s left by an ergo that ended without cleaning up%s",
                    kind, socket_path, owner)

    def _report_odd_files(self) -> None:
        """Remove the key files half written by an ergo that died; report, in one line,
        anything else in the runtime directory that is not ergo's."""
        known = {LOCK_NAME, AUTHKEY_NAME, SOCKET_NAME}
        odd = []
        for entry in self.endpoint.directory.iterdir():
            if entry.name.startswith(f".{AUTHKEY_NAME}."):
                with contextlib.suppress(OSError):
                    entry.unlink()
            elif entry.name not in known:
                odd.append(entry.name)
        if odd:
            log.warning("the runtime directory %s holds entries that are not ergo's, left "
                        "alone: %s", self.endpoint.directory, ", ".join(sorted(odd)))

    def release(self) -> None:
        """Give the lock up; the file stays, emptied, so the next daemon locks the same file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
