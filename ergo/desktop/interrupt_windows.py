"""Interruptions on Windows: calls from the privacy consent store, full screen and quiet time.

Microphone and camera: Windows records each app's use in the registry under
``HKCU\\...\\CapabilityAccessManager\\ConsentStore\\{microphone,webcam}``:
per app (packaged apps by family name, desktop programs under ``NonPackaged``
by path with ``#`` for ``\\``) a ``LastUsedTimeStart`` and a
``LastUsedTimeStop``; a stop of 0 after a start means the app is using it now.
:func:`apps_in_use` reads that from plain data; :func:`read_consent_store` is the
registry walk.

Full screen and quiet time: ``SHQueryUserNotificationState`` says whether
Windows itself would hold back notifications now: a full-screen or
presentation-mode app (busy, Direct3D full screen, presentation, store app) or
quiet time. Focus Assist's own rules are not readable through a documented API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ergo.desktop.idle_windows import (
    QUNS_APP,
    QUNS_BUSY,
    QUNS_PRESENTATION_MODE,
    QUNS_QUIET_TIME,
    QUNS_RUNNING_D3D_FULL_SCREEN,
    user32,
)
from ergo.ports import DetectorUnavailable, IdleUnavailable

CONSENT_STORE = (
    r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
)
CAPABILITIES = {"microphone": "microphone", "webcam": "camera"}
FULLSCREEN_STATES = {
    QUNS_BUSY: "a full-screen program",
    QUNS_RUNNING_D3D_FULL_SCREEN: "a full-screen game or video",
    QUNS_PRESENTATION_MODE: "presentation mode",
    QUNS_APP: "a full-screen app",
}

#: One consent-store entry: app key (``NonPackaged\\C:#...#zoom.exe``) -> its values.
ConsentTree = Mapping[str, Mapping[str, int]]


def app_name(key: str) -> str:
    """Given a consent-store key, return a name people recognise (``zoom.exe``, ``Teams``)."""
    if key.startswith("NonPackaged\\"):
        return key.rsplit("#", 1)[-1]
    # Packaged apps are keyed by family name: Publisher.App_hash.
    return key.split("_", 1)[0].rsplit(".", 1)[-1]


def apps_in_use(tree: ConsentTree) -> list[str]:
    """Given one capability's consent-store entries, return the apps using it now, sorted."""
    return sorted(
        {
            app_name(key)
            for key, values in tree.items()
            if values.get("LastUsedTimeStart", 0) and values.get("LastUsedTimeStop", 1) == 0
        }
    )


def read_consent_store(capability: str) -> dict[str, dict[str, int]]:
    """Return the consent-store entries of ``capability`` for the current user."""
    import winreg

    def values(key: object) -> dict[str, int]:
        found = {}
        for name in ("LastUsedTimeStart", "LastUsedTimeStop"):
            try:
                found[name] = int(winreg.QueryValueEx(key, name)[0])
            except OSError:
                continue
        return found

    def children(key: object) -> list[str]:
        names, index = [], 0
        while True:
            try:
                names.append(winreg.EnumKey(key, index))
            except OSError:
                return names
            index += 1

    tree: dict[str, dict[str, int]] = {}
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, f"{CONSENT_STORE}\\{capability}") as root:
        for name in children(root):
            with winreg.OpenKey(root, name) as app:
                if name == "NonPackaged":
                    for program in children(app):
                        with winreg.OpenKey(app, program) as entry:
                            tree[f"NonPackaged\\{program}"] = values(entry)
                else:
                    tree[name] = values(app)
    return tree


class ConsentStoreDetector:
    """Reports a call while an app uses the microphone or the camera."""

    name = "consent-store"
    reason = "meeting"

    def __init__(
        self, read: Callable[[str], ConsentTree] = read_consent_store
    ) -> None:
        self._read = read
        self.check()

    def check(self) -> str | None:
        parts = []
        for capability, device in CAPABILITIES.items():
            try:
                users = apps_in_use(self._read(capability))
            except (OSError, ImportError) as error:
                raise DetectorUnavailable(f"cannot read the {device} consent store ({error})"
                                          ) from None
            if users:
                parts.append(f"{device} in use by {', '.join(users)}")
        return "; ".join(parts) or None

    def close(self) -> None:
        """Nothing to release."""


def describe_state(state: int, reason: str) -> str | None:
    """Given a notification state and the reason asked about, return what it means, or None."""
    if reason == "fullscreen":
        return FULLSCREEN_STATES.get(state)
    return "quiet time" if state == QUNS_QUIET_TIME else None


class NotificationStateDetector:
    """Full screen (``reason="fullscreen"``) or quiet time (``"dnd"``) from the shell."""

    def __init__(self, reason: str, query: Callable[[], int] | None = None) -> None:
        self.reason = reason
        self.name = f"notification-state-{reason}"
        if query is None:
            try:
                query = user32().notification_state
            except IdleUnavailable as error:
                raise DetectorUnavailable(str(error)) from None
        self._query = query
        self.check()

    def check(self) -> str | None:
        try:
            return describe_state(self._query(), self.reason)
        except OSError as error:
            raise DetectorUnavailable(str(error)) from None

    def close(self) -> None:
        """Nothing to release."""
