"""The headless tray: no icon at all, for ``--no-tray``, no display or no tray backend.

ergo stays fully usable through the command line and notifications; :meth:`run`
simply holds the main thread until :meth:`stop`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ergo.ports import TrayView

log = logging.getLogger(__name__)


class NoTray:
    """A :class:`ergo.ports.Tray` that shows nothing; ``reason`` says why it is used."""

    name = "none"
    has_menu = False

    def __init__(self, on_action: Callable[[object], None], reason: str = "no tray") -> None:
        self._stopped = threading.Event()
        self.reason = reason
        self.view: TrayView | None = None

    def run(self, on_ready: Callable[[], None]) -> None:
        log.info(
            "running without a tray icon (%s); use the ergo command to control it", self.reason
        )
        threading.Thread(target=on_ready, name="tray-ready", daemon=True).start()
        self._stopped.wait()

    def show(self, view: TrayView) -> None:
        # Kept so `ergo status` and tests can still read what the icon would show.
        self.view = view

    def stop(self) -> None:
        self._stopped.set()
