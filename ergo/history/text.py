"""The words history shows the user, in the installed language (see :mod:`ergo.i18n`).

Dates are built from translated day and month names rather than the process
locale, so they follow the configured language too.
"""

from __future__ import annotations

from datetime import date

from ergo.i18n import N_, _

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


def day_label(day: date) -> str:
    """Given a date, return a short label such as ``Mon 3 Mar``."""
    return _("{weekday} {day} {month}").format(
        weekday=_(WEEKDAYS[day.weekday()]), day=day.day, month=_(MONTHS[day.month - 1])
    )


def span_label(first: date, last: date) -> str:
    """Given the first and last day of a period, return ``Mon 3 Mar to Sun 9 Mar``."""
    if first == last:
        return day_label(first)
    return _("{first} to {last}").format(first=day_label(first), last=day_label(last))


def day_month_label(day: date) -> str:
    """Given a date, return a short label such as ``3 Mar``."""
    return _("{day} {month}").format(day=day.day, month=_(MONTHS[day.month - 1]))


def weekday_label(day: date) -> str:
    """Given a date, return its short weekday name."""
    return _(WEEKDAYS[day.weekday()])


def hours_minutes(seconds: float) -> str:
    """Given a length in seconds, return it as ``1h25m`` or ``40m`` (whole minutes)."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"
