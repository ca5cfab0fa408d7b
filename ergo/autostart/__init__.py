"""Starting ergo at login, per user or for every user, on each platform.

One small module per mechanism: :mod:`xdg` (freedesktop autostart entry, plus the
launcher entry and icons), :mod:`systemd` (a user unit), :mod:`launchd` (a LaunchAgent)
and :mod:`windows` (the Run registry value); :mod:`common` holds what they share.
The functions here choose the mechanism for the platform and are called from the
``ergo autostart`` command on the CLI thread.
"""

from __future__ import annotations

from ergo.autostart import launchd, systemd, xdg
from ergo.autostart.common import EntryStatus, Target
from ergo.i18n import _


def is_freedesktop(platform: str) -> bool:
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def expected_command(target: Target, platform: str) -> tuple[str, ...]:
    """Return the command line an entry written by this installation holds."""
    if platform == "win32":
        from ergo.autostart import windows

        return windows.windowless(target.command)
    return target.command


def enable(target: Target, platform: str, use_systemd: bool) -> list[str]:
    """Set up start at login for this installation; return what was done."""
    if platform == "win32":
        from ergo.autostart import windows

        return windows.enable(windows.RegistryRunKey(target.system), target.command)
    if platform == "darwin":
        return launchd.enable(target)
    lines = systemd.enable(target) if use_systemd else xdg.enable(target)
    if use_systemd and xdg.status(target)[0].enabled:
        lines.append(_("an XDG autostart entry is enabled too; the systemd unit alone is "
                       "enough: run `ergo autostart disable` to remove the other"))
    return lines + xdg.install_launcher(target)


def disable(target: Target, platform: str, use_systemd: bool) -> list[str]:
    """Undo :func:`enable`; return what was done."""
    if platform == "win32":
        from ergo.autostart import windows

        return windows.disable(windows.RegistryRunKey(target.system))
    if platform == "darwin":
        return launchd.disable(target)
    lines = systemd.disable(target) if use_systemd else xdg.disable(target)
    return lines + xdg.remove_launcher(target)


def status(target: Target, platform: str) -> list[EntryStatus]:
    """Return every start-at-login entry of this platform that may start ergo."""
    if platform == "win32":
        from ergo.autostart import windows

        return windows.status(windows.RegistryRunKey(target.system))
    if platform == "darwin":
        return launchd.status(target)
    return xdg.status(target) + systemd.status(target) + xdg.launcher_status(target)
