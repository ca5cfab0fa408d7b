"""Choosing the tray, notifier, idle and interruption adapters at run time, the pystray way.

An environment variable forces one adapter (``ERGO_TRAY``, ``ERGO_NOTIFIER``,
``ERGO_IDLE``; for the tray also pystray's own ``PYSTRAY_BACKEND``); otherwise the candidates for
``sys.platform`` are tried in order. Each family has one registry here, name → maker,
and each maker imports its adapter's module only when it is called, so a candidate
that is never tried is never loaded. :func:`first_that_works` tries them; the headless
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
from collections.abc import Callable, Iterable, Iterator, Mapping
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


@dataclass(frozen=True)
class Rejected:
    """A candidate that was not chosen, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Found(Generic[T]):
    """What :func:`first_that_works` found: the winner (``None`` when none works), and
    every candidate tried before it, in order, with why it was passed over."""

    name: str | None
    adapter: T | None
    rejected: tuple[Rejected, ...]


def _text(_name: str, error: Exception) -> str:
    return str(error)


def _tried(
    names: Iterable[str],
    make: Callable[[str], T],
    rejects: tuple[type[Exception], ...],
    label: str,
    explain: Callable[[str, Exception], str],
) -> Iterator[tuple[str, T | Rejected]]:
    """Yield each name with what ``make`` made of it, or why it was rejected."""
    for name in names:
        try:
            outcome: T | Rejected = make(name)
        except rejects as error:
            outcome = Rejected(label + name, explain(name, error))
        yield name, outcome


def first_that_works(
    names: Iterable[str],
    make: Callable[[str], T],
    rejects: tuple[type[Exception], ...],
    *,
    label: str = "",
    explain: Callable[[str, Exception], str] = _text,
) -> Found[T]:
    """Call ``make`` on each name in order and return the first adapter it makes.

    A name whose ``make`` raises one of ``rejects`` is recorded as ``label + name``
    with ``explain``'s reason (by default the error's text); anything else raised
    propagates. Names after the winner are not tried, so their modules stay unloaded.
    Runs on the caller's thread.
    """
    rejected: list[Rejected] = []
    for name, outcome in _tried(names, make, rejects, label, explain):
        if not isinstance(outcome, Rejected):
            return Found(name, outcome, tuple(rejected))
        rejected.append(outcome)
    return Found(None, None, tuple(rejected))


def _until(names: Iterable[str], stop: str) -> list[str]:
    """Return ``names`` up to, not including, the fallback ``stop``."""
    names = list(names)
    return names[:names.index(stop)] if stop in names else names


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


# --- trays -------------------------------------------------------------------------

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

_GTK_HINT = (
    "PyGObject is not installed; pystray's GTK tray is an optional extra "
    "(pip install 'ergo[gtk]', which builds PyGObject<3.51 and needs the system packages "
    "libgirepository1.0-dev libcairo2-dev pkg-config gir1.2-gtk-3.0)"
)
_NO_MENU = (
    "pystray's xorg backend has no menu and ignores clicks; ergo's own tray "
    "(ERGO_TRAY=xembed) docks in the same tray hosts with both"
)


class _NoDisplay(Exception):
    """A tray candidate that needs a display this session lacks."""


def _linux_tray(name: str, on_action: Callable[[object], None], env: Mapping[str, str]) -> Tray:
    from ergo.desktop.tray_linux import LinuxTray

    return LinuxTray(on_action, protocols=LINUX_TRAYS[name], env=env)


def _pystray_tray(name: str, on_action: Callable[[object], None], env: Mapping[str, str]) -> Tray:
    if name == "xorg" and not env.get("DISPLAY"):
        raise _NoDisplay("no X display (DISPLAY is not set)")
    if name in ("gtk", "appindicator") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        raise _NoDisplay("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)")
    from ergo.desktop.tray_pystray import PYSTRAY_BACKENDS, PystrayTray

    if name not in PYSTRAY_BACKENDS:
        known = ", ".join([*LINUX_TRAYS, *PYSTRAY_BACKENDS, "none"])
        raise ImportError(f"unknown tray {name!r}; choose one of {known}")
    return PystrayTray(name, on_action)


#: Tray makers by name; any other name is handed to pystray, which knows its own.
TRAYS: dict[str, Callable[[str, Callable[[object], None], Mapping[str, str]], Tray]] = {
    name: _linux_tray for name in LINUX_TRAYS
}


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
    found = first_that_works(
        _until(candidates, "none"),
        lambda name: TRAYS.get(name, _pystray_tray)(name, on_action, env),
        (Exception,), explain=_explain)
    if found.adapter is not None:
        limits = tuple(getattr(found.adapter, "limits", ()))
        if not found.adapter.has_menu:
            limits += (_NO_MENU,)
        return Selection(found.adapter, how, found.rejected, limits)
    if found.rejected:
        how = f"{how}; no tray backend works here"
    summary = "; ".join(f"{r.name}: {r.reason}" for r in found.rejected) or how
    return Selection(NoTray(on_action, summary), how, found.rejected)


def _tray_candidates(env: Mapping[str, str], platform: str) -> tuple[list[str], str]:
    forced = env.get("ERGO_TRAY", "").strip()
    if forced:
        return [forced], "forced by ERGO_TRAY"
    pystray_backend = env.get("PYSTRAY_BACKEND", "").strip()
    if pystray_backend:
        return [pystray_backend], "forced by PYSTRAY_BACKEND"
    key = platform if platform in TRAY_CANDIDATES else "posix"
    return list(TRAY_CANDIDATES[key]), f"the candidates for {platform}, in order"


def _explain(name: str, error: Exception) -> str:
    if isinstance(error, ModuleNotFoundError) and error.name == "gi":
        return _GTK_HINT
    text = str(error) or type(error).__name__
    if name == "appindicator" and "AppIndicator" in text:
        return f"{text} (Debian/Ubuntu: apt install gir1.2-ayatanaappindicator3-0.1)"
    return text


# --- notifiers ---------------------------------------------------------------------

#: Notifiers to try, best first; "log" (the fallback) always works.
NOTIFIER_CANDIDATES: dict[str, tuple[str, ...]] = {
    "win32": ("plyer", "log"),
    "darwin": ("plyer", "log"),
    "posix": ("freedesktop", "log"),
}

Put = Callable[[object], None]


def _freedesktop(platform: str, env: Mapping[str, str], put: Put | None) -> Notifier:
    from ergo.desktop.notify_dbus import FreedesktopNotifier

    return FreedesktopNotifier(put, env)


def _plyer(platform: str, env: Mapping[str, str], put: Put | None) -> Notifier:
    from ergo.desktop.notify_plyer import PlyerNotifier

    return PlyerNotifier(platform)


#: Notifier makers by ERGO_NOTIFIER name; "log" needs none.
NOTIFIERS: dict[str, Callable[[str, Mapping[str, str], Put | None], Notifier]] = {
    "freedesktop": _freedesktop,
    "plyer": _plyer,
}
_NOTIFIER_NAMES = (*NOTIFIERS, "log")


def select_notifier(
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    put: Put | None = None,
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
        rejected = (Rejected(forced, f"unknown notifier; choose one of {_NOTIFIER_NAMES}"),)
        return Selection(LogNotifier(), "ERGO_NOTIFIER names no notifier", rejected)
    key = platform if platform in NOTIFIER_CANDIDATES else "posix"
    candidates = [forced] if forced else list(NOTIFIER_CANDIDATES[key])
    how = "forced by ERGO_NOTIFIER" if forced else f"the candidates for {platform}, in order"

    def checked(name: str) -> tuple[Notifier, tuple[str, ...]]:
        notifier = NOTIFIERS[name](platform, env, put)
        try:
            notifier.check()
        except NotifierUnavailable as error:
            if put is not None and name == "freedesktop":
                put(NotifierChanged(False, str(error)))
                return notifier, (f"{error}; ergo uses a server as soon as one starts",)
            notifier.close()
            raise
        except Exception as error:
            # A server that answers in ways no client expects must not stop ergo.
            notifier.close()
            raise NotifierUnavailable(f"the notification service failed: "
                                      f"{type(error).__name__}: {error}") from error
        return notifier, ()

    found = first_that_works(_until(candidates, "log"), checked, (NotifierUnavailable,))
    if found.adapter is not None:
        notifier, limits = found.adapter
        return Selection(notifier, how, found.rejected, limits)
    if found.rejected:
        how = f"{how}; no notification service answers"
    return Selection(LogNotifier(), how, found.rejected)


# --- idle, lock and sleep sources --------------------------------------------------

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


def _mutter(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.idle_dbus import MutterIdle

    return MutterIdle()


def _wayland_idle(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.wayland_socket import WaylandError, socket_path

    try:
        socket_path(env)
    except WaylandError as error:
        raise IdleUnavailable(str(error)) from None
    from ergo.desktop.idle_wayland import WaylandIdle

    return WaylandIdle(env)


def _screensaver(service: str) -> Callable[[Mapping[str, str]], IdleMonitor]:
    def make(env: Mapping[str, str]) -> IdleMonitor:
        from ergo.desktop import idle_dbus

        return idle_dbus.ScreenSaver(getattr(idle_dbus, service))

    return make


def _logind(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.idle_dbus import Logind

    return Logind(env)


def _x11_idle(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.idle_x11 import X11Idle

    return X11Idle(env)


def _windows_idle(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.idle_windows import WindowsIdle

    return WindowsIdle()


def _macos_idle(env: Mapping[str, str]) -> IdleMonitor:
    from ergo.desktop.idle_macos import MacIdle

    return MacIdle()


#: Idle, lock and sleep source makers by name; each raises IdleUnavailable with the reason.
IDLE_SOURCES: dict[str, Callable[[Mapping[str, str]], IdleMonitor]] = {
    "mutter": _mutter,
    "wayland": _wayland_idle,
    "screensaver": _screensaver("FREEDESKTOP_SCREENSAVER"),
    "gnome-screensaver": _screensaver("GNOME_SCREENSAVER"),
    "logind": _logind,
    "x11": _x11_idle,
    "windows": _windows_idle,
    "macos": _macos_idle,
}
_IDLE_NAMES = ("mutter", "wayland", "screensaver", "x11", "logind", "windows", "macos", "none")


def select_idle(
    *, env: Mapping[str, str] | None = None, platform: str | None = None
) -> Selection[IdleMonitor]:
    """Return an idle monitor combining the best idle-time, lock and sleep sources here.

    ``ERGO_IDLE`` forces the idle-time source (``none``: no natural breaks).
    Called on the daemon's ``ergo-start`` thread; may block briefly (D-Bus, X).
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
    # One source may serve as idle, lock and sleep source: each is made at most once.
    made: dict[str, IdleMonitor] = {}
    failed: dict[str, str] = {}

    def make(name: str) -> IdleMonitor:
        if name not in made and name not in failed:
            try:
                made[name] = _make_idle(name, env)
            except IdleUnavailable as error:
                failed[name] = str(error)
        if name in made:
            return made[name]
        raise IdleUnavailable(failed[name])

    def idle_source(name: str) -> IdleMonitor:
        monitor = make(name)
        if name == "logind" and "idle" not in monitor.signals:
            failed[name] = "logind knows no session for ergo, so no idle hint"
            raise IdleUnavailable(failed[name])
        no_idle: str | None = getattr(monitor, "no_idle", None)
        if no_idle:
            # KDE on Wayland: no idle time from the screen saver, but its lock state
            # still serves below.
            failed[name] = no_idle
            raise IdleUnavailable(no_idle)
        return monitor

    def lock_source(name: str) -> IdleMonitor:
        monitor = make(name)
        if not _tells_lock(monitor):
            raise IdleUnavailable(failed.get(name, "logind knows no session for ergo"))
        return monitor

    rejected = [Rejected(name, f"unknown idle source; choose one of {_IDLE_NAMES}")
                for name in candidates if name not in _IDLE_NAMES]
    found = first_that_works([name for name in _until(candidates, "none") if name in _IDLE_NAMES],
                             idle_source, (IdleUnavailable,), label="idle ")
    rejected += found.rejected
    limits: list[str] = []
    idle = found.adapter
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
            lock_found = first_that_works(LOCK_CANDIDATES, lock_source, (IdleUnavailable,),
                                          label="lock ")
            lock = lock_found.adapter
            rejected += lock_found.rejected
        sleep_found = first_that_works(("logind",), make, (IdleUnavailable,), label="sleep ")
        sleep = sleep_found.adapter
        rejected += sleep_found.rejected
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


def _tells_lock(monitor: IdleMonitor) -> bool:
    return "lock" in monitor.signals or monitor.name in ("windows", "macos")


def _make_idle(name: str, env: Mapping[str, str]) -> IdleMonitor:
    """Return the named source, checked; raise IdleUnavailable with the reason."""
    try:
        return IDLE_SOURCES[name](env)
    except ModuleNotFoundError as error:
        raise IdleUnavailable(f"{error.name} is not installed ({_IDLE_HINTS.get(name, '')})"
                              ) from None


# --- interruption detectors --------------------------------------------------------

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


@dataclass(frozen=True)
class _Here:
    """What a detector maker may need to know about this machine and the config."""

    settings: InterruptionSettings
    env: Mapping[str, str]
    platform: str
    proc: Path
    dev: Path


DetectorMaker = Callable[[_Here], InterruptionDetector]


def _unsupported(what: str) -> DetectorMaker:
    def fail(here: _Here) -> InterruptionDetector:
        raise DetectorUnavailable(f"{what} is not detected on {here.platform}")

    return fail


def _apps(here: _Here) -> InterruptionDetector:
    from ergo.desktop import interrupt_apps

    return interrupt_apps.AppsDetector(here.settings.apps, interrupt_apps.lister_for(here.platform))


def _consent_store(here: _Here) -> InterruptionDetector:
    from ergo.desktop.interrupt_windows import ConsentStoreDetector

    return ConsentStoreDetector()


def _notification_state(state: str) -> DetectorMaker:
    def make(here: _Here) -> InterruptionDetector:
        from ergo.desktop.interrupt_windows import NotificationStateDetector

        return NotificationStateDetector(state)

    return make


def _macos_focus(here: _Here) -> InterruptionDetector:
    from ergo.desktop.interrupt_macos import FocusDetector

    return FocusDetector()


def _capture(here: _Here) -> InterruptionDetector:
    if not here.platform.startswith("linux"):
        raise DetectorUnavailable(f"microphone and camera use is read from Linux's /proc, "
                                  f"not available on {here.platform}")
    from ergo.desktop.interrupt_capture import CaptureDetector

    return CaptureDetector(here.proc, here.dev)


def _fullscreen_x11(here: _Here) -> InterruptionDetector:
    from ergo.desktop.interrupt_x11 import FullscreenX11

    return FullscreenX11(here.env)


def _fullscreen_wayland(here: _Here) -> InterruptionDetector:
    from ergo.desktop.wayland_socket import WaylandError, socket_path

    try:
        socket_path(here.env)
    except WaylandError as error:
        raise DetectorUnavailable(str(error)) from None
    from ergo.desktop.interrupt_wayland import FullscreenWlroots

    return FullscreenWlroots(here.env)


def _dbus_detector(name: str) -> DetectorMaker:
    def make(here: _Here) -> InterruptionDetector:
        from ergo.desktop import interrupt_dbus

        detector: InterruptionDetector = getattr(interrupt_dbus, name)()
        return detector

    return make


def _gnome_banners(here: _Here) -> InterruptionDetector:
    if "GNOME" not in here.env.get("XDG_CURRENT_DESKTOP", "").upper().split(":"):
        raise DetectorUnavailable("not a GNOME session (XDG_CURRENT_DESKTOP)")
    from ergo.desktop.interrupt_dbus import GnomeBanners

    return GnomeBanners()


_APPS = (("apps", _apps),)
#: Per platform and config switch, the detectors to try (each one that works is used).
DETECTORS: dict[str, dict[str, tuple[tuple[str, DetectorMaker], ...]]] = {
    "win32": {
        "meetings": (("consent-store", _consent_store),),
        "fullscreen": (("notification-state-fullscreen", _notification_state("fullscreen")),),
        "do_not_disturb": (("notification-state-dnd", _notification_state("dnd")),),
        "apps": _APPS,
    },
    "darwin": {
        "meetings": (("capture", _unsupported("a microphone or camera in use")),),
        "fullscreen": (("fullscreen", _unsupported("a full-screen window")),),
        "do_not_disturb": (("macos-focus", _macos_focus),),
        "apps": _APPS,
    },
    "posix": {
        "meetings": (("capture", _capture),),
        "fullscreen": (("fullscreen-x11", _fullscreen_x11),
                       ("fullscreen-wlroots", _fullscreen_wayland)),
        "do_not_disturb": (
            ("notifications-inhibited", _dbus_detector("NotificationsInhibited")),
            ("dunst-paused", _dbus_detector("DunstPaused")),
            ("gnome-banners", _gnome_banners),
        ),
        "apps": _APPS,
    },
}


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
    here = _Here(settings, env, platform, proc, dev)
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
    makers = {name: make for key, candidates in DETECTORS.get(platform, DETECTORS["posix"]).items()
              if wanted[key] for name, make in candidates}
    for _name, outcome in _tried(makers, lambda name: makers[name](here),
                                 (DetectorUnavailable,), "", _text):
        if isinstance(outcome, Rejected):
            unavailable.append((outcome.name, outcome.reason))
        else:
            active.append(outcome)
    return Detectors(tuple(active), tuple(unavailable), off)
