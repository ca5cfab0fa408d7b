"""Where ergo's own windows (the reminder prompt, the stretch player) can open.

They are Tk windows, and Tk on Linux and the BSDs draws through X11: a Wayland
session needs Xwayland for them. :func:`window_path` says which way they open
here, or why they cannot; the daemon asks once at start-up (any thread), and
``ergo doctor`` shows it.

On wlroots compositors (sway, Hyprland, labwc, river, Wayfire) the X11 window
manager inside the compositor ignores a window's asked-for position and
focuses every managed window, so :func:`placed_by_itself` tells the prompt to
place itself (an override-redirect window, which those compositors leave where
it asks and do not focus when its type is "notification").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: XDG_CURRENT_DESKTOP names of wlroots compositors.
WLROOTS_DESKTOPS = frozenset({"sway", "hyprland", "labwc", "river", "wayfire"})


@dataclass(frozen=True)
class WindowPath:
    """``name`` is how windows open ("x11", "xwayland", "native"), or None when they
    cannot; ``problem`` then says why, and ``needs_xwayland`` whether Xwayland would help."""

    name: str | None
    problem: str | None = None
    needs_xwayland: bool = False


def window_path(env: Mapping[str, str], platform: str) -> WindowPath:
    """Given the environment and ``sys.platform``, return how ergo's windows open."""
    if platform in ("win32", "darwin"):
        return WindowPath("native")
    wayland = bool(env.get("WAYLAND_DISPLAY"))
    if env.get("DISPLAY"):
        return WindowPath("xwayland" if wayland else "x11")
    if wayland:
        return WindowPath(None, "this Wayland session has no Xwayland (DISPLAY is not set), "
                                "and ergo's windows need X11", needs_xwayland=True)
    return WindowPath(None, "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)")


def placed_by_itself(env: Mapping[str, str]) -> bool:
    """Whether a window must place itself and refuse focus (Xwayland on wlroots)."""
    if not (env.get("WAYLAND_DISPLAY") and env.get("DISPLAY")):
        return False
    desktops = {name.lower() for name in env.get("XDG_CURRENT_DESKTOP", "").split(":")}
    return bool(desktops & WLROOTS_DESKTOPS) or bool(env.get("SWAYSOCK"))
