"""The words history shows the user: every label goes through ``_`` (gettext).

``_`` is the one hook the translation layer replaces to show these labels in the
user's language; dates are built from translated day and month names rather
than the process locale, so they follow the configured language too.
"""

from __future__ import annotations

from datetime import date
from gettext import gettext as _

WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
MONTHS = (
    _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
    _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
)  # fmt: skip


def day_label(day: date) -> str:
    """Given a date, return a short label such as ``Mon 3 Mar``."""
    return _("{weekday} {day} {month}").format(
        weekday=WEEKDAYS[day.weekday()], day=day.day, month=MONTHS[day.month - 1]
    )


def span_label(first: date, last: date) -> str:
    """Given the first and last day of a period, return ``Mon 3 Mar to Sun 9 Mar``."""
    if first == last:
        return day_label(first)
    return _("{first} to {last}").format(first=day_label(first), last=day_label(last))


def day_month_label(day: date) -> str:
    """Given a date, return a short label such as ``3 Mar``."""
    return _("{day} {month}").format(day=day.day, month=MONTHS[day.month - 1])


def weekday_label(day: date) -> str:
    """Given a date, return its short weekday name."""
    return WEEKDAYS[day.weekday()]


def hours_minutes(seconds: float) -> str:
    """Given a length in seconds, return it as ``1h25m`` or ``40m`` (whole minutes)."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"
