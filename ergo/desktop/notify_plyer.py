"""Native notifications through plyer, checked by ergo before each use.

plyer 2.1.0 does not say when a notification is lost: on Linux without dbus-python
it runs ``notify-send`` and ignores its exit status, and when ``/app`` exists it
assumes Flatpak and discards the portal's errors. So on Linux and the BSDs ergo asks
the session bus itself (with jeepney, pure Python) whether
``org.freedesktop.Notifications`` is owned or can be started, and raises
NotifierUnavailable with the reason when it is not. On Windows and macOS the check
is that plyer's platform module imports (macOS needs pyobjus).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

from ergo.ports import NotifierUnavailable

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
_PLYER_MODULES = {
    "win32": "plyer.platforms.win.notification",
    "darwin": "plyer.platforms.macosx.notification",
}


def freedesktop_service_status(timeout: float = 2.0) -> str | None:
    """Return ``None`` when a notification server is on the session bus (running or
    D-Bus-activatable), else the reason it is not usable."""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    try:
        connection = open_dbus_connection(bus="SESSION")
    except (OSError, KeyError, ValueError) as error:
        return f"cannot connect to the D-Bus session bus ({error or type(error).__name__})"
    try:
        with connection:
            owned = connection.send_and_get_reply(
                message_bus.NameHasOwner(NOTIFICATIONS_NAME), timeout=timeout
            ).body[0]
            if owned:
                return None
            activatable = connection.send_and_get_reply(
                message_bus.ListActivatableNames(), timeout=timeout
            ).body[0]
    except (OSError, TimeoutError) as error:
        return f"the D-Bus session bus did not answer ({error or type(error).__name__})"
    if NOTIFICATIONS_NAME in activatable:
        return None
    return f"no notification server on the session bus (nothing owns {NOTIFICATIONS_NAME})"


class PlyerNotifier:
    """A :class:`ergo.ports.Notifier` over plyer."""

    name = "plyer"

    def __init__(self, platform: str = sys.platform) -> None:
        self._platform = platform

    def check(self) -> None:
        if self._platform in _PLYER_MODULES:
            try:
                importlib.import_module(_PLYER_MODULES[self._platform])
            except Exception as error:
                raise NotifierUnavailable(f"plyer cannot notify here: {error}") from error
            return
        if os.path.isdir("/app") and not os.path.exists("/.flatpak-info"):
            raise NotifierUnavailable(
                "plyer would send through the Flatpak portal because /app exists, "
                "but this is not a Flatpak sandbox"
            )
        if not _has_dbus_python() and shutil.which("notify-send") is None:
            raise NotifierUnavailable(
                "plyer needs notify-send (Debian/Ubuntu: apt install libnotify-bin) "
                "or the dbus-python package"
            )
        reason = freedesktop_service_status()
        if reason:
            raise NotifierUnavailable(reason)

    def notify(
        self, title: str, message: str, *, timeout: timedelta, icon: Path | None = None
    ) -> None:
        self.check()
        seconds = max(1, round(timeout.total_seconds()))
        if self._platform not in _PLYER_MODULES and not _has_dbus_python():
            # plyer's facade drops the icon and the timeout on its notify-send path
            # (the pop-up would never expire), but its notify-send class reads them
            # under other names; call it directly so both arrive.
            from plyer.platforms.linux.notification import NotifySendNotification

            NotifySendNotification()._notify(
                title=title,
                message=message,
                app_name="ergo",
                icon=str(icon or ""),
                expire_time=str(seconds * 1000),
            )
            return
        from plyer import notification

        notification.notify(
            title=title,
            message=message,
            app_name="ergo",
            app_icon=str(icon or ""),
            timeout=seconds,
        )


def _has_dbus_python() -> bool:
    return importlib.util.find_spec("dbus") is not None
