"""The dispatcher: the one thread that owns the engine's state.

Everything else (the timer, the control server, the tray, prompt and player
workers, the config watcher) only puts items on :attr:`Dispatcher.events`. The
dispatcher takes them one at a time, runs the pure engine with the current
time, and carries out the outcome: save the state, re-arm the timer, show the
notification or prompt, record the history, redraw the tray.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from ergo.config import ConfigError, LoadedConfig
from ergo.control.protocol import Request, Response
from ergo.core import events as ev
from ergo.core.durations import format_duration, parse_duration
from ergo.core.engine import Firing, Outcome, handle, merged_firing
from ergo.core.engine import TrayView as EngineView
from ergo.core.model import Settings
from ergo.core.state import EngineState
from ergo.i18n import _, current_language, install, translate
from ergo.ports import (
    Helpers,
    Notification,
    NotificationAction,
    NotificationAnswers,
    Notifier,
    NotifierChanged,
    NotifierUnavailable,
    PromptSpec,
    Tray,
)
from ergo.runtime import menu
from ergo.runtime.calendar_feed import CalendarRead, calendar_status, calendar_warning
from ergo.runtime.clock import Clock
from ergo.runtime.helpers import (
    LaunchFailed,
    PromptAnswer,
    RoutineEnded,
    RoutineProgress,
    SwitchSaved,
)
from ergo.runtime.routine_notes import NotifiedRoutine, StepDue, StepNote, end_note
from ergo.runtime.trail import trail_lines
from ergo.suggest import did_you_mean

log = logging.getLogger(__name__)
trail = logging.getLogger("ergo.trail")


@dataclass
class ControlCall:
    """A control request waiting for the dispatcher's answer (see :meth:`Dispatcher.call`)."""

    request: Request
    done: threading.Event = field(default_factory=threading.Event)
    response: Response | None = None


@dataclass(frozen=True)
class ConfigChanged:
    """A loaded config file changed on disk."""


@dataclass(frozen=True)
class HistoryWritten:
    """New events are in the history file: the tray's "Today" line can be read again."""


@dataclass(frozen=True)
class StartRoutine:
    """Play a routine: a follow-up of delivering a reminder that starts it right away
    (``explained``: the user was already told why it plays as notifications)."""

    routine_id: str
    explained: bool = False


@dataclass(frozen=True)
class Ports:
    """What the dispatcher reads and drives: the clock, the tray, the notifier and the one
    it falls back on while that is down (the log), the helper processes, and the source
    of the tray's history lines."""

    clock: Clock
    tray: Tray
    notifier: Notifier
    fallback: Notifier
    helpers: Helpers
    history_lines: Callable[[datetime], tuple[str, ...]]


@dataclass(frozen=True)
class Outputs:
    """Where the dispatcher's results go, each called on the dispatcher thread: the state
    to save, the next wake-up for the timer, history events, and the daemon's own
    reactions to ``quit`` and to a new config in force."""

    save_state: Callable[[dict[str, Any]], None]
    arm: Callable[[datetime | None], None]
    record: Callable[..., None]
    on_quit: Callable[[], None]
    on_reload: Callable[[], None] = lambda: None


class _Stop:
    """Ends the dispatcher loop."""


STOP = _Stop()


class Dispatcher:
    """Owns the engine state; :meth:`run` is the dispatcher thread's whole life.

    ``reload`` loads the config again (with the given overrides) and raises
    ConfigError when it is invalid. ``user_config`` is the user's own config file
    (opened from the tray). ``outputs.on_quit`` is called on the dispatcher thread
    when the user or ``ergo stop`` asks ergo to end, ``outputs.on_reload`` after a
    new config is in force.
    """

    def __init__(
        self,
        *,
        events: queue.Queue[Any],
        config: LoadedConfig,
        reload: Callable[[tuple[str, ...]], LoadedConfig],
        state: EngineState,
        ports: Ports,
        outputs: Outputs,
        backends: dict[str, str],
        user_config: Path,
        toggles: dict[str, bool] | None = None,
        config_problems: Sequence[str] = (),
    ) -> None:
        self.events = events
        self._config = config
        self._reload = reload
        self._state = state
        self._clock = ports.clock
        self._tray = ports.tray
        self._notifier = ports.notifier
        self._fallback = ports.fallback
        self._helpers = ports.helpers
        self._history_lines = ports.history_lines
        self._save_state = outputs.save_state
        self._arm = outputs.arm
        self._record = outputs.record
        self._on_quit = outputs.on_quit
        self._on_reload = outputs.on_reload
        self._backends = backends
        self._user_config = user_config
        self._toggles: dict[str, bool] = dict(toggles or {})
        # What an item's outcome asks for next, each handled as an item of its own once
        # this one is done: one engine step per item, never one inside another's loop.
        self._follow_ups: deque[object] = deque()
        self._view: EngineView | None = None
        self._saved: dict[str, Any] | None = None
        # Why the last save failed, while the state on disk is behind.
        self._unsaved: str | None = None
        # The problems of the config files on disk while they do not load, one a line.
        self._bad_config: str | None = "\n".join(config_problems) or None
        # The reminders whose prompt started the routine that is playing.
        self._routine_prompt: tuple[str, ...] = ()
        # Why notifications do not work, while they do not (warned once per outage).
        self._notifier_down: str | None = None
        # The routine playing as notifications (no window can open), and its run count.
        self._notes: NotifiedRoutine | None = None
        self._note_runs = 0
        # The step the routine player shows and its count of steps, while it plays.
        self._routine_step: tuple[int, int] | None = None
        # The reminders due at the last look: their notifications may be on screen.
        self._due: tuple[str, ...] = ()
        # The reminders of each notification that popped up and is still on screen (a
        # failed prompt needs no other). Closing one closes it for all its reminders.
        self._popped_up: tuple[frozenset[str], ...] = ()
        # The calendars' last read: how each feed is doing.
        self._calendars: CalendarRead | None = None

    @property
    def settings(self) -> Settings:
        return self._config.settings

    @property
    def toggles(self) -> dict[str, bool]:
        """Reminders the user switched on or off from the tray, by id."""
        return dict(self._toggles)

    # Any thread ----------------------------------------------------------

    def put(self, item: object) -> None:
        """Queue an event, command or answer for the dispatcher. Any thread; never blocks."""
        self.events.put(item)

    def call(self, request: Request, timeout: float = 4.0) -> Response:
        """Hand a control request to the dispatcher and wait for its answer.

        Called on the control server's connection threads.
        """
        call = ControlCall(request)
        self.events.put(call)
        if not call.done.wait(timeout) or call.response is None:
            return Response.failure(_("ergo is busy and did not answer in time; try again"))
        return call.response

    # Dispatcher thread ---------------------------------------------------

    def run(self) -> None:
        """Start, then take items off the queue until :data:`STOP`; save the state at the end."""
        try:
            self.start()
        except Exception:
            # A state the engine cannot compute with must not leave ergo deaf.
            log.exception("could not start from the saved state; starting fresh")
            self._state = EngineState()
            self.start()
        while True:
            item = self.events.get()
            if item is STOP:
                break
            try:
                self.process(item)
            except Exception:
                # One bad item must not end the reminders.
                log.exception("could not process %r", item)
        self._helpers.close()
        self._persist(force=True)

    def start(self) -> None:
        """Bring the engine up to date with the clock; the first thing :meth:`run` does.

        The time ergo was not running (over a minute) counts as a break of that length.
        When ergo starts on a fallback because the config files have problems, it
        says so at once.
        """
        if self._bad_config is not None:
            self._config_refused(self._bad_config.split("\n"))
        self._engine(catch_up(self._state, self._clock.now()))
        self._process_follow_ups()

    def process(self, item: object) -> None:
        """Carry out one queued item (an engine event, a command, an answer or a
        request), then the follow-ups it asked for, in order."""
        self._process(item)
        self._process_follow_ups()

    def _process_follow_ups(self) -> None:
        while self._follow_ups:
            self._process(self._follow_ups.popleft())

    def _process(self, item: object) -> None:
        if isinstance(item, ControlCall):
            try:
                item.response = self._control(item.request)
            finally:
                item.done.set()
        elif isinstance(item, menu.Command):
            self._command(item)
        elif isinstance(item, PromptAnswer):
            self._answer(item)
        elif isinstance(item, RoutineEnded):
            self._routine_ended(item)
        elif isinstance(item, StepDue):
            self._step_due(item)
        elif isinstance(item, RoutineProgress):
            self._routine_step = (item.step, item.steps)
            self._redraw(self._clock.now())
        elif isinstance(item, LaunchFailed):
            self._notify(_("ergo could not open {what}").format(what=item.target), item.reason)
        elif isinstance(item, SwitchSaved):
            self._switch_saved(item)
        elif isinstance(item, ConfigChanged):
            self._reload_config()
        elif isinstance(item, HistoryWritten):
            self._redraw(self._clock.now())
        elif isinstance(item, NotifierChanged):
            self._notifier_changed(item)
        elif isinstance(item, CalendarRead):
            self._calendar_read(item)
        elif isinstance(item, StartRoutine):
            self._start_routine(item.routine_id, item.explained)
        else:
            self._engine(item)

    def _engine(self, event: object) -> Outcome:
        now = self._clock.now()
        before = self._state
        away = before.away
        outcome = handle(self.settings, before, event, now)
        for line in trail_lines(event, before, outcome, now):
            trail.info("%s", line)
        self._state = outcome.state
        self._view = outcome.view
        self._persist()
        self._arm(outcome.next_wake)
        if outcome.refused is None:
            self._record_event(event, now)
        if isinstance(event, ev.BreakEnded) and away is not None and outcome.state.away is None:
            self._record("natural_break", now, None, seconds=(now - away.since).total_seconds())
        if outcome.deferred and outcome.view.interruptions:
            reason = outcome.view.interruptions[0].reason
            for reminder_id in outcome.deferred:
                self._record("deferred", now, reminder_id, reason=reason)
        for firing in outcome.notify:
            self._deliver(firing, now)
        self._redraw(now)
        self._sync_prompt()
        self._withdraw_answered()
        return outcome

    def _calendar_read(self, read: CalendarRead) -> None:
        self._calendars = read
        self._engine(ev.CalendarChanged(read.spans))

    def _persist(self, force: bool = False) -> None:
        data = self._state.to_dict()
        data["toggles"] = dict(self._toggles)
        # After a failed save the disk is behind whatever the data: try again.
        if force or data != self._saved or self._unsaved is not None:
            try:
                self._save_state(data)
            except OSError as error:
                log.warning("cannot save ergo's state: %s", error)
                self._unsaved = error.strerror or str(error)
            else:
                self._saved = data
                self._unsaved = None

    def _redraw(self, now: datetime) -> None:
        if self._view is None:
            return
        view = menu.build_view(self._view, self.settings, history=self._history_lines(now),
                               routine_step=self._routine_step)
        if self._bad_config:
            # The attention icon, so that the user sees something is wrong without a reminder.
            view = replace(view, status="due",
                           tooltip=_("ergo: the config has problems; see ergo status"))
        self._tray.show(view)

    def _sync_prompt(self) -> None:
        """Keep the open prompt to what still waits for an answer: when some of its
        reminders were answered elsewhere (tray, CLI, a natural break, a new day),
        show the rest in a new prompt, or close it when none is left."""
        shown = self._helpers.prompt_ids
        due = self._view.due if self._view is not None else ()
        if not shown or all(rid in due for rid in shown):
            return
        waiting = tuple(rid for rid in shown if rid in due)
        if waiting:
            self._reprompt(waiting)
        else:
            self._helpers.close_prompt()

    def _withdraw_answered(self) -> None:
        """Close the notifications of reminders that stopped being due, however that
        happened (a button, the tray, the CLI, a natural break, a hold, a new day): their
        buttons would answer nothing any more."""
        due = self._view.due if self._view is not None else ()
        gone = tuple(rid for rid in self._due if rid not in due)
        self._due = due
        self._popped_up = tuple(shown for shown in self._popped_up
                                if shown & set(due) and not shown & set(gone))
        if gone:
            self._notifier.withdraw(gone)

    def _reprompt(self, ids: tuple[str, ...]) -> None:
        """Open the prompt again for reminders that are showing (a left click on the tray)."""
        again = self._firing_again(ids)
        if again is not None:
            firing, routine = again
            self._helpers.prompt(firing, self._prompt_spec(firing, routine), routine)

    def _firing_again(self, ids: tuple[str, ...]) -> tuple[Firing, str | None] | None:
        """Return the firing that shows ``ids`` again now and the routine it offers;
        None when the config has none of them any more."""
        reminders = [r for r in self.settings.reminders if r.id in ids]
        if not reminders:
            return None
        firing = merged_firing(self.settings, reminders, self._clock.now())
        return firing, next((r.routine for r in reminders if r.routine), None)

    # Delivering reminders --------------------------------------------------

    def _deliver(self, firing: Firing, now: datetime) -> None:
        for reminder_id in firing.reminder_ids:
            self._record("shown", now, reminder_id, **({"quiet": True} if firing.quiet else {}))
        if firing.quiet:
            # It waited max_defer for an interruption: the tray shows it, nothing pops up.
            return
        reminders = [r for r in self.settings.reminders if r.id in firing.reminder_ids]
        wants_prompt = any(r.delivery in ("prompt", "both") for r in reminders)
        wants_popup = any(r.delivery in ("notification", "both") for r in reminders)
        routine = next((r.routine for r in reminders if r.routine), None)
        if routine and any(r.start_routine for r in reminders):
            self._follow_ups.extend((ev.Done(firing.reminder_ids), StartRoutine(routine)))
            return
        spec = self._prompt_spec(firing, routine)
        # Where the prompt window cannot open (Wayland without Xwayland), a notification
        # with buttons answers the reminder instead.
        prompt_here = wants_prompt and self._helpers.can_prompt()
        shown = answerable = False
        if wants_popup or (wants_prompt and not prompt_here):
            shown, answerable = self._pop_up(firing, spec, routine)
        if wants_prompt and not prompt_here and not answerable and routine:
            # No window and no buttons: neither the prompt's routine button nor the player
            # can show. Say how to get them, in place of the pop-up, then play the routine
            # as notifications; it answers the reminders.
            self._notify(firing.title, f"{firing.message}\n\n{self._no_window_text()}",
                         tag=firing.reminder_ids)
            self._routine_prompt += firing.reminder_ids
            self._follow_ups.append(StartRoutine(routine, explained=True))
        elif prompt_here or not shown or (wants_prompt and not answerable):
            self._helpers.prompt(firing, spec, routine)
        else:
            self._helpers.expire(firing.reminder_ids, self.settings.notifications.prompt_timeout)

    def _pop_up(self, firing: Firing, spec: PromptSpec, routine: str | None) -> tuple[bool, bool]:
        """Show ``firing`` as a notification whose buttons answer it as the prompt's do;
        return whether it popped up and whether its buttons answer it."""
        ids = firing.reminder_ids
        shown, answerable = self._notify(firing.title, firing.message, tag=ids,
                                         answers=_answers(ids, spec, routine))
        if shown:
            # It replaced any notification showing one of its reminders.
            self._popped_up = (*(other for other in self._popped_up if not other & set(ids)),
                               frozenset(ids))
        return shown, answerable

    def _prompt_failed(self, ids: tuple[str, ...]) -> None:
        """The prompt for ``ids`` could not be shown: they pop up as a notification
        instead (with buttons where the server has them) unless one is on screen
        already, and count as ignored when it is not answered in time. Only when no
        notification can pop up either do they count as not shown."""
        missing = tuple(rid for rid in ids if not self._on_screen(rid))
        again = self._firing_again(missing) if missing else None
        if again is not None:
            firing, routine = again
            self._pop_up(firing, self._prompt_spec(firing, routine), routine)
        seen = tuple(rid for rid in ids if self._on_screen(rid))
        unseen = tuple(rid for rid in ids if not self._on_screen(rid))
        if seen:
            self._helpers.expire(seen, self.settings.notifications.prompt_timeout)
        if unseen:
            self._engine(ev.Ignored(unseen, shown=False))

    def _on_screen(self, reminder_id: str) -> bool:
        return any(reminder_id in shown for shown in self._popped_up)

    def _notify(
        self,
        title: str,
        message: str,
        *,
        tag: tuple[str, ...] = (),
        answers: NotificationAnswers | None = None,
    ) -> tuple[bool, bool]:
        """Show a notification; return whether it popped up and whether its buttons
        answer it. When the service fails, this one goes to the log (the caller opens
        the prompt) and the next one tries the service again."""
        settings = self.settings.notifications
        try:
            answerable = self._notifier.notify(Notification(
                title, message, settings.timeout, self._helpers.icon, tag, answers,
                settings.sound, settings.urgency))
        except NotifierUnavailable as error:
            self._notifications_down(str(error))
            self._fallback.notify(Notification(title, message, settings.timeout))
            return False, False
        if self._notifier_down is not None:
            self._notifications_back()
        return self._notifier is not self._fallback, answerable

    def _notifications_down(self, reason: str) -> None:
        if self._notifier_down is None:
            trail.warning("notifications down: %s; reminders go to the prompt window and "
                          "the log until a server answers", reason)
        self._notifier_down = reason
        self._backends["notifier"] = self._fallback.name
        # Its notifications went with it.
        self._popped_up = ()

    def _notifier_changed(self, change: NotifierChanged) -> None:
        if not change.available:
            self._notifications_down(change.detail)
        elif self._notifier_down is not None:
            self._notifications_back(change.detail)

    def _notifications_back(self, how: str | None = None) -> None:
        """Notifications work again after an outage: say so in the trail, once."""
        trail.info("notifications back: %s%s", self._notifier.name, f" ({how})" if how else "")
        self._notifier_down = None
        self._backends["notifier"] = self._notifier.name

    def _prompt_spec(self, firing: Firing, routine: str | None) -> Any:
        from ergo.ports import PromptSpec, PromptStrings, SnoozeOption

        view = self._view
        refusal = None
        if view is not None:
            states = [r for r in view.reminders if r.id in firing.reminder_ids]
            refused = next((r.snooze_refusal for r in states if not r.snooze_allowed), None)
            refusal = None if refused is None else translate(refused)
        options = [
            SnoozeOption(format_duration(d), format_duration(d), refusal is None, refusal)
            for d in self.settings.snooze.durations
        ]
        if self.settings.snooze.rest_of_day:
            options.append(
                SnoozeOption("rest_of_day", _("Rest of today"), refusal is None, refusal)
            )
        label = None
        found = self.settings.routine(routine) if routine else None
        if found is not None:
            seconds = int(found.length.total_seconds())
            duration = f"{seconds // 60}:{seconds % 60:02d}"
            label = _("Start stretches ({duration})").format(duration=duration)
        return PromptSpec(
            title=firing.title,
            message=firing.message,
            snooze=tuple(options),
            routine=label,
            timeout=self.settings.notifications.prompt_timeout,
            strings=PromptStrings(done=_("Done"), skip=_("Skip"), snooze=_("Snooze")),
        )

    def _answer(self, answer: PromptAnswer) -> None:
        if answer.outcome == "routine" and answer.routine:
            # The reminders stay due while the routine plays; their buttons are spent.
            self._notifier.withdraw(answer.reminder_ids)
            self._routine_prompt = answer.reminder_ids
            self._start_routine(answer.routine)
            return
        # A prompt answers only what still waits for an answer: a reminder answered
        # elsewhere in the meantime is not answered a second time.
        ids = tuple(rid for rid in answer.reminder_ids if self._is_shown((rid,)))
        if not ids:
            return
        if answer.outcome == "done":
            self._engine(ev.Done(ids))
        elif answer.outcome == "skipped":
            self._engine(ev.Skipped(ids))
        elif answer.outcome == "snooze" and answer.snooze:
            for reminder_id in ids:
                outcome = self._engine(ev.Snooze(reminder_id, _snooze_length(answer.snooze)))
                if outcome.refused:
                    self._notify(_("Snooze refused"), translate(outcome.refused))
                    self._engine(ev.Ignored((reminder_id,)))
        elif answer.outcome == "not_shown":
            self._prompt_failed(ids)
        else:
            self._engine(ev.Ignored(ids))

    def _is_shown(self, ids: tuple[str, ...]) -> bool:
        return self._view is not None and any(rid in self._view.due for rid in ids)

    def _start_routine(self, routine_id: str, explained: bool = False) -> bool:
        """Play the routine in the player, or as notifications where no window can open
        (after a notification that says why, unless ``explained``). Return False when
        none starts: an unknown routine, or one already playing (a playing player is
        brought forward)."""
        routine = self.settings.routine(routine_id)
        if routine is None:
            log.warning("there is no routine %r in the config", routine_id)
            return False
        if self._notes is not None:
            log.info("routine %r is already playing as notifications", self._notes.routine.id)
            return False
        if self._helpers.routine_playing:
            log.info("a routine is already playing: bringing it forward instead of "
                     "starting %s", routine_id)
            self._helpers.routine(routine_id, self.settings.language)
            return False
        windowless = self._helpers.windows.name is None
        if windowless:
            log.warning("the stretch player cannot open (%s); the routine comes as one "
                        "notification per step", self._helpers.windows.problem)
            if not explained:
                self._notify(_("Stretches need a window"), self._no_window_text())
        self._engine(ev.RoutineStarted(routine_id))
        self._record("routine_started", self._clock.now(), None, routine=routine_id)
        if windowless:
            self._note_runs += 1
            self._notes = NotifiedRoutine(routine, self._note_runs)
            self._show_step(*self._notes.start(self._clock.monotonic()))
        else:
            self._helpers.routine(routine_id, self.settings.language)
        return True

    def _step_due(self, due: StepDue) -> None:
        notes = self._notes
        if notes is None or notes.run != due.run:
            return
        result = notes.due(self._clock.monotonic())
        if isinstance(result, tuple):
            self._show_step(*result)
            return
        self._notes = None
        ending = end_note(notes.routine, result)
        self._notify(ending.title, ending.body)
        self._routine_ended(RoutineEnded(result.routine, True, result.step))

    def _show_step(self, note: StepNote | None, wait: float) -> None:
        assert self._notes is not None
        if note is not None:
            self._notify(note.title, note.body)
        self._helpers.after(wait, StepDue(self._notes.run))

    def _no_window_text(self) -> str:
        if self._helpers.windows.needs_xwayland:
            return _("ergo cannot open its stretch window here: this Wayland session has no "
                     "Xwayland. Install Xwayland (the xwayland package) or switch it on in "
                     "your compositor's settings, then log in again.")
        return _("ergo cannot open its stretch window here: there is no display.")

    def _routine_ended(self, ended: RoutineEnded) -> None:
        """Finish the routine. A completed one counts as doing the reminders that name it;
        one stopped early still answers the prompt it was started from, as done."""
        due_before = set(self._view.due) if self._view else set()
        now = self._clock.now()
        self._routine_step = None
        self._engine(ev.RoutineFinished(ended.routine_id, ended.completed))
        due_after = set(self._view.due) if self._view else set()
        for rid in sorted(due_before - due_after):
            self._record("done", now, rid, movement=True)
        kind = "routine_completed" if ended.completed else "routine_stopped"
        detail: dict[str, Any] = {} if ended.completed else {"step": ended.step}
        if ended.status == "skipped":
            detail["skipped"] = True
        self._record(kind, now, None, routine=ended.routine_id, **detail)
        waiting = tuple(rid for rid in self._routine_prompt if rid in due_after)
        self._routine_prompt = ()
        if waiting:
            self._engine(ev.Done(waiting))

    # Recording history -----------------------------------------------------

    def _record_event(self, event: object, now: datetime) -> None:
        if isinstance(event, ev.Done):
            for rid in event.reminder_ids:
                reminder = self.settings.reminder(rid)
                movement = reminder is not None and reminder.kind == "movement"
                self._record("done", now, rid, **({"movement": True} if movement else {}))
        elif isinstance(event, ev.Skipped | ev.Ignored):
            kind = "skipped" if isinstance(event, ev.Skipped) else (
                "ignored" if event.shown else "not_shown")
            for rid in event.reminder_ids:
                self._record(kind, now, rid)
        elif isinstance(event, ev.Snooze):
            detail: dict[str, Any] = {}
            if isinstance(event.duration, timedelta):
                detail["duration"] = event.duration
            self._record("snoozed", now, event.reminder_id, **detail)
        elif isinstance(event, ev.Pause):
            self._record("paused", now, None)
        elif isinstance(event, ev.Resume):
            self._record("resumed", now, None)
        elif isinstance(event, ev.WallClockJump) and event.after > event.before:
            seconds = (event.after - event.before).total_seconds()
            self._record("natural_break", now, None, seconds=seconds)

    # Tray and control commands ---------------------------------------------

    def _command(self, command: menu.Command) -> None:
        if command.name == "quit":
            self._on_quit()
        elif command.name == "reload":
            self._reload_config()
        elif command.name == "stretch":
            self._start_routine(self._default_routine())
        elif command.name == "prompt" and self._view is not None and self._view.due:
            self._reprompt(self._view.due)
        elif command.name == "toggle" and command.arg:
            self._toggle(command.arg)
        elif command.name == "open_config":
            self._helpers.open_file(self._user_config)
        elif command.name == "settings":
            self._helpers.settings(self.settings.language)
        elif command.name == "about":
            self._helpers.about(self.settings.language)

    def _default_routine(self) -> str:
        named = [r.routine for r in self.settings.reminders if r.routine]
        return named[0] if named else self.settings.routines[0].id

    def _toggle(self, reminder_id: str) -> None:
        reminder = self.settings.reminder(reminder_id)
        if reminder is None or menu.is_locked(self.settings, f"reminders.{reminder_id}.enabled"):
            return
        on = not reminder.enabled
        # In force at once; the user's file is written meanwhile, and once it holds the
        # switch (SwitchSaved) the file alone decides, so that a later change in the
        # settings window or an editor wins over the tray's.
        self._toggles[reminder_id] = on
        self._reload_config()
        self._helpers.save_switch(reminder_id, on)

    def _switch_saved(self, saved: SwitchSaved) -> None:
        if saved.problem is not None:
            log.warning("cannot save the tray switch of %s in %s: %s", saved.reminder_id,
                        self._user_config, saved.problem)
            self._notify(_("ergo could not save this switch in your settings file"),
                         _("{problem}\nThe switch holds in ergo until you switch it back.")
                         .format(problem=saved.problem))
            return
        if self._toggles.get(saved.reminder_id) is saved.on:
            del self._toggles[saved.reminder_id]
            self._reload_config()
            self._persist()

    def _overrides(self) -> tuple[str, ...]:
        return tuple(
            f"reminders.{rid}.enabled={'true' if on else 'false'}"
            for rid, on in sorted(self._toggles.items())
        )

    def _reload_config(self) -> str | None:
        """Load the config again; return None when it is in force, else the problem text."""
        try:
            loaded = self._reload(self._overrides())
        except ConfigError as error:
            problem = "\n".join(error.problems)
            if problem != self._bad_config:
                self._config_refused(error.problems)
            self._bad_config = problem
            return problem
        self._bad_config = None
        for warning in loaded.warnings:
            log.warning("%s", warning)
        self._config = loaded
        install(loaded.settings.language)
        self._engine(ev.ConfigReloaded(loaded.settings))
        self._on_reload()
        trail.info("config reloaded from %s", ", ".join(map(str, loaded.files)) or "defaults")
        return None

    def _config_refused(self, problems: Sequence[str]) -> None:
        """Tell the user, at once, that the config files have problems and ergo runs on
        the last good settings: in the log, a notification and (see :meth:`_redraw`) the tray."""
        trail.warning("config refused; ergo runs on the last good settings:\n%s",
                      "\n".join(problems))
        self._notify(_("ergo config has problems"),
                     _("{problem}\nergo runs on the last good settings until it is fixed.")
                     .format(problem=problems[0]))

    def _control(self, request: Request) -> Response:
        handler = CONTROL_HANDLERS.get(request.cmd)
        if handler is None:
            return Response.failure(_("unknown command '{command}'").format(command=request.cmd))
        return handler(self, request.args)

    def _control_status(self, args: Mapping[str, Any]) -> Response:
        return Response.success(self._status())

    def _control_snooze(self, args: Mapping[str, Any]) -> Response:
        duration = _snooze_length(args["duration"])
        reminder = args.get("reminder")
        if reminder is not None and self.settings.reminder(reminder) is None:
            return Response.failure(self._unknown_reminder(reminder), usage=True)
        before = self._snoozed_until(self._view, reminder)
        outcome = self._engine(ev.Snooze(reminder, duration))
        if outcome.refused:
            return Response.failure(translate(outcome.refused), usage=_is_usage(outcome))
        until = self._snoozed_until(outcome.view, reminder)
        data: dict[str, Any] = {"until": _iso(until), **self._save_problem()}
        if before is not None and until is not None and until < before:
            data["replaced"] = _iso(before)
            log.info("a shorter snooze (until %s) replaced one until %s", until, before)
        return Response.success(data)

    def _control_pause(self, args: Mapping[str, Any]) -> Response:
        outcome = self._engine(ev.Pause(self._pause_until(args)))
        if outcome.refused:
            return Response.failure(translate(outcome.refused))
        return Response.success({"until": _iso(outcome.view.paused_until),
                                 **self._save_problem()})

    def _control_resume(self, args: Mapping[str, Any]) -> Response:
        outcome = self._engine(ev.Resume())
        if outcome.refused:
            return Response.failure(translate(outcome.refused))
        return Response.success(self._save_problem())

    def _control_trigger(self, args: Mapping[str, Any]) -> Response:
        reminder = args["reminder"]
        found = self.settings.reminder(reminder)
        if found is None:
            return Response.failure(self._unknown_reminder(reminder), usage=True)
        if not found.enabled:
            return Response.failure(
                _("'{reminder}' is switched off; switch it on in the tray's Reminders "
                  "menu or in the config first").format(reminder=reminder), usage=True)
        self._engine(ev.Trigger(reminder))
        return Response.success({})

    def _control_reload(self, args: Mapping[str, Any]) -> Response:
        problem = self._reload_config()
        if problem is not None:
            return Response.failure(
                _("the new config has problems; ergo keeps the last good one:") + "\n" + problem
            )
        return Response.success({"files": [str(p) for p in self._config.files]})

    def _control_routine(self, args: Mapping[str, Any]) -> Response:
        name = args.get("name") or self._default_routine()
        if self.settings.routine(name) is None:
            known = ", ".join(r.id for r in self.settings.routines)
            return Response.failure(
                _("there is no routine '{name}'; known: {known}").format(name=name, known=known)
                + did_you_mean(name, [r.id for r in self.settings.routines]), usage=True)
        return Response.success({"started": self._start_routine(name)})

    def _control_stop(self, args: Mapping[str, Any]) -> Response:
        self._on_quit()
        return Response.success({})

    def _save_problem(self) -> dict[str, str]:
        """Return ``{"not_saved": reason}`` when the change just made is not on disk."""
        return {} if self._unsaved is None else {"not_saved": self._unsaved}

    def _unknown_reminder(self, reminder: str) -> str:
        ids = [r.id for r in self.settings.reminders]
        return _("there is no reminder '{reminder}'; known: {known}").format(
            reminder=reminder, known=", ".join(ids)
        ) + did_you_mean(reminder, ids)

    @staticmethod
    def _snoozed_until(view: EngineView | None, reminder: str | None) -> datetime | None:
        """Return when the snooze of ``reminder`` (None: the snooze of all) ends."""
        if view is None:
            return None
        if reminder is None:
            return view.snoozed_all_until
        found = next((r for r in view.reminders if r.id == reminder), None)
        return None if found is None else found.snoozed_until

    def _pause_until(self, args: Any) -> datetime | timedelta | str | None:
        if "for" in args:
            return parse_duration(args["for"])
        if "until" in args:
            hour, minute = (int(part) for part in args["until"].split(":"))
            now = self._clock.now()
            until = datetime.combine(now.date(), time(hour, minute), now.tzinfo)
            return until if until > now else until + timedelta(days=1)
        if args.get("tomorrow"):
            return "next_working_day"
        return None

    def _status(self) -> dict[str, Any]:
        view = self._view
        assert view is not None
        upcoming = sorted(
            (r for r in view.reminders if r.next_at is not None), key=lambda r: r.next_at
        )
        return {
            "pid": os.getpid(),
            "language": current_language(),
            "state": view.status,
            "situation": menu.headline(view, self.settings, self._routine_step),
            "paused_until": _iso(view.paused_until),
            "snoozed_until": _iso(view.snoozed_all_until),
            "snoozed_reminders": [
                {"id": r.id, "title": r.title, "until": _iso(r.snoozed_until)}
                for r in view.reminders
                if r.snoozed_until is not None
            ],
            "next": [{"id": r.id, "title": r.title, "at": _iso(r.next_at)} for r in upcoming],
            "snoozes_left_today": view.snoozes_left_today,
            # The tray's name is read now: ergo's Linux tray names the protocol that
            # shows the icon at this moment, which changes as panels come and go.
            "backends": {**self._backends, "tray": self._tray.name},
            "config_files": [str(p) for p in self._config.files],
            "interruption": self._interruption(),
            "config_problems": self._bad_config.split("\n") if self._bad_config else [],
            "calendars": calendar_status(self._calendars),
        }

    def _interruption(self) -> str | None:
        if self._view is not None and self._view.interruptions:
            active = self._view.interruptions[0]
            return _("reminders wait: {what} (since {time})").format(
                what=menu.waiting_for(active), time=menu.clock(active.since))
        notifications_off = self._notifier is self._fallback or self._notifier_down is not None
        if notifications_off and self._tray.name == "none":
            return _("no notification service and no tray: reminders go to the log only")
        if self._bad_config:
            return _("the config has problems, so the last good settings are in force "
                     "(see ergo reload): {problem}").format(
                         problem=self._bad_config.split("\n")[0])
        return calendar_warning(self._calendars)


#: The handler of each control command (the protocol checked its arguments), called on
#: the dispatcher thread.
CONTROL_HANDLERS: dict[str, Callable[[Dispatcher, Mapping[str, Any]], Response]] = {
    "status": Dispatcher._control_status,
    "snooze": Dispatcher._control_snooze,
    "pause": Dispatcher._control_pause,
    "resume": Dispatcher._control_resume,
    "trigger": Dispatcher._control_trigger,
    "reload": Dispatcher._control_reload,
    "routine": Dispatcher._control_routine,
    "stop": Dispatcher._control_stop,
}


def _is_usage(outcome: Outcome) -> bool:
    """Whether a refusal is about the request itself (a bad length), not the moment."""
    return outcome.refused is not None and outcome.refused.text in _USAGE_REFUSALS


# The engine's refusals that no later moment would accept: the CLI exits 2 for them.
_USAGE_REFUSALS = frozenset({
    "a snooze must last longer than zero",
    "a snooze may last at most {longest}",
    "the config does not allow snoozing for the rest of the day",
    "a pause must last longer than zero",
})


def _answers(ids: tuple[str, ...], spec: PromptSpec, routine: str | None) -> NotificationAnswers:
    """Given the reminders and their prompt spec, return what a notification's buttons
    and closing answer, as the prompt's buttons do: Done, Snooze for the first length
    offered (when snoozing is allowed), Start stretches when there is a routine; timing
    out is ignoring it, closing it is skipping it."""
    actions = [NotificationAction("done", spec.strings.done, PromptAnswer(ids, "done"))]
    snooze = next(iter(spec.snooze), None)
    if snooze is not None and snooze.enabled:
        label = _("Snooze {duration}").format(duration=snooze.label)
        actions.append(NotificationAction("snooze", label, PromptAnswer(ids, "snooze", snooze.id)))
    if spec.routine is not None:
        actions.append(NotificationAction("routine", spec.routine,
                                          PromptAnswer(ids, "routine", routine=routine)))
    return NotificationAnswers(tuple(actions), expired=PromptAnswer(ids, "ignored"),
                               dismissed=PromptAnswer(ids, "skipped"))


def catch_up(state: EngineState, now: datetime) -> object:
    """Return the event that brings ``state`` up to ``now`` at start: the time ergo was
    not running (over a minute) counts as a break of that length."""
    as_of = state.as_of
    if as_of is not None and as_of < now - timedelta(minutes=1):
        return ev.WallClockJump(as_of, now)
    return ev.Tick()


def _iso(instant: datetime | None) -> str | None:
    return None if instant is None else instant.isoformat(timespec="seconds")



def _snooze_length(text: str) -> timedelta | str:
    """Given ``"10m"`` or ``"rest_of_day"`` from a prompt or the CLI, return the engine's form."""
    return "rest_of_day" if text == "rest_of_day" else parse_duration(text)
