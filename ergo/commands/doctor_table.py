"""The doctor's table of desktop paths: idle, lock, full screen and windows, each with
the source that works here, or what its absence costs the user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ergo.desktop.windows import window_path
from ergo.i18n import N_, _

if TYPE_CHECKING:
    from ergo.desktop.select import Detectors

_COSTS = {
    "idle": N_("breaks away from the keyboard are not noticed"),
    "lock": N_("a locked screen counts as a break only after idle.break_after without input"),
    "fullscreen": N_("reminders pop up over full-screen presentations and videos; list those "
                     "programs in interruptions.apps"),
    "windows": N_("no reminder window or stretch player: reminders come as notifications"),
}


def desktop_table(
    idle_name: str,
    lock_name: str,
    detectors: Detectors,
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
    none = _("none")
    rows: list[tuple[str, str, str]] = []
    if idle_name == "none":
        rows.append((_("idle time"), none, _(_COSTS["idle"])))
    elif idle_name == "logind":
        rows.append((_("idle time"), idle_name, _("breaks are noticed late, after the "
                                                  "desktop's own idle timeout")))
    else:
        rows.append((_("idle time"), idle_name, "-"))
    rows.append((_("lock state"), none if lock_name == "none" else lock_name,
                 _(_COSTS["lock"]) if lock_name == "none" else "-"))
    used = [d.name for d in detectors.active if d.reason == "fullscreen"]
    why = (_("{desktop} gives programs no way to see other windows on Wayland").format(
        desktop=big_desktop) if big_desktop else _("the compositor offers no window list"))
    if not fullscreen_on:
        rows.append((_("full screen"), _("off in the config"), "-"))
    elif not used:
        cost = _(_COSTS["fullscreen"])
        rows.append((_("full screen"), none, f"{cost} ({why})" if wayland else cost))
    elif wayland and used == ["fullscreen-x11"]:
        rows.append((_("full screen"), _("fullscreen-x11 (Xwayland windows only)"),
                     _("native Wayland windows in full screen do not hold reminders: "
                       "{why}").format(why=why)))
    else:
        rows.append((_("full screen"), ", ".join(used), "-"))
    windows = window_path(env, platform)
    if windows.name:
        rows.append((_("windows"), windows.name, "-"))
    else:
        hint = _(", and Stretch now says to install Xwayland") if wayland else ""
        rows.append((_("windows"), none, f"{_(_COSTS['windows'])}{hint} ({windows.problem})"))
    through, path, missing = _("works through"), _("path"), _("if missing")
    width = max(len(through), *(len(source) for _label, source, _cost in rows))
    label_width = max(12, len(path), *(len(label) for label, _source, _cost in rows))
    lines = [_("Desktop paths:"),
             f"  {path:<{label_width}} {through:<{width}}  {missing}"]
    lines += [f"  {label:<{label_width}} {source:<{width}}  {cost}" for label, source, cost in rows]
    return lines
