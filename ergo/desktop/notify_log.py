"""The fallback notifier: writes the reminder to the log.

Used when no notification service answers (no server on the session bus, no
display). The daemon also shows the reminder in the tray state and, where the
reminder allows it, in the prompt window, so the log is not the only trace.
"""

from __future__ import annotations

import logging

from ergo.ports import Notification

log = logging.getLogger(__name__)


class LogNotifier:
    """A :class:`ergo.ports.Notifier` that always works: it logs at WARNING level."""

    name = "log"

    def check(self) -> None:
        """Never raises: the log is always there."""

    def notify(self, notification: Notification) -> bool:
        log.warning("reminder: %s: %s", notification.title, notification.message)
        return False

    def withdraw(self, tag: tuple[str, ...]) -> None:
        """Nothing stays on screen to close."""

    def about(self) -> tuple[str, ...]:
        return ()

    def close(self) -> None:
        """Nothing to release."""
