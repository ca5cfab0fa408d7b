"""``ergo stats``: what happened to the reminders, per day, from the local history.

Reads the history file directly (sqlite3 only); Pillow is imported only for
``--chart``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from ergo.errors import UserError
from ergo.history.stats import Figures, Report, load_report, period, summarize, trend_line
from ergo.history.store import HistoryError, HistoryStore, StoredEvent, default_path
from ergo.history.text import day_label, hours_minutes
from ergo.i18n import _


def positive_days(text: str) -> int:
    """Given the --days value, return it as a number of days from 1 to 3660."""
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 3660:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a number of days from 1 to 3660").format(text=text))
    return days


def iso_day(text: str) -> date:
    """Given the --until value, return the date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date; write it as YYYY-MM-DD, for example 2025-03-07")
            .format(text=text)
        ) from None


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--db PATH`` (the history file) to a history-reading command."""
    parser.add_argument(
        "--db",
        type=Path,
        metavar=_("PATH"),
        help=_("history file to use (default: $ERGO_HISTORY_DB, else ergo's data directory)"),
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help=_("show what happened to your reminders, per day"),
        description=_("Show, per day, the reminders shown and how each ended, routines "
        "completed, natural-break minutes and the longest sitting stretch, with a "
        "comparison against the period before. History never leaves this machine."),
    )
    span = parser.add_mutually_exclusive_group()
    span.add_argument("--today", dest="days", action="store_const", const=1, help=_("today only"))
    span.add_argument(
        "--week", dest="days", action="store_const", const=7, help=_("the last 7 days (default)")
    )
    span.add_argument("--days", type=positive_days, metavar=_("N"), help=_("the last N days"))
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", dest="output", action="store_const", const="json", help=_("print JSON")
    )
    output.add_argument(
        "--csv", dest="output", action="store_const", const="csv",
        help=_("print one CSV row per day"),
    )
    parser.add_argument(
        "--until", type=iso_day, metavar=_("YYYY-MM-DD"),
        help=_("last day of the period (default today)"),
    )
    parser.add_argument(
        "--chart", type=Path, metavar=_("FILE.png"), help=_("also draw a chart (PNG)")
    )
    parser.add_argument(
        "--export",
        type=Path,
        metavar=_("FILE.csv"),
        help=_("also write every stored event to a CSV file"),
    )
    add_db_option(parser)
    parser.set_defaults(func=run, days=7, output="table")


def run(args: argparse.Namespace) -> int:
    path = args.db or default_path()
    first, last = period(args.until or date.today(), args.days)
    store = open_existing(path)
    try:
        if store is None:
            report = summarize([], first, last)
        else:
            report = load_report(store, last, args.days)
        if args.export:
            count = export_events([] if store is None else store.all_events(), args.export)
            done = _("Exported {count} events to {file}").format(count=count, file=args.export)
            print(done, file=sys.stderr)
    except HistoryError as error:
        raise UserError(str(error), exit_code=1) from error
    finally:
        if store is not None:
            store.close()
    if args.chart:
        from ergo.history.chart import draw_chart

        draw_chart(report, args.chart)
        print(_("Chart written to {file}").format(file=args.chart), file=sys.stderr)
    {"json": print_json, "csv": print_csv, "table": print_table}[args.output](report, sys.stdout)
    return 0


def open_existing(path: Path) -> HistoryStore | None:
    """Given the history path, return the open store, or None if there is no history yet.

    Raise UserError (exit 1) when the file can't be used.
    """
    if not path.exists():
        return None
    try:
        return HistoryStore.open(path)
    except HistoryError as error:
        raise UserError(
            [
                str(error),
                _("`ergo history clear` deletes it; ergo starts a new one next time it runs"),
            ],
            exit_code=1,
        ) from error


def figures_dict(figures: Figures) -> dict[str, Any]:
    return {
        "shown": figures.shown,
        "done": figures.done,
        "snoozed": figures.snoozed,
        "skipped": figures.skipped,
        "ignored": figures.ignored,
        "deferred": figures.deferred,
        "routines_completed": figures.routines_completed,
        "natural_break_minutes": round(figures.natural_break_seconds / 60, 1),
        "longest_sitting_minutes": round(figures.longest_sitting_seconds / 60, 1),
    }


def print_json(report: Report, out: TextIO) -> None:
    document = {
        "first_day": report.first.isoformat(),
        "last_day": report.last.isoformat(),
        "days": [{"date": day.isoformat(), **figures_dict(f)} for day, f in report.days],
        "total": figures_dict(report.total),
        "previous_period": figures_dict(report.previous),
        "trend": trend_line(report),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def print_csv(report: Report, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    rows = [{"date": day.isoformat(), **figures_dict(f)} for day, f in report.days]
    writer.writerow(rows[0].keys())
    writer.writerows(row.values() for row in rows)


def print_table(report: Report, out: TextIO) -> None:
    headers = [
        _("Day"), _("Shown"), _("Done"), _("Snoozed"), _("Skipped"), _("Ignored"),
        _("Routines"), _("Breaks"), _("Longest sitting"),
    ]  # fmt: skip

    def cells(label: str, f: Figures) -> list[str]:
        return [
            label, str(f.shown), str(f.done), str(f.snoozed), str(f.skipped), str(f.ignored),
            str(f.routines_completed), hours_minutes(f.natural_break_seconds),
            hours_minutes(f.longest_sitting_seconds),
        ]  # fmt: skip

    rows = [cells(day_label(day), f) for day, f in report.days]
    if len(rows) > 1:
        rows.append(cells(_("Total"), report.total))
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    out.write(line(headers) + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for index, row in enumerate(rows):
        if index == len(report.days):
            out.write("  ".join("-" * width for width in widths) + "\n")
        out.write(line(row) + "\n")
    out.write("\n" + trend_line(report) + "\n")


EXPORT_COLUMNS = ("time_utc", "local_time", "local_date", "kind", "reminder", "detail")


def export_events(events: Iterable[StoredEvent], path: Path) -> int:
    """Write the events to ``path`` as CSV (one row each, detail as JSON); return the count."""
    count = 0
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for event in events:
                writer.writerow(export_row(event))
                count += 1
    except OSError as error:
        raise UserError(_("cannot write {file}: {reason}").format(file=path, reason=error.strerror),
                        exit_code=1) from error
    return count


def export_row(event: StoredEvent) -> list[str]:
    utc = datetime.fromtimestamp(event.at, UTC)
    local = utc.astimezone(timezone(timedelta(seconds=event.utc_offset)))
    return [
        utc.isoformat().replace("+00:00", "Z"),
        local.isoformat(),
        event.day,
        event.kind,
        event.reminder or "",
        json.dumps(event.detail, sort_keys=True) if event.detail else "",
    ]
