"""Writing a file so that readers see either the old or the new content, never half of it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """Return the name prefix of the temporary files :func:`write_atomic` uses for ``path``."""
    return f".{path.name}."


def write_atomic(path: Path, data: bytes, mode: int = 0o644, dir_mode: int = 0o755) -> None:
    """Given a path and its new content, write it through a temporary file in the same
    directory, fsync it, rename it over ``path`` and fsync the directory; create missing
    parent directories with ``dir_mode``.

    Raise OSError if the directory cannot be created or written; ``path`` is then
    left as it was.
    """
    path.parent.mkdir(mode=dir_mode, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk. Windows
    # cannot open a directory for fsync; its rename is journaled by NTFS.
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
