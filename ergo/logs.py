"""Logging for the daemon: a rotated file in the user log dir, warnings (or, with ``-v``,
everything) on stderr."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _ReopeningFileHandler(logging.handlers.RotatingFileHandler):
    """A rotated log file that comes back when it, or its directory, is deleted while
    ergo runs (a cleaner of ~/.local/state, a user tidying up): the next record
    re-creates the directory and the file instead of going to the deleted one."""

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None and not os.path.exists(self.baseFilename):
            try:
                os.makedirs(os.path.dirname(self.baseFilename), exist_ok=True)
                self.stream.close()
                self.stream = self._open()
            except OSError:
                self.handleError(record)
                return
        super().emit(record)


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("ergo", appauthor=False))


def setup_logging(verbose: bool, log_dir: Path | None = None) -> Path | None:
    """Given the ``-v`` flag, send log records to ``ergo.log`` (1 MiB, three old files kept)
    and to stderr; return the log file, or None when it cannot be written (then stderr only).
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("ergo: %(message)s"))
    root.addHandler(console)
    # Their debug output is about their own internals, not about what ergo does.
    for noisy in ("apscheduler", "tzlocal", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    path = (log_dir or default_log_dir()) / "ergo.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _ReopeningFileHandler(
            path, maxBytes=1 << 20, backupCount=3, encoding="utf-8"
        )
    except OSError as error:
        logging.getLogger(__name__).warning(
            "cannot write the log file %s (%s); logging to stderr only", path, error.strerror
        )
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
