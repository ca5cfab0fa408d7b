"""What the settings window shows and how its controls turn into config changes.

Pure logic, tested without a display. :func:`sections` describes the window's tabs
and their :class:`Field` s (each names one config key and the kind of control that
edits it); :func:`shown` turns the value in effect into what the control holds,
:func:`written` turns the control back into the value for the user file, and
:func:`changes` keeps only the keys the user actually changed. :func:`refusals` checks
changed values against the organisation's bounds before anything is saved, in the
user's language. Runs on the settings window's Tk thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ergo.config.edit import Path_, Rule, UserFile, Value
from ergo.config.schema import NO_ROUTINE
from ergo.core.model import WEEKDAYS
from ergo.i18n import _, available_languages, language_name

Kind = Literal["switch", "text", "list", "days", "choice", "count", "routine", "login"]
Shown = str | bool | frozenset[str]
"""What a control holds: the text of an entry or list, a check box, or the days ticked."""

START_AT_LOGIN: Path_ = ("start_at_login",)
"""Not a config key: the window sets up start at login itself (see :mod:`ergo.autostart`)."""


@dataclass(frozen=True)
class Field:
    """One control: the config key it edits, the kind of control, its label (``&`` marks
    the access key) and a hint shown after it.

    ``choices`` are (value, label) pairs for a ``choice``; for a ``routine`` check box the
    one pair names the routine it offers.
    """

    path: Path_
    kind: Kind
    label: str = ""
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """One tab: its label (``&`` marks the access key) and its fields; the reminders tab
    has a row of :func:`reminder_fields` per reminder instead."""

    label: str
    fields: tuple[Field, ...] = ()
    reminders: bool = False


def sections() -> tuple[Section, ...]:
    """Return the window's tabs, in the installed language."""
    return (
        Section(_("&Working hours"), (
            Field(("work_hours", "days"), "days", _("Working &days")),
            Field(("work_hours", "start"), "text", _("S&tarts at"), _("for example 08:30")),
            Field(("work_hours", "end"), "text", _("&Ends at"), _("for example 17:00")),
            Field(("work_hours", "breaks"), "list", _("&Breaks"),
                  _("no reminders then; for example 12:30-13:00")),
        )),
        Section(_("&Reminders"), reminders=True),
        Section(_("S&nooze and breaks"), (
            Field(("snooze", "durations"), "list", _("Snooze &lengths"),
                  _("for example 5m, 10m, 20m")),
            Field(("idle", "break_after"), "text", _("&Away after"),
                  _("without keyboard or mouse: a natural break; for example 1m")),
            Field(("interruptions", "meetings"), "switch",
                  _("Wait during calls (&microphone or camera in use)")),
            Field(("interruptions", "fullscreen"), "switch",
                  _("Wait while a &full-screen window is in front")),
            Field(("interruptions", "do_not_disturb"), "switch",
                  _("Wait while do-not-dis&turb is on")),
            Field(("interruptions", "apps"), "list", _("Wait while these &programs run"),
                  _("process names, for example zoom, obs")),
        )),
        Section(_("&General"), (
            Field(("language",), "choice", _("&Language"), choices=(
                ("auto", _("The system's language")),
                *((code, language_name(code)) for code in available_languages()))),
            Field(START_AT_LOGIN, "login", _("Start ergo when I log &in")),
        )),
    )


def reminder_columns() -> tuple[str, ...]:
    """Return the headings of the reminders table (``&`` marks an access key)."""
    return (_("Reminder"), _("&Every"), _("Shown as"), _("Offer stretches"),
            _("Start them at once"), _("A break counts after"))


def reminder_fields(reminder_id: str, routine: str) -> tuple[Field, ...]:
    """Given a reminder id and the routine it would offer, return its row's fields (its
    title is the first one's label)."""
    at = ("reminders", reminder_id)
    return (
        Field((*at, "enabled"), "switch"),
        Field((*at, "every"), "text"),
        Field((*at, "delivery"), "choice", choices=(
            ("notification", _("Notification")), ("prompt", _("Small window")),
            ("both", _("Both")))),
        Field((*at, "routine"), "routine", choices=((routine, routine),)),
        Field((*at, "start_routine"), "switch"),
        Field((*at, "reset_after"), "text"),
    )


def shown(field: Field, value: Any) -> Shown:
    """Given a field and its value in effect (None when unset), return what its control
    shows."""
    if field.kind in ("switch", "login"):
        return bool(value)
    if field.kind == "routine":
        return value is not None and value != NO_ROUTINE
    if field.kind == "days":
        return frozenset(value or ())
    if field.kind == "list":
        return ", ".join(str(item) for item in value or ())
    if field.kind == "choice":
        return dict(field.choices).get(str(value), str(value))
    return "" if value is None else str(value)


def written(field: Field, control: Shown) -> Value:
    """Given a field and what its control holds, return the value for the user file."""
    if field.kind in ("switch", "login"):
        return bool(control)
    if field.kind == "routine":
        # "none" rather than no key: a routine named below the user's file stays unset.
        return field.choices[0][0] if control else NO_ROUTINE
    if isinstance(control, frozenset):
        return [day for day in WEEKDAYS if day in control]
    text = str(control).strip()
    if field.kind == "list":
        return [item for item in re.split(r"[,\s]+", text) if item]
    if field.kind == "choice":
        return {label: value for value, label in field.choices}.get(text, text)
    if field.kind == "count" and re.fullmatch(r"\d+", text):
        return int(text)
    return text


def changes(now: Mapping[Field, Shown], initial: Mapping[Field, Shown]) -> dict[Path_, Value]:
    """Given what each control holds now and held when the window opened, return the
    changed keys and their values for the user file (start at login excluded)."""
    return {field.path: written(field, held) for field, held in now.items()
            if held != initial.get(field) and field.kind != "login"}


def note(rule: Rule) -> str:
    """Given a key's rule, return the note shown next to its control ("" for none)."""
    if rule.locked:
        return _("set by your organisation")
    if rule.minimum is not None and rule.maximum is not None:
        limits = _("{min} to {max}").format(min=rule.minimum, max=rule.maximum)
    elif rule.minimum is not None:
        limits = _("at least {min}").format(min=rule.minimum)
    elif rule.maximum is not None:
        limits = _("at most {max}").format(max=rule.maximum)
    else:
        return ""
    return _("{limits}, set by your organisation").format(limits=limits)


def refusals(opened: UserFile, changed: Mapping[Path_, Value], names: Mapping[Path_, str]
             ) -> list[str]:
    """Given the opened file, the changes and the name of each key, return why changes
    beyond the organisation's bounds cannot be saved (empty when none are)."""
    refused = []
    for path, value in changed.items():
        beyond = opened.rule(path).outside(value)
        if beyond is None:
            continue
        end, bound = beyond
        message = (_("{name}: {value} is less than the minimum {bound} set by your "
                     "organisation") if end == "min" else
                   _("{name}: {value} is more than the maximum {bound} set by your "
                     "organisation"))
        refused.append(message.format(name=names.get(path, ".".join(path)), value=value,
                                      bound=bound))
    return refused


def mnemonic(label: str) -> tuple[str, int]:
    """Given a label with ``&`` before its access key ("&Save"), return the text and the
    index of the underlined letter (-1 without one)."""
    index = label.find("&")
    if index < 0:
        return label, -1
    return label[:index] + label[index + 1:], index


def buttons() -> tuple[str, str, str]:
    """Return the labels of the Save, Close and Open config file buttons."""
    return _("&Save"), _("&Close"), _("&Open config file")
