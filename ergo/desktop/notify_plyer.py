"""Native notifications through plyer, checked by ergo before each use.

plyer 2.1.0 does not say when a notification is lost: on Linux without dbus-python
it runs ``notify-send`` and ignores its exit status, and when ``/app`` exists it
assumes Flatpak and discards the portal's errors. So on Linux and the BSDs ergo asks
the session bus itself (with jeepney, pure Python) whether
``org.freedesktop.Notifications`` is owned or can be started, and raises
NotifierUnavailable with the reason when it is not. On Windows and macOS the check
is that plyer's platform module imports (macOS needs pyobjus).

On plyer's notify-send path ergo runs ``notify-send`` itself, with the arguments
plyer would pass plus the icon and timeout plyer's facade drops, a deadline and a
look at its exit status: plyer waits for it without limit, and a notification
server that hangs (it owns its bus name but does not answer) would hold the
dispatcher thread for D-Bus's 25 s timeout and lose the reminder.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from ergo.ports import NotifierUnavailable

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
#: How long notify-send may take; it answers in milliseconds when the server works.
NOTIFY_SEND_TIMEOUT = 3.0
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
            _notify_send(title, message, icon, seconds)
            return
        from plyer import notification

        notification.notify(
            title=title,
            message=message,
            app_name="ergo",
            app_icon=str(icon or ""),
            timeout=seconds,
        )


def _notify_send(title: str, message: str, icon: Path | None, seconds: int) -> None:
    """Run notify-send; raise NotifierUnavailable when it fails or takes too long."""
    command = ["notify-send", "-a", "ergo", "-i", str(icon or ""), "-t", str(seconds * 1000),
               "--", title, message]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=NOTIFY_SEND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise NotifierUnavailable(
            f"the notification server did not answer within {NOTIFY_SEND_TIMEOUT:g} s"
        ) from None
    except OSError as error:
        raise NotifierUnavailable(f"cannot run notify-send: {error}") from None
    if done.returncode != 0:
        reason = done.stderr.strip() or f"exit status {done.returncode}"
        raise NotifierUnavailable(f"notify-send failed: {reason}")


def _has_dbus_python() -> bool:
    return importlib.util.find_spec("dbus") is not None
