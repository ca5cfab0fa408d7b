"""``ergo doctor``: which desktop sources ergo can use on this machine, and what would help.

For IT support and HR: it runs the same selection as ``ergo run`` (tray,
notifications, idle time, lock state, sleep, interruption detectors) and prints
what is active, what is unavailable and why, and what to install or enable.
Nothing is shown on screen and nothing is changed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ergo.i18n import N_, _

if TYPE_CHECKING:
    from ergo.core.model import InterruptionSettings
    from ergo.desktop.select import Detectors, Selection
    from ergo.ports import Notifier, Tray

T = TypeVar("T")

_SWITCHES = {
    "meetings": N_("calls (microphone or camera in use)"),
    "fullscreen": N_("full-screen windows"),
    "do_not_disturb": N_("do not disturb"),
    "apps": N_("listed programs"),
}
_REASON_SWITCH = {"meeting": "meetings", "fullscreen": "fullscreen", "dnd": "do_not_disturb",
                  "app": "apps"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help=_("show which tray, notification, idle and interruption sources work here"),
        description=_("Show which tray, notification, idle-time, lock, sleep and interruption "
        "sources ergo can use on this machine, why the others are unavailable, and what to "
        "install or enable. Paste its output when asking for help."),
    )
    parser.add_argument("--config", metavar=_("FILE"), help=_("user config file"))
    parser.add_argument("--org-config", metavar=_("FILE"), help=_("organisation (HR) config file"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.calendar.feeds import default_cache_dir, feed_states
    from ergo.config import ConfigError, load_config
    from ergo.core.model import InterruptionSettings
    from ergo.desktop.select import (
        select_idle,
        select_interruptions,
        select_notifier,
        select_tray,
    )
    from ergo.logs import default_log_dir

    try:
        interruptions = load_config(args.config, args.org_config).settings.interruptions
        config_note = None
    except ConfigError as error:
        interruptions = InterruptionSettings()
        config_note = _("the config has problems ({problem}); using the defaults").format(
            problem=error.problems[0])
    tray = select_tray(lambda action: None)
    notifier = select_notifier()
    idle = select_idle()
    detectors = select_interruptions(interruptions)
    feeds = feed_states(interruptions, default_cache_dir())
    try:
        print(report(tray, notifier, idle, detectors, interruptions, os.environ, sys.platform,
                     config_note, default_log_dir() / "ergo.log", feeds))
    finally:
        idle.adapter.close()
        detectors.close()
        notifier.adapter.close()
    return 0


def report(
    tray: Selection[Tray],
    notifier: Selection[Notifier],
    idle: Any,
    detectors: Detectors,
    interruptions: InterruptionSettings,
    env: Mapping[str, str],
    platform: str,
    config_note: str | None = None,
    log_file: Path | None = None,
    feeds: tuple[Any, ...] = (),
) -> str:
    """Given the four selections, the interruption settings, the environment,
    ``sys.platform``, the daemon's log file and the calendar feeds' states
    (:class:`ergo.calendar.feeds.FeedState`), return the doctor's text."""
    session = env.get("XDG_SESSION_TYPE") or ("wayland" if env.get("WAYLAND_DISPLAY") else
                                              "x11" if env.get("DISPLAY") else "no display")
    desktop = env.get("XDG_CURRENT_DESKTOP", _("unknown desktop"))
    lines = [f"ergo doctor: {platform}, {session}, {desktop}"]
    if config_note:
        lines.append(_("Note: {note}").format(note=config_note))
    lines.append("")
    lines += _selection(_("Tray"), tray)
    lines += _selection(_("Notifications"), notifier)
    lines += [f"  {line}" for line in notifier.adapter.about()]
    monitor = idle.adapter
    lines.append(_("Idle time: {source} ({how})").format(source=monitor.idle.name, how=idle.how))
    lock = monitor.lock or (monitor.idle if platform in ("win32", "darwin") else None)
    lines.append(_("Lock state: {source}").format(
        source=lock.name if lock is not None and lock.name != "none" else _("none")))
    lines.append(_("Sleep: {source}").format(
        source=_("logind's PrepareForSleep signal") if monitor.sleep is not None
        else _("clock comparison (noticed within a minute of waking)")))
    lines += _details(idle)
    lines.append(_("Interruptions:"))
    for switch, label in _SWITCHES.items():
        used = [d.name for d in detectors.active if _REASON_SWITCH[d.reason] == switch]
        if switch in detectors.off:
            state = _("off in the config")
        elif switch == "apps" and not interruptions.apps:
            state = _("none listed (interruptions.apps)")
        elif used:
            state = ", ".join(used)
        else:
            state = _("not available here")
        lines.append(f"  {_(label)}: {state}")
    lines += [_("  not {name}: {reason}").format(name=name, reason=reason)
              for name, reason in detectors.unavailable]
    from ergo.calendar.feeds import doctor_lines
    from ergo.commands.doctor_table import desktop_table

    lines += doctor_lines(feeds)

    lines += ["", *desktop_table(monitor.idle.name, lock.name if lock is not None else "none",
                                 detectors, interruptions.fullscreen, env, platform)]
    hints = suggestions(tray, notifier, idle, detectors, interruptions, env, platform)
    if hints:
        lines += ["", _("What would help:")]
        lines += [f"  - {hint}" for hint in hints]
    if log_file is not None:
        lines += ["", _("Log: {file} (`grep ergo.trail` there shows each reminder fired, held "
                        "back or answered, and why)").format(file=log_file)]
    return "\n".join(lines)


def _selection(kind: str, selection: Selection[T]) -> list[str]:
    """Given a translated heading and a selection, return its lines (as its describe() does
    for the log, but in the user's language; the backends' reasons are their own)."""
    name = getattr(selection.adapter, "name", "?")
    return [f"{kind}: {name} ({selection.how})", *_details(selection)]


def _details(selection: Selection[T]) -> list[str]:
    return [*(_("  limit: {limit}").format(limit=limit) for limit in selection.limits),
            *(_("  not {name}: {reason}").format(name=item.name, reason=item.reason)
              for item in selection.rejected)]


def suggestions(
    tray: Selection[Tray],
    notifier: Selection[Notifier],
    idle: Any,
    detectors: Detectors,
    interruptions: InterruptionSettings,
    env: Mapping[str, str],
    platform: str,
) -> list[str]:
    """Return what the user or IT could install or enable to get more from ergo here."""
    hints = []
    reasons = " ".join(r.reason for r in (*tray.rejected, *idle.rejected))
    no_display = tray.rejected and all("display" in r.reason for r in tray.rejected)
    if not no_display and (tray.adapter.name == "none"
                           or not getattr(tray.adapter, "has_menu", True)):
        hints.append(_("for a tray menu, install ergo's gtk extra: pip install 'ergo[gtk]'")
                     if platform.startswith("linux") else _("see the tray reasons above"))
    if notifier.adapter.name == "log":
        hints.append(_("start a notification server (your desktop's, or dunst) so reminders "
                       "pop up"))
    monitor = idle.adapter
    if monitor.idle.name == "none":
        if "python-xlib" in reasons or "Xlib" in reasons:
            hints.append(_("install python-xlib (pip install python-xlib) for idle time on X11"))
        elif env.get("WAYLAND_DISPLAY"):
            hints.append(_("this Wayland compositor offers no idle time ergo can read (GNOME's "
                           "Mutter, KDE's KWin and wlroots compositors such as sway do); log in "
                           "to an X11 session to have breaks noticed"))
        else:
            hints.append(_("no idle source works here, so breaks are not noticed; see the "
                           "reasons above"))
    if platform.startswith("linux") and monitor.lock is None:
        hints.append(_("systemd-logind (its LockedHint) or a screen saver service on the "
                       "session bus lets ergo count a locked screen as a break at once"))
    if platform.startswith("linux") and monitor.sleep is None:
        hints.append(_("systemd-logind's PrepareForSleep signal lets ergo count a suspend at "
                       "once"))
    dnd_used = any(d.reason == "dnd" for d in detectors.active)
    if interruptions.do_not_disturb and not dnd_used:
        if "GNOME" in env.get("XDG_CURRENT_DESKTOP", "").upper() and platform.startswith("linux"):
            hints.append(_("install ergo's gtk extra (pip install 'ergo[gtk]') so ergo can read "
                           "GNOME's do-not-disturb switch"))
        else:
            hints.append(_("your notification server does not publish do-not-disturb; list your "
                           "meeting and presentation programs in interruptions.apps instead"))
    if platform == "darwin" and interruptions.meetings:
        hints.append(_("calls are not detected on macOS: list your meeting programs (zoom.us, "
                       "Microsoft Teams) in interruptions.apps"))
    return hints
