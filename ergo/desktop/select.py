"""Choosing the tray and notifier adapters at run time, the pystray way.

An environment variable forces one adapter (``ERGO_TRAY``, ``ERGO_NOTIFIER``; for
the tray also pystray's own ``PYSTRAY_BACKEND``); otherwise the candidates for
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
from typing import Generic, TypeVar

from ergo.ports import Notifier, NotifierUnavailable, Tray

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
NOTIFIER_CANDIDATES: tuple[str, ...] = ("plyer", "log")

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
    *, env: Mapping[str, str] | None = None, platform: str | None = None
) -> Selection[Notifier]:
    """Return the first notifier whose service answers its check; the log notifier
    comes last and always works. Called on the dispatcher thread; may block briefly."""
    from ergo.desktop.notify_log import LogNotifier

    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    forced = env.get("ERGO_NOTIFIER", "").strip()
    if forced and forced not in NOTIFIER_CANDIDATES:
        rejected = [Rejected(forced, f"unknown notifier; choose one of {NOTIFIER_CANDIDATES}")]
        return Selection(LogNotifier(), "ERGO_NOTIFIER names no notifier", tuple(rejected))
    candidates = [forced] if forced else list(NOTIFIER_CANDIDATES)
    how = "forced by ERGO_NOTIFIER" if forced else f"the candidates for {platform}, in order"
    rejected = []
    for name in candidates:
        if name == "log":
            break
        from ergo.desktop.notify_plyer import PlyerNotifier

        notifier = PlyerNotifier(platform)
        try:
            notifier.check()
        except NotifierUnavailable as error:
            rejected.append(Rejected(name, str(error)))
        else:
            return Selection(notifier, how, tuple(rejected))
    if rejected:
        how = f"{how}; no notification service answers"
    return Selection(LogNotifier(), how, tuple(rejected))


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
