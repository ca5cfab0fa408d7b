"""The doctor's table of desktop paths: idle, lock, full screen and windows, each with
the source that works here, or what its absence costs the user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ergo.desktop.windows import window_path

_COSTS = {
    "idle": "breaks away from the keyboard are not noticed",
    "lock": "a locked screen counts as a break only after idle.break_after without input",
    "fullscreen": "reminders pop up over full-screen presentations and videos; list those "
                  "programs in interruptions.apps",
    "windows": "no reminder window or stretch player: reminders come as notifications",
}


def desktop_table(
    idle_name: str,
    lock_name: str,
    detectors: Any,
    fullscreen_on: bool,
    env: Mapping[str, str],
    platform: str,
) -> list[str]:
    """Given the chosen idle and lock source names, the interruption detectors, whether
    full-screen detection is switched on, the environment and ``sys.platform``, return
    the table's lines."""
    desktops = env.get("XDG_CURRENT_DESKTOP", "").upper().split(":")
    big_desktop = next((name for name in ("GNOME", "KDE") if name in desktops), None)
    wayland = bool(env.get("WAYLAND_DISPLAY"))
    rows: list[tuple[str, str, str]] = []
    if idle_name == "none":
        rows.append(("idle time", "none", _COSTS["idle"]))
    elif idle_name == "logind":
        rows.append(("idle time", idle_name, "breaks are noticed late, after the desktop's "
                                             "own idle timeout"))
    else:
        rows.append(("idle time", idle_name, "-"))
    rows.append(("lock state", lock_name, _COSTS["lock"] if lock_name == "none" else "-"))
    used = [d.name for d in detectors.active if d.reason == "fullscreen"]
    why = (f"{big_desktop} gives programs no way to see other windows on Wayland"
           if big_desktop else "the compositor offers no window list")
    if not fullscreen_on:
        rows.append(("full screen", "off in the config", "-"))
    elif not used:
        rows.append(("full screen", "none",
                     f"{_COSTS['fullscreen']} ({why})" if wayland else _COSTS["fullscreen"]))
    elif wayland and used == ["fullscreen-x11"]:
        rows.append(("full screen", "fullscreen-x11 (Xwayland windows only)",
                     f"native Wayland windows in full screen do not hold reminders: {why}"))
    else:
        rows.append(("full screen", ", ".join(used), "-"))
    windows = window_path(env, platform)
    if windows.name:
        rows.append(("windows", windows.name, "-"))
    else:
        hint = ", and Stretch now says to install Xwayland" if wayland else ""
        rows.append(("windows", "none", f"{_COSTS['windows']}{hint} ({windows.problem})"))
    width = max(len("works through"), *(len(source) for _, source, _ in rows))
    lines = ["Desktop paths:", f"  {'path':<12} {'works through':<{width}}  if missing"]
    lines += [f"  {label:<12} {source:<{width}}  {cost}" for label, source, cost in rows]
    return lines
