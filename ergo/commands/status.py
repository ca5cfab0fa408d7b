"""``ergo status [--json]``: what the running daemon is doing and what comes next."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import Any

from ergo.i18n import N_, _

_STATE_TEXT = {
    "active": N_("active"),
    "paused": N_("paused"),
    "snoozed": N_("snoozed"),
    "due": N_("a reminder is showing"),
    "off_hours": N_("outside working hours"),
    "away": N_("on a break"),
}
# The kinds of backend the daemon names in its status.
_BACKEND_KINDS = {"tray": N_("tray"), "notifier": N_("notifier"), "idle": N_("idle")}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status",
        help=_("show whether ergo runs, its state and the next reminders"),
        description=_("Show whether ergo runs, whether it is paused or snoozed, the next "
        "reminders with their times and the backends in use."),
    )
    parser.add_argument("--json", action="store_true",
                        help=_("print the daemon's status as JSON, for scripts"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request

    data = request("status")
    if isinstance(data.get("language"), str):
        from ergo.i18n import install

        # The daemon's texts (headline, titles) are in its language: the rest follows.
        install(data["language"])
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_status(data, datetime.now().astimezone()))
    return 0


def format_moment(text: Any, now: datetime) -> str:
    """Given an ISO 8601 time from the daemon and the local ``now``, return it for people.

    Today's times read ``14:30``, tomorrow's ``tomorrow 09:00``, others
    ``2024-05-06 09:00``; text that is not an ISO time is returned unchanged.
    """
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if moment.tzinfo is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    from ergo.core.durations import clock_time

    if moment.date() == now.date():
        return clock_time(moment)
    if moment.date() == now.date() + timedelta(days=1):
        return _("tomorrow {time}").format(time=clock_time(moment))
    return f"{moment:%Y-%m-%d} {clock_time(moment)}"


def format_status(data: dict[str, Any], now: datetime) -> str:
    """Given the daemon's status data (see ``ergo.control.protocol.StatusData``), return text.

    Missing or unexpected fields are left out rather than failing, so a
    newer daemon's status still prints.
    """
    state = str(data.get("state"))
    lines = [
        _("ergo is running (pid {pid}): {state}").format(
            pid=data.get("pid", "?"), state=_(_STATE_TEXT[state]) if state in _STATE_TEXT else state
        )
    ]
    if data.get("paused_until"):
        lines.append(_("Paused until {time}").format(time=format_moment(data["paused_until"], now)))
    elif state == "paused":
        lines.append(_("Paused until you resume (ergo resume)"))
    # The tray's headline, unless the pause or snooze lines below say it already.
    if data.get("situation") and state != "paused" and not data.get("snoozed_until"):
        lines.append(str(data["situation"]))
    if data.get("snoozed_until"):
        time = format_moment(data["snoozed_until"], now)
        lines.append(_("Snoozed until {time}").format(time=time))
    for item in data.get("snoozed_reminders") or []:
        if isinstance(item, dict):
            lines.append(_("{name}: snoozed until {time}").format(
                name=item.get("title", item.get("id", "?")),
                time=format_moment(item.get("until", "?"), now)))
    if data.get("interruption"):
        lines.append(_("Attention: {problem}").format(problem=data["interruption"]))
    upcoming = [item for item in data.get("next") or [] if isinstance(item, dict)]
    if upcoming:
        lines.append(_("Next:"))
        for item in upcoming:
            when = format_moment(item.get("at", "?"), now)
            lines.append(f"  {when:>14}  {item.get('title', '')} ({item.get('id', '?')})")
    elif state != "away":
        lines.append(_("Next: nothing scheduled"))
    left = data.get("snoozes_left_today")
    if "snoozes_left_today" in data:
        lines.append(_("Snoozes left today: {count}").format(
            count=_("unlimited") if left is None else left))
    backends = data.get("backends")
    if isinstance(backends, dict) and backends:
        lines.append(_("Backends: {list}").format(
            list=", ".join(f"{_(_BACKEND_KINDS[k]) if k in _BACKEND_KINDS else k} {v}"
                           for k, v in backends.items())))
    files = data.get("config_files")
    if isinstance(files, list) and files:
        lines.append(_("Config: {files}").format(files=", ".join(str(f) for f in files)))
    return "\n".join(lines)
