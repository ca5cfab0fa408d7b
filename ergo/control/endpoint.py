"""The per-user address of the control channel, and the authkey that guards it.

Both live in the user runtime directory: ``$ERGO_RUNTIME_DIR`` when set (tests
and the desktop harness isolate themselves with it), else platformdirs'
``user_runtime_dir("ergo")`` (``$XDG_RUNTIME_DIR/ergo`` on Linux). The
directory is created with mode 0700 and must belong to the current user, so
only that user can reach the socket.

On POSIX the address is the AF_UNIX socket ``ergo.sock`` in that directory; on
Windows it is the named pipe ``\\\\.\\pipe\\ergo-<user>`` (with a suffix derived
from the directory when ``ERGO_RUNTIME_DIR`` is set, so isolated instances do
not meet). These are ``multiprocessing.connection``'s default families.

The daemon writes a fresh random authkey (file mode 0600) each time it starts;
commands read it to answer the HMAC challenge.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from ergo.errors import UserError
from ergo.i18n import _

ENV_RUNTIME_DIR = "ERGO_RUNTIME_DIR"
SOCKET_NAME = "ergo.sock"
AUTHKEY_NAME = "control.key"
AUTHKEY_BYTES = 32
# sun_path holds 104 bytes on macOS and the BSDs, 108 on Linux, NUL included.
_MAX_SOCKET_PATH = 103
_WINDOWS = sys.platform == "win32"


def default_runtime_dir() -> Path:
    """Return ``$ERGO_RUNTIME_DIR`` if set, else the platform's per-user runtime dir for ergo."""
    override = os.environ.get(ENV_RUNTIME_DIR)
    if override:
        return Path(override)
    import platformdirs

    # platformdirs warns when XDG_RUNTIME_DIR is unset and it falls back to a
    # private directory in /tmp; that fallback is fine for ergo, and a warning
    # on every `ergo status` would only be noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir("ergo", appauthor=False))


def ensure_private_dir(directory: Path) -> Path:
    """Given a directory, create it with mode 0700 if missing and return it.

    Raise UserError when it exists but is a symlink or not a directory (in a
    shared sticky directory such as /tmp another user could have planted it, and
    following it would chmod its target), belongs to another user, or cannot be
    created. On Windows the per-user profile already restricts access.
    """
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(_("cannot create the runtime directory {folder}: {reason}; set "
                          "{variable} to a writable directory").format(
                              folder=directory, reason=error.strerror, variable=ENV_RUNTIME_DIR),
                        exit_code=1) from None
    if not _WINDOWS:
        info = directory.lstat()
        if not stat.S_ISDIR(info.st_mode):
            raise UserError(_("the runtime directory {folder} is a symlink or not a directory; "
                              "remove it, or set {variable} to a directory of your own").format(
                                  folder=directory, variable=ENV_RUNTIME_DIR), exit_code=1)
        if info.st_uid != os.getuid():
            raise UserError(_("the runtime directory {folder} belongs to another user; set "
                              "{variable} to a directory of your own").format(
                                  folder=directory, variable=ENV_RUNTIME_DIR), exit_code=1)
        if info.st_mode & 0o077:
            directory.chmod(0o700)
    return directory


@dataclass(frozen=True)
class Endpoint:
    """The control channel's address, its ``multiprocessing.connection`` family and key file."""

    directory: Path
    address: str
    family: str
    authkey_path: Path

    @classmethod
    def for_dir(cls, directory: Path | str | None = None) -> Endpoint:
        """Given a runtime directory (default: :func:`default_runtime_dir`), return its endpoint.

        Nothing is created; raise UserError when the socket path would be too
        long for AF_UNIX.
        """
        custom = directory is not None or bool(os.environ.get(ENV_RUNTIME_DIR))
        path = Path(directory) if directory is not None else default_runtime_dir()
        path = path.absolute()
        if _WINDOWS:
            import getpass
            import hashlib

            user = re.sub(r"[^A-Za-z0-9_.-]", "_", getpass.getuser())
            suffix = "-" + hashlib.sha256(str(path).encode()).hexdigest()[:8] if custom else ""
            address, family = rf"\\.\pipe\ergo-{user}{suffix}", "AF_PIPE"
        else:
            address, family = str(path / SOCKET_NAME), "AF_UNIX"
            if len(os.fsencode(address)) > _MAX_SOCKET_PATH:
                raise UserError(_("the control socket path {path} is longer than {limit} "
                                  "bytes; set {variable} to a shorter directory").format(
                                      path=address, limit=_MAX_SOCKET_PATH,
                                      variable=ENV_RUNTIME_DIR))
        return cls(path, address, family, path / AUTHKEY_NAME)

    def answers(self) -> bool:
        """Return whether something accepts connections at this address right now."""
        from multiprocessing.connection import Client

        try:
            Client(self.address, self.family).close()
        except OSError:
            return False
        return True

    @property
    def socket_path(self) -> Path | None:
        """The socket file on POSIX; None on Windows, where the pipe leaves no file."""
        return None if self.family == "AF_PIPE" else Path(self.address)

    def write_authkey(self) -> bytes:
        """Create the runtime directory, write a new random authkey (mode 0600) and return it.

        The key is written to a temporary file and renamed, so a command never
        reads half a key.
        """
        ensure_private_dir(self.directory)
        key = os.urandom(AUTHKEY_BYTES)
        temporary = self.authkey_path.with_name(f".{AUTHKEY_NAME}.{os.getpid()}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(temporary, flags, 0o600)
        try:
            os.write(fd, key.hex().encode("ascii"))
        finally:
            os.close(fd)
        os.replace(temporary, self.authkey_path)
        return key

    def read_authkey(self) -> bytes:
        """Return the daemon's authkey.

        Raise FileNotFoundError when there is none (no daemon has started),
        ValueError when the file is damaged.
        """
        text = self.authkey_path.read_text(encoding="ascii", errors="replace").strip()
        key = bytes.fromhex(text)
        if len(key) != AUTHKEY_BYTES:
            raise ValueError(f"{self.authkey_path} holds {len(key)} bytes, not {AUTHKEY_BYTES}")
        return key

    def remove_authkey(self) -> None:
        """Delete the authkey file if it is there."""
        self.authkey_path.unlink(missing_ok=True)
