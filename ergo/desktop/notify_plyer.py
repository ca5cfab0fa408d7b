"""Native notifications on Windows and macOS through plyer.

On Linux and the BSDs ergo speaks to the notification server itself
(:mod:`ergo.desktop.notify_dbus`): plyer would shell out to ``notify-send``, which
drops the icon and timeout, cannot carry buttons and hides failures. On Windows
(a balloon through ctypes, nothing to install) and macOS (``NSUserNotification``
through pyobjus, a dependency on macOS) plyer is the right tool; the check is that
its platform module imports. These notifications have no buttons.
"""

from __future__ import annotations

import importlib
import sys

from ergo.ports import Notification, NotifierUnavailable

_PLYER_MODULES = {
    "win32": "plyer.platforms.win.notification",
    "darwin": "plyer.platforms.macosx.notification",
}


class PlyerNotifier:
    """A :class:`ergo.ports.Notifier` over plyer, for Windows and macOS."""

    name = "plyer"

    def __init__(self, platform: str = sys.platform) -> None:
        self._platform = platform

    def check(self) -> None:
        module = _PLYER_MODULES.get(self._platform)
        if module is None:
            raise NotifierUnavailable(f"ergo uses plyer on Windows and macOS only, not on "
                                      f"{self._platform}")
        try:
            importlib.import_module(module)
        except Exception as error:
            raise NotifierUnavailable(f"plyer cannot notify here: {error}") from error

    def notify(self, notification: Notification) -> bool:
        from plyer import notification as plyer_notification

        try:
            plyer_notification.notify(
                title=notification.title,
                message=notification.message,
                app_name="ergo",
                app_icon=str(notification.icon or ""),
                timeout=max(1, round(notification.timeout.total_seconds())),
            )
        except Exception as error:
            raise NotifierUnavailable(f"plyer could not notify: {error}") from error
        return False

    def withdraw(self, tag: tuple[str, ...]) -> None:
        """Nothing stays on screen to close."""

    def about(self) -> tuple[str, ...]:
        return ()

    def close(self) -> None:
        """Nothing to release."""
