"""Choosing the tray, notifier, idle and interruption adapters at run time, the pystray way.

An environment variable forces one adapter (``ERGO_TRAY``, ``ERGO_NOTIFIER``,
``ERGO_IDLE``; for the tray also pystray's own ``PYSTRAY_BACKEND``); otherwise the candidates for
``sys.platform`` are tried in order, each imported only when tried. The headless
adapter always comes last, so selection never fails. Every candidate passed over is
kept with its reason, for ``ergo run -v`` and ``ergo doctor``.

On Linux and the BSDs the first candidate is ergo's own ``linux`` tray
(:mod:`ergo.desktop.tray_linux`): a StatusNotifierItem when the panel has a
watcher, else an XEmbed icon, switching as panels come and go. It needs only a
session bus or an X display, so pystray's GTK backends (an optional extra) are
tried only when it has neither; ``ERGO_TRAY=sni``, ``xembed``, ``appindicator``,
``gtk`` or ``xorg`` forces one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ergo.core.model import InterruptionSettings
from ergo.ports import (
    DetectorUnavailable,
    IdleMonitor,
    IdleUnavailable,
    InterruptionDetector,
    Notifier,
    NotifierChanged,
    NotifierUnavailable,
    Tray,
)

T = TypeVar("T")

#: Tray backends to try, best first; "none" (headless) is always added last.
TRAY_CANDIDATES: dict[str, tuple[str, ...]] = {
    "win32": ("win32",),
    "darwin": ("darwin",),
    "posix": ("linux", "appindicator", "gtk", "xorg"),
}
#: ergo's own trays for Linux and the BSDs, by ERGO_TRAY name, with their protocols.
LINUX_TRAYS: dict[str, tuple[str, ...]] = {
    "linux": ("sni", "xembed"),
    "sni": ("sni",),
    "xembed": ("xembed",),
}
#: Notifiers to try, best first; "log" (the fallback) always works.
NOTIFIER_CANDIDATES: dict[str, tuple[str, ...]] = {
    "win32": ("plyer", "log"),
    "darwin": ("plyer", "log"),
    "posix": ("freedesktop", "log"),
}
_NOTIFIER_NAMES = ("freedesktop", "plyer", "log")

_GTK_HINT = (
    "PyGObject is not installed; pystray's GTK tray is an optional extra "
    "(pip install 'ergo[gtk]', which builds PyGObject<3.51 and needs the system packages "
    "libgirepository1.0-dev libcairo2-dev pkg-config gir1.2-gtk-3.0)"
)


@dataclass(frozen=True)
class Rejected:
    """A candidate that was not chosen, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Selection(Generic[T]):
    """The chosen adapter, how it was chosen, what it cannot do, and what was passed over."""

    adapter: T
    how: str
    rejected: tuple[Rejected, ...] = ()
    limits: tuple[str, ...] = ()

    def describe(self, kind: str) -> list[str]:
        """Return human-readable lines, e.g. for ``ergo run -v``."""
        name = getattr(self.adapter, "name", "?")
        lines = [f"{kind}: {name} ({self.how})"]
        lines += [f"  limit: {limit}" for limit in self.limits]
        lines += [f"  not {item.name}: {item.reason}" for item in self.rejected]
        return lines


def select_tray(
    on_action: Callable[[object], None],
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    no_tray: bool = False,
) -> Selection[Tray]:
    """Given the menu callback, return the first tray adapter that works here.

    Call on the main thread (GTK and macOS want their objects created there).
    ``no_tray`` (``ergo run --no-tray``) chooses the headless tray at once.
    """
    from ergo.desktop.tray_none import NoTray

    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if no_tray:
        return Selection(NoTray(on_action, "--no-tray"), "forced by --no-tray")
    candidates, how = _tray_candidates(env, platform)
    rejected: list[Rejected] = []
    for name in candidates:
        if name == "none":
            break
        reason = _display_problem(name, env)
        if reason is None:
            try:
                tray = _make_tray(name, on_action, env)
            except Exception as error:
                reason = _explain(name, error)
            else:
                limits = tuple(getattr(tray, "limits", ()))
                if not tray.has_menu:
                    limits += (_NO_MENU,)
                return Selection(tray, how, tuple(rejected), limits)
        rejected.append(Rejected(name, reason))
    if rejected:
        how = f"{how}; no tray backend works here"
    summary = "; ".join(f"{r.name}: {r.reason}" for r in rejected) or how
    return Selection(NoTray(on_action, summary), how, tuple(rejected))


def select_notifier(
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    put: Callable[[object], None] | None = None,
) -> Selection[Notifier]:
    """Return the first notifier whose service answers its check; the log notifier
    comes last and always works. Called on the dispatcher thread; may block briefly.

    With ``put`` (the daemon's queue), a notifier that can watch for its service is
    kept even while no service answers: ``put`` then gets a :class:`NotifierChanged`
    saying why, and the notifier's answers and service changes from then on.
    """
    from ergo.desktop.notify_log import LogNotifier

    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    forced = env.get("ERGO_NOTIFIER", "").strip()
    if forced and forced not in _NOTIFIER_NAMES:
        rejected = [Rejected(forced, f"unknown notifier; choose one of {_NOTIFIER_NAMES}")]
        return Selection(LogNotifier(), "ERGO_NOTIFIER names no notifier", tuple(rejected))
    key = platform if platform in NOTIFIER_CANDIDATES else "posix"
    candidates = [forced] if forced else list(NOTIFIER_CANDIDATES[key])
    how = "forced by ERGO_NOTIFIER" if forced else f"the candidates for {platform}, in order"
    rejected = []
    for name in candidates:
        if name == "log":
            break
        try:
            notifier = _make_notifier(name, platform, env, put)
        except NotifierUnavailable as error:
            rejected.append(Rejected(name, str(error)))
            continue
        try:
            notifier.check()
        except NotifierUnavailable as error:
            if put is not None and name == "freedesktop":
                put(NotifierChanged(False, str(error)))
                waiting = f"{error}; ergo uses a server as soon as one starts"
                return Selection(notifier, how, tuple(rejected), (waiting,))
            notifier.close()
            rejected.append(Rejected(name, str(error)))
            continue
        except Exception as error:
            # A server that answers in ways no client expects must not stop ergo.
            notifier.close()
            rejected.append(Rejected(name, f"the notification service failed: "
                                           f"{type(error).__name__}: {error}"))
            continue
        return Selection(notifier, how, tuple(rejected))
    if rejected:
        how = f"{how}; no notification service answers"
    return Selection(LogNotifier(), how, tuple(rejected))


def _make_notifier(
    name: str, platform: str, env: Mapping[str, str], put: Callable[[object], None] | None
) -> Notifier:
    if name == "freedesktop":
        from ergo.desktop.notify_dbus import FreedesktopNotifier

        return FreedesktopNotifier(put, env)
    from ergo.desktop.notify_plyer import PlyerNotifier

    return PlyerNotifier(platform)


_NO_MENU = (
    "pystray's xorg backend has no menu and ignores clicks; ergo's own tray "
    "(ERGO_TRAY=xembed) docks in the same tray hosts with both"
)


def _tray_candidates(env: Mapping[str, str], platform: str) -> tuple[list[str], str]:
    forced = env.get("ERGO_TRAY", "").strip()
    if forced:
        return list(dict.fromkeys([forced, "none"])), "forced by ERGO_TRAY"
    pystray_backend = env.get("PYSTRAY_BACKEND", "").strip()
    if pystray_backend:
        return [pystray_backend, "none"], "forced by PYSTRAY_BACKEND"
    key = platform if platform in TRAY_CANDIDATES else "posix"
    return [*TRAY_CANDIDATES[key], "none"], f"the candidates for {platform}, in order"


def _display_problem(name: str, env: Mapping[str, str]) -> str | None:
    if name == "xorg" and not env.get("DISPLAY"):
        return "no X display (DISPLAY is not set)"
    if name in ("gtk", "appindicator") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return None


def _make_tray(name: str, on_action: Callable[[object], None], env: Mapping[str, str]) -> Tray:
    if name in LINUX_TRAYS:
        from ergo.desktop.tray_linux import LinuxTray

        return LinuxTray(on_action, protocols=LINUX_TRAYS[name], env=env)
    from ergo.desktop.tray_pystray import PYSTRAY_BACKENDS, PystrayTray

    if name not in PYSTRAY_BACKENDS:
        known = ", ".join([*LINUX_TRAYS, *PYSTRAY_BACKENDS, "none"])
        raise ImportError(f"unknown tray {name!r}; choose one of {known}")
    return PystrayTray(name, on_action)


def _explain(name: str, error: Exception) -> str:
    if isinstance(error, ModuleNotFoundError) and error.name == "gi":
        return _GTK_HINT
    text = str(error) or type(error).__name__
    if name == "appindicator" and "AppIndicator" in text:
        return f"{text} (Debian/Ubuntu: apt install gir1.2-ayatanaappindicator3-0.1)"
    return text


#: Idle-time sources to try, best first (signals before polling, exact before coarse).
IDLE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "win32": ("windows",),
    "darwin": ("macos",),
    "posix": ("mutter", "wayland", "screensaver", "x11", "logind"),
}
#: Lock-state sources for when the idle source cannot tell (Linux and the BSDs).
LOCK_CANDIDATES: tuple[str, ...] = ("screensaver", "gnome-screensaver", "logind")

_IDLE_HINTS = {
    "mutter": "GNOME provides it; on other desktops this is expected",
    "wayland": "Wayland compositors with ext-idle-notify-v1 or org_kde_kwin_idle provide it",
    "screensaver": "KDE Plasma and some other desktops provide it",
    "x11": "X11 sessions only; needs python-xlib (installed with pystray on Linux)",
    "logind": "needs systemd-logind and a login session",
}


def select_idle(
    *, env: Mapping[str, str] | None = None, platform: str | None = None
) -> Selection[IdleMonitor]:
    """Return an idle monitor combining the best idle-time, lock and sleep sources here.

    ``ERGO_IDLE`` forces the idle-time source (``none``: no natural breaks).
    Called on the daemon's main thread at start-up; may block briefly (D-Bus, X).
    The chosen sources' limits and every source passed over are listed.
    """
    from ergo.desktop.idle_combined import CombinedMonitor
    from ergo.desktop.idle_none import NoIdle

    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    key = platform if platform in IDLE_CANDIDATES else "posix"
    forced = env.get("ERGO_IDLE", "").strip()
    if forced:
        candidates, how = [forced], "forced by ERGO_IDLE"
    else:
        candidates, how = list(IDLE_CANDIDATES[key]), f"the candidates for {platform}, in order"
    made: dict[str, IdleMonitor] = {}
    failed: dict[str, str] = {}

    def make(name: str) -> IdleMonitor | None:
        if name in made or name in failed:
            return made.get(name)
        try:
            made[name] = _make_idle(name, env)
        except IdleUnavailable as error:
            failed[name] = str(error)
            return None
        return made[name]

    rejected: list[Rejected] = []
    limits: list[str] = []
    idle: IdleMonitor | None = None
    for name in candidates:
        if name == "none":
            break
        if name not in _IDLE_NAMES:
            rejected.append(Rejected(name, f"unknown idle source; choose one of {_IDLE_NAMES}"))
            continue
        idle = make(name)
        if idle is not None and name == "logind" and "idle" not in idle.signals:
            failed[name] = "logind knows no session for ergo, so no idle hint"
            idle = None
        if idle is not None and getattr(idle, "no_idle", None):
            # KDE on Wayland: no idle time from the screen saver, but its lock state
            # still serves below.
            failed[name] = idle.no_idle  # type: ignore[attr-defined]
            idle = None
        if idle is not None:
            break
        rejected.append(Rejected(f"idle {name}", failed[name]))
    if idle is None:
        reason = "; ".join(r.reason for r in rejected) or "switched off by ERGO_IDLE=none"
        idle = NoIdle(f"no idle source ({reason})")
        limits.append("no idle time: breaks away from the keyboard are not noticed")
    elif idle.name == "logind":
        limits.append("logind's idle hint is set by the desktop after its own timeout "
                      "(often 5 minutes), so breaks are noticed late")
    lock: IdleMonitor | None = None
    sleep: IdleMonitor | None = None
    if key == "posix":
        if _tells_lock(idle):
            lock = idle
        else:
            for name in LOCK_CANDIDATES:
                lock = make(name)
                if lock is not None and _tells_lock(lock):
                    break
                lock = None
                rejected.append(Rejected(f"lock {name}", failed.get(
                    name, "logind knows no session for ergo")))
        sleep = make("logind")
        if sleep is None:
            rejected.append(Rejected("sleep logind", failed["logind"]))
    else:
        lock = idle if idle.name != "none" else None
    if lock is None:
        limits.append("no lock state: a locked screen counts as a break once no input "
                      "has come for idle.break_after")
    if sleep is None:
        limits.append("no sleep signal: a suspend is noticed by comparing clocks, "
                      "within a minute of waking" if platform != "win32" else
                      "no sleep signal: a suspend shows as idle time when input comes back")
    monitor = CombinedMonitor(idle, lock, sleep)
    for part in made.values():
        if part not in (idle, lock, sleep):
            part.close()
    return Selection(monitor, how, tuple(rejected), tuple(limits))


_IDLE_NAMES = ("mutter", "wayland", "screensaver", "x11", "logind", "windows", "macos", "none")


def _tells_lock(monitor: IdleMonitor) -> bool:
    return "lock" in monitor.signals or monitor.name in ("windows", "macos")


def _make_idle(name: str, env: Mapping[str, str]) -> IdleMonitor:
    """Return the named source, checked; raise IdleUnavailable with the reason."""
    try:
        if name == "mutter":
            from ergo.desktop.idle_dbus import MutterIdle

            return MutterIdle()
        if name == "wayland":
            from ergo.desktop.wayland_socket import WaylandError, socket_path

            try:
                socket_path(env)
            except WaylandError as error:
                raise IdleUnavailable(str(error)) from None
            from ergo.desktop.idle_wayland import WaylandIdle

            return WaylandIdle(env)
        if name in ("screensaver", "gnome-screensaver"):
            from ergo.desktop.idle_dbus import (
                FREEDESKTOP_SCREENSAVER,
                GNOME_SCREENSAVER,
                ScreenSaver,
            )

            return ScreenSaver(GNOME_SCREENSAVER if name == "gnome-screensaver"
                               else FREEDESKTOP_SCREENSAVER)
        if name == "logind":
            from ergo.desktop.idle_dbus import Logind

            return Logind(env)
        if name == "x11":
            from ergo.desktop.idle_x11 import X11Idle

            return X11Idle(env)
        if name == "windows":
            from ergo.desktop.idle_windows import WindowsIdle

            return WindowsIdle()
        from ergo.desktop.idle_macos import MacIdle

        return MacIdle()
    except ModuleNotFoundError as error:
        raise IdleUnavailable(f"{error.name} is not installed ({_IDLE_HINTS.get(name, '')})"
                              ) from None


@dataclass(frozen=True)
class Detectors:
    """The interruption detectors in use, and those switched off or unavailable, with why."""

    active: tuple[InterruptionDetector, ...]
    unavailable: tuple[tuple[str, str], ...] = ()
    off: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """Return human-readable lines, e.g. for ``ergo run -v`` and ``ergo doctor``."""
        names = ", ".join(f"{d.name} ({d.reason})" for d in self.active) or "none"
        lines = [f"interruptions: {names}"]
        lines += [f"  not {name}: {reason}" for name, reason in self.unavailable]
        lines += [f"  off: {name} (switched off in the config)" for name in self.off]
        return lines

    def close(self) -> None:
        for detector in self.active:
            detector.close()


def select_interruptions(
    settings: InterruptionSettings,
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    proc: Path = Path("/proc"),
    dev: Path = Path("/dev"),
) -> Detectors:
    """Given the interruption settings, return every detector that works here for the
    switched-on kinds, with the reason for each one that does not.

    Called on the idle watcher thread (at start and after a config change); may
    block briefly (D-Bus, X). ``proc`` and ``dev`` are where Linux's trees are.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    wanted = {
        "meetings": settings.meetings,
        "fullscreen": settings.fullscreen,
        "do_not_disturb": settings.do_not_disturb,
        "apps": bool(settings.apps),
    }
    active: list[InterruptionDetector] = []
    unavailable: list[tuple[str, str]] = []
    off = tuple(
        key for key, on in wanted.items() if not on and (key != "apps" or settings.apps)
    )
    for key, candidates in _detector_candidates(settings, env, platform, proc, dev).items():
        if not wanted[key]:
            continue
        for name, make in candidates:
            try:
                active.append(make())
            except DetectorUnavailable as error:
                unavailable.append((name, str(error)))
    return Detectors(tuple(active), tuple(unavailable), off)


def _detector_candidates(
    settings: InterruptionSettings,
    env: Mapping[str, str],
    platform: str,
    proc: Path,
    dev: Path,
) -> dict[str, list[tuple[str, Callable[[], InterruptionDetector]]]]:
    """Return, per config switch, the detectors to try here (each one that works is used)."""
    def unsupported(what: str) -> Callable[[], InterruptionDetector]:
        def fail() -> InterruptionDetector:
            raise DetectorUnavailable(f"{what} is not detected on {platform}")

        return fail

    def apps_detector() -> InterruptionDetector:
        # Only asked for when the config lists apps.
        from ergo.desktop import interrupt_apps

        return interrupt_apps.AppsDetector(settings.apps, interrupt_apps.lister_for(platform))

    apps = [("apps", apps_detector)]
    if platform == "win32":
        from ergo.desktop import interrupt_windows as win

        return {
            "meetings": [("consent-store", win.ConsentStoreDetector)],
            "fullscreen": [("notification-state-fullscreen",
                            lambda: win.NotificationStateDetector("fullscreen"))],
            "do_not_disturb": [("notification-state-dnd",
                                lambda: win.NotificationStateDetector("dnd"))],
            "apps": apps,
        }
    if platform == "darwin":
        from ergo.desktop.interrupt_macos import FocusDetector

        return {
            "meetings": [("capture", unsupported("a microphone or camera in use"))],
            "fullscreen": [("fullscreen", unsupported("a full-screen window"))],
            "do_not_disturb": [("macos-focus", FocusDetector)],
            "apps": apps,
        }

    def capture() -> InterruptionDetector:
        if not platform.startswith("linux"):
            raise DetectorUnavailable(f"microphone and camera use is read from Linux's /proc, "
                                      f"not available on {platform}")
        from ergo.desktop.interrupt_capture import CaptureDetector

        return CaptureDetector(proc, dev)

    def fullscreen() -> InterruptionDetector:
        from ergo.desktop.interrupt_x11 import FullscreenX11

        return FullscreenX11(env)

    def fullscreen_wayland() -> InterruptionDetector:
        from ergo.desktop.wayland_socket import WaylandError, socket_path

        try:
            socket_path(env)
        except WaylandError as error:
            raise DetectorUnavailable(str(error)) from None
        from ergo.desktop.interrupt_wayland import FullscreenWlroots

        return FullscreenWlroots(env)

    def dbus_detector(name: str) -> Callable[[], InterruptionDetector]:
        def make() -> InterruptionDetector:
            from ergo.desktop import interrupt_dbus

            return getattr(interrupt_dbus, name)()

        return make

    def gnome() -> InterruptionDetector:
        if "GNOME" not in env.get("XDG_CURRENT_DESKTOP", "").upper().split(":"):
            raise DetectorUnavailable("not a GNOME session (XDG_CURRENT_DESKTOP)")
        from ergo.desktop.interrupt_dbus import GnomeBanners

        return GnomeBanners()

    return {
        "meetings": [("capture", capture)],
        "fullscreen": [("fullscreen-x11", fullscreen), ("fullscreen-wlroots", fullscreen_wayland)],
        "do_not_disturb": [
            ("notifications-inhibited", dbus_detector("NotificationsInhibited")),
            ("dunst-paused", dbus_detector("DunstPaused")),
            ("gnome-banners", gnome),
        ],
        "apps": apps,
    }
