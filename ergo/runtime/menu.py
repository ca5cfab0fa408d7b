"""What the tray shows: the engine's view turned into an icon state, a tooltip and a menu.

Pure apart from the language: given the engine's view and the settings, return a
:class:`ergo.ports.TrayView` in the installed language (:mod:`ergo.i18n`). Menu
actions are engine events (snooze, pause, done, ...) or :class:`Command` values for
what only the daemon can do; the tray hands them back to the dispatcher unchanged.

The default item (what a left click runs where the panel runs one) only ever opens
the prompt of the reminder that is showing: a click never answers a reminder.
While nothing is showing there is no default item, and a left click opens the menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ergo.core.durations import clock_time, format_duration
from ergo.core.engine import InterruptionView
from ergo.core.engine import TrayView as EngineView
from ergo.core.events import Done, Pause, Resume, Skipped, Snooze
from ergo.core.model import Settings
from ergo.i18n import N_, _, translate
from ergo.ports import SEPARATOR, MenuItem, TrayStatus, TrayView

PAUSE_CHOICES: tuple[timedelta, ...] = (
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
)


@dataclass(frozen=True)
class Command:
    """A tray or control action only the daemon can carry out.

    ``name`` is one of ``reload``, ``quit``, ``settings``, ``open_config``, ``stretch``,
    ``about``, ``prompt`` (open the prompt of the reminders showing) and ``toggle``
    (``arg``: the reminder id to switch on or off).
    """

    name: str
    arg: str | None = None


# What holds reminders back, for the headline ("Waiting: a call").
INTERRUPTIONS = {
    "meeting": N_("a call"),
    "fullscreen": N_("a full-screen window"),
    "dnd": N_("do not disturb"),
    "app": N_("a listed program"),
    "calendar": N_("a meeting in your calendar"),
}


def waiting_for(active: InterruptionView) -> str:
    """Return what an interruption is, for people: its detail, else its kind.

    A calendar block says until when ("in a meeting until 11:00"), naming the
    meeting only when its title reached ergo (``show_titles``).
    """
    if active.reason == "calendar" and active.until is not None:
        if active.detail:
            return _("in “{title}” until {time}").format(title=active.detail,
                                                          time=clock(active.until))
        return _("in a meeting until {time}").format(time=clock(active.until))
    reason = INTERRUPTIONS.get(active.reason)
    return active.detail or (_(reason) if reason else active.reason)


def clock(instant: datetime) -> str:
    """Return an instant as the user reads it on a clock (``14:05``)."""
    return clock_time(instant)


def is_locked(settings: Settings, path: str) -> bool:
    """Return whether the organisation locks ``path`` or a section holding it."""
    parts = path.split(".")
    return any(".".join(parts[:n]) in settings.locked for n in range(1, len(parts) + 1))


def tray_status(view: EngineView) -> TrayStatus:
    """Return the icon state for the engine's status (a natural break looks active)."""
    return "active" if view.status == "away" else view.status


def headline(
    view: EngineView, settings: Settings, routine_step: tuple[int, int] | None = None
) -> str:
    """Return the one line that says what is going on, else what ergo will do next.

    ``routine_step`` is the step the routine player shows and the count of steps.
    """
    if view.status == "paused":
        if view.paused_until is None:
            return _("Paused until you resume")
        return _("Paused until {time}").format(time=clock(view.paused_until))
    if view.away == "routine":
        if routine_step is not None and routine_step[0] > 0:
            step, steps = routine_step
            return _("Stretching, step {step} of {steps}").format(step=step, steps=steps)
        return _("Stretching")
    if view.away is not None and view.away_since is not None:
        return _("On a break since {time}").format(time=clock(view.away_since))
    if view.interruptions and view.status != "off_hours":
        return _("Waiting: {what}").format(what=waiting_for(view.interruptions[0]))
    if view.snoozed_all_until is not None:
        return _("Snoozed until {time}").format(time=clock(view.snoozed_all_until))
    if view.next_reminder is not None and view.next_at is not None:
        reminder = settings.reminder(view.next_reminder)
        name = reminder.title.get(settings.language) if reminder else view.next_reminder
        return _("Next reminder: {name} at {time}").format(name=name, time=clock(view.next_at))
    if view.status == "off_hours":
        return _("Outside working hours")
    return _("No reminders are switched on")


def build_view(
    view: EngineView,
    settings: Settings,
    *,
    history: tuple[str, ...] = (),
    routine_step: tuple[int, int] | None = None,
) -> TrayView:
    """Given the engine's view, return the tray's icon state, tooltip and menu.

    ``history`` holds lines from the history: the first ("Today: 5 of 7 done") is shown
    under the headline, the others under "This week", below the reminder switches.
    Under the headline, each reminder snoozed on its own says until when.
    """
    top = headline(view, settings, routine_step)
    items: list[MenuItem] = [MenuItem(top, enabled=False)]
    snoozed = [r for r in view.reminders if r.snoozed_until is not None]
    for r in snoozed:
        items.append(MenuItem(_("{name}: snoozed until {time}").format(
            name=r.title, time=clock(r.snoozed_until)), enabled=False))
    if history:
        items.append(MenuItem(history[0], enabled=False))
    items.append(SEPARATOR)
    if view.due:
        names = " · ".join(_title(settings, rid) for rid in view.due)
        items.append(MenuItem(_("Show reminder: {name}").format(name=names), Command("prompt"),
                              default=True))
        items.append(MenuItem(_("Done: {name}").format(name=names), Done(view.due)))
        items.append(MenuItem(_("Skip"), Skipped(view.due)))
    items.append(_snooze_menu(view, settings))
    if view.status == "paused":
        items.append(MenuItem(_("Resume"), Resume()))
    else:
        if view.snoozed_all_until is not None or snoozed:
            items.append(MenuItem(_("End snooze"), Resume()))
        items.append(_pause_menu())
    if settings.routines:
        items.append(MenuItem(_("Stretch now"), Command("stretch")))
    items.append(_reminders_menu(settings))
    if history[1:]:
        lines = tuple(MenuItem(line, enabled=False) for line in history[1:])
        items.append(MenuItem(_("This week"), submenu=lines))
    items += [
        SEPARATOR,
        MenuItem(_("Settings…"), Command("settings")),
        MenuItem(_("Open config file"), Command("open_config")),
        MenuItem(_("Reload config"), Command("reload")),
        MenuItem(_("About and safety"), Command("about")),
        MenuItem(_("Quit"), Command("quit")),
    ]
    return TrayView(status=tray_status(view), tooltip=f"ergo: {top}", menu=tuple(items))


def _title(settings: Settings, reminder_id: str) -> str:
    reminder = settings.reminder(reminder_id)
    return reminder.title.get(settings.language) if reminder else reminder_id


def _snooze_menu(view: EngineView, settings: Settings) -> MenuItem:
    if not view.snooze_all_allowed:
        refusal = view.snooze_all_refusal
        reason = translate(refusal) if refusal else _("not possible now")
        return MenuItem(_("Snooze ({reason})").format(reason=reason), enabled=False)
    choices = [
        MenuItem(format_duration(duration), Snooze(None, duration))
        for duration in settings.snooze.durations
    ]
    if settings.snooze.rest_of_day:
        choices.append(MenuItem(_("Rest of today"), Snooze(None, "rest_of_day")))
    label = _("Snooze")
    if view.snoozes_left_today is not None:
        label = _("Snooze ({n} left today)").format(n=view.snoozes_left_today)
    return MenuItem(label, submenu=tuple(choices))


def _pause_menu() -> MenuItem:
    choices = [MenuItem(format_duration(d), Pause(d)) for d in PAUSE_CHOICES]
    choices.append(MenuItem(_("Until the next working day"), Pause("next_working_day")))
    choices.append(MenuItem(_("Until I resume"), Pause(None)))
    return MenuItem(_("Pause"), submenu=tuple(choices))


def _reminders_menu(settings: Settings) -> MenuItem:
    items = []
    for reminder in settings.reminders:
        locked = is_locked(settings, f"reminders.{reminder.id}.enabled")
        label = reminder.title.get(settings.language)
        if locked:
            label = _("{name} (set by your organisation)").format(name=label)
        items.append(
            MenuItem(
                label,
                Command("toggle", reminder.id),
                enabled=not locked,
                checked=reminder.enabled,
            )
        )
    return MenuItem(_("Reminders"), submenu=tuple(items))
