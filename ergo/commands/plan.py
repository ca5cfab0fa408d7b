"""``ergo plan``: what the effective config would fire and when, for a preview before rollout."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import TYPE_CHECKING

from ergo.core.model import Settings, TimeRange
from ergo.i18n import _, install, ngettext

if TYPE_CHECKING:
    from ergo.core.busy import BusySpan


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help=_("show when reminders would fire"),
        description=_("Show what the effective config would fire and when, assuming the user "
        "is at the desk all day and does each reminder when it appears."),
    )
    parser.add_argument("--date", type=_date, metavar=_("YYYY-MM-DD"),
                        help=_("first day (default: today)"))
    parser.add_argument("--days", type=_days, default=1, metavar=_("N"),
                        help=_("number of days (default: 1)"))
    parser.add_argument("--config", metavar=_("FILE"), help=_("user config file"))
    parser.add_argument("--org-config", metavar=_("FILE"), help=_("organisation (HR) config file"))
    parser.add_argument("--lunch", type=_time_range, metavar=_("HH:MM-HH:MM"),
                        help=_("a daily break, e.g. 12:30-13:00"))
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.config import load_config
    from ergo.core.plan import plan
    from ergo.history.text import weekday_label
    from ergo.runtime.clock import SystemClock, local_zone

    settings = load_config(args.config, args.org_config).settings
    install(settings.language)
    zone = local_zone()
    first = args.date or SystemClock().now().date()
    busy = _busy(settings, first, args.days, zone)
    fired = plan(settings, first, args.days, args.lunch, tz=zone, busy=busy)
    if args.json:
        print(
            json.dumps(
                {
                    "from": first.isoformat(),
                    "days": args.days,
                    "lunch": None if args.lunch is None else _range_text(args.lunch),
                    "busy": [{"start": s.start.isoformat(), "end": s.end.isoformat()}
                             for s in busy],
                    "notifications": [
                        {"at": at.isoformat(), "reminders": list(f.reminder_ids), "title": f.title}
                        for at, f in fired
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    days = ngettext("{n} day", "{n} days", args.days).format(n=args.days)
    headline = ngettext("{count} notification over {days} from {first}",
                        "{count} notifications over {days} from {first}", len(fired))
    lunch = "" if args.lunch is None else _(", lunch {time}").format(time=_range_text(args.lunch))
    print(headline.format(count=len(fired), days=days, first=first) + lunch)
    if settings.interruptions.calendars:
        print(ngettext("Reminders wait during {count} busy event from the calendars",
                       "Reminders wait during {count} busy events from the calendars",
                       len(busy)).format(count=len(busy)))
    merged = sum(1 for _at, f in fired if len(f.reminder_ids) > 1)
    crowded = sum(1 for _at, f in fired if len(f.reminder_ids) > 2)
    print(_("{merged} of them show reminders together, {crowded} more than two at once")
          .format(merged=merged, crowded=crowded))
    for day, items in groupby(fired, key=lambda item: item[0].date()):
        print(f"\n{weekday_label(day)} {day:%Y-%m-%d}")
        for at, firing in items:
            print(f"  {at:%H:%M}  {firing.title}")
    return 0


def _busy(settings: Settings, first: date, days: int, zone: tzinfo) -> tuple[BusySpan, ...]:
    """Read the configured calendars for the days planned; say on stderr which feeds failed."""
    if not settings.interruptions.calendars:
        return ()
    from ergo.calendar.feeds import default_cache_dir, read_calendars
    from ergo.core.schedule import midnight

    window = (midnight(first, zone), midnight(first + timedelta(days=days), zone))
    read = read_calendars(settings.interruptions, default_cache_dir(), datetime.now(UTC), zone,
                          window=window)
    for feed in read.feeds:
        if feed.error:
            print(_("ergo: calendar {source} could not be read: {error}").format(
                source=feed.source, error=feed.error), file=sys.stderr)
    return read.spans


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date; write YYYY-MM-DD").format(text=text)) from None


def _days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 3660:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a number of days from 1 to 3660").format(text=text))
    return int(text)


def _time_range(text: str) -> TimeRange:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a time range; write for example 12:30-13:00").format(text=text)
        ) from None
    if not start < end:
        raise argparse.ArgumentTypeError(_("'{text}' ends before it starts").format(text=text))
    return TimeRange(start, end)


def _range_text(span: TimeRange) -> str:
    return f"{span.start:%H:%M}-{span.end:%H:%M}"
