"""Is do-not-disturb on? Read from the notification server over D-Bus, or GNOME's setting.

- :class:`NotificationsInhibited`: the ``Inhibited`` property of
  ``org.freedesktop.Notifications`` (KDE Plasma and other servers that follow
  version 1.3 of the notification spec).
- :class:`DunstPaused`: dunst's own ``paused`` property (``dunstctl set-paused``).
- :class:`GnomeBanners`: GNOME's do-not-disturb switch is the
  ``org.gnome.desktop.notifications show-banners`` setting, read through
  GSettings when PyGObject is installed (ergo's gtk extra).

Each D-Bus detector has its own connection; all methods run on the watcher thread.
"""

from __future__ import annotations

from ergo.desktop.dbus import NOTIFICATIONS, Bus, BusError
from ergo.ports import DetectorUnavailable

DUNST = NOTIFICATIONS.with_interface("org.dunstproject.cmd0")
GNOME_NOTIFICATIONS_SCHEMA = "org.gnome.desktop.notifications"


def _connect() -> Bus:
    try:
        bus = Bus("SESSION")
        if not bus.has_owner(NOTIFICATIONS.bus_name):
            bus.close()
            raise DetectorUnavailable("no notification server is running")
    except BusError as error:
        raise DetectorUnavailable(str(error)) from None
    return bus


def _server_name(bus: Bus) -> str:
    try:
        return str(bus.call(NOTIFICATIONS, "GetServerInformation")[0])
    except BusError:
        return "the notification server"


class _PropertyDetector:
    """Reports do-not-disturb while a boolean property of the notification server is true."""

    reason = "dnd"
    name = ""
    _address = NOTIFICATIONS
    _property = ""

    def __init__(self) -> None:
        self._bus = _connect()
        try:
            self._read()
        except BusError as error:
            server = _server_name(self._bus)
            self._bus.close()
            raise DetectorUnavailable(f"{server} has no {self._property} property ({error})"
                                      ) from None

    def _read(self) -> bool:
        return bool(self._bus.get(self._address, self._property))

    def check(self) -> str | None:
        try:
            on = self._read()
        except BusError as error:
            raise DetectorUnavailable(str(error)) from None
        return "do not disturb is on" if on else None

    def close(self) -> None:
        self._bus.close()


class NotificationsInhibited(_PropertyDetector):
    name = "notifications-inhibited"
    _property = "Inhibited"


class DunstPaused(_PropertyDetector):
    name = "dunst-paused"
    _address = DUNST
    _property = "paused"


class GnomeBanners:
    """GNOME's do-not-disturb: ``show-banners`` is false."""

    name = "gnome-banners"
    reason = "dnd"

    def __init__(self) -> None:
        try:
            from gi.repository import Gio
        except ImportError:
            raise DetectorUnavailable(
                "PyGObject is not installed (ergo's gtk extra reads GNOME's setting)") from None
        source = Gio.SettingsSchemaSource.get_default()
        if source is None or source.lookup(GNOME_NOTIFICATIONS_SCHEMA, True) is None:
            raise DetectorUnavailable(f"the {GNOME_NOTIFICATIONS_SCHEMA} settings are not "
                                      "installed (gsettings-desktop-schemas)")
        self._settings = Gio.Settings.new(GNOME_NOTIFICATIONS_SCHEMA)

    def check(self) -> str | None:
        return None if self._settings.get_boolean("show-banners") else "do not disturb is on"

    def close(self) -> None:
        """Nothing to release."""
