"""The interfaces between ergo's runtime and the desktop: tray icon, notifications, prompt,
idle time and lock state, and interruption detectors.

Each port is a :class:`typing.Protocol`; the concrete adapters live in ``ergo.desktop``
and are chosen at run time by ``ergo.desktop.select``. The data passed through the
ports (menu model, tray view, prompt spec and outcome) is plain frozen data owned by
ergo, so no toolkit type (pystray, plyer, Tk) leaks out of its adapter.

Thread rules, as the daemon uses them:

- the **main thread** runs :meth:`Tray.run` (macOS requires the tray loop there);
- the **dispatcher thread** (the one thread that owns the engine) calls
  :meth:`Tray.show` and the methods of :class:`Notifier`;
- a **notifier's own signal thread** (a D-Bus receiver) only puts items on the
  dispatcher's queue through the ``put`` callback it was given: the ``answer`` of a
  clicked :class:`NotificationAction` or of a closed notification, unchanged, and a
  :class:`NotifierChanged` when the notification server comes or goes;
- a **worker thread** runs the reminder prompt, which blocks until the user answers;
- the **tray's own thread** calls the ``on_action`` callback given to the tray; the
  callback must only queue an event and return;
- the **dispatcher thread** calls every method of :class:`Helpers`; the helpers'
  results come back as items on the dispatcher's queue;
- the **idle watcher thread** (``ergo-idle``) calls every method of
  :class:`IdleMonitor` and :class:`InterruptionDetector`; a monitor's own signal
  thread (a D-Bus receiver) only calls the ``notify`` callback it was given, which
  wakes the watcher and returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from ergo.core.events import InterruptionReason
from ergo.core.model import Urgency

if TYPE_CHECKING:
    from ergo.core.engine import Firing
    from ergo.desktop.windows import WindowPath

TrayStatus = Literal["active", "paused", "snoozed", "due", "off_hours"]
TRAY_STATUSES: tuple[TrayStatus, ...] = ("active", "paused", "snoozed", "due", "off_hours")


@dataclass(frozen=True)
class MenuItem:
    """One entry of the tray menu.

    ``action`` is any value the daemon chooses (typically an engine event); the tray
    hands it back unchanged to its ``on_action`` callback when the item is clicked.
    An item with a ``submenu`` opens it instead of acting. ``checked`` is ``None`` for
    a plain item, else the state of its check mark. ``default`` marks the item a
    left click on the icon runs, where the backend supports that. ``separator`` items
    draw a line and ignore every other field; use :data:`SEPARATOR`.
    """

    label: str
    action: object | None = None
    enabled: bool = True
    checked: bool | None = None
    submenu: tuple[MenuItem, ...] = ()
    default: bool = False
    separator: bool = False


SEPARATOR = MenuItem("", separator=True)


@dataclass(frozen=True)
class TrayView:
    """Everything the tray shows at one moment: icon state, tooltip and menu."""

    status: TrayStatus
    tooltip: str
    menu: tuple[MenuItem, ...] = ()


class Tray(Protocol):
    """A tray icon with a menu.

    Adapters are constructed with ``on_action: Callable[[object], None]``, which
    they call on their own event thread with the ``action`` of a clicked menu item.
    """

    #: Short backend name shown by ``ergo run -v`` and ``ergo status``, e.g. ``"gtk"``.
    #: It may change while the tray runs: ergo's Linux tray names the protocol that
    #: shows the icon at the moment (``"sni"``, ``"xembed"``). Read from any thread.
    name: str
    #: Whether the user can open a menu on this backend (pystray's xorg backend cannot).
    has_menu: bool

    def run(self, on_ready: Callable[[], None]) -> None:
        """Run the tray loop; blocks until :meth:`stop`.

        Called on the main thread. ``on_ready`` is called once, on another thread,
        when the loop is running and :meth:`show` may be used.
        """

    def show(self, view: TrayView) -> None:
        """Show ``view``: icon for its status, tooltip, menu. Any thread; never blocks."""

    def stop(self) -> None:
        """Make :meth:`run` return. Any thread; never blocks; harmless when not running."""


class NotifierUnavailable(Exception):
    """No notification service can show a notification; the message says why."""


@dataclass(frozen=True)
class NotificationAction:
    """A button on a notification. ``key`` names it to the notification server;
    ``answer`` is any value the daemon chooses (typically a prompt answer), handed back
    unchanged through the notifier's ``put`` when the button is clicked."""

    key: str
    label: str
    answer: object


@dataclass(frozen=True)
class NotificationAnswers:
    """What a notification hands back, on servers that can carry buttons: the ``answer``
    of a clicked action, ``expired`` when it timed out, ``dismissed`` when the user
    closed it. ``None`` hands nothing back. A notification the daemon closes itself (or
    replaces) hands back nothing."""

    actions: tuple[NotificationAction, ...]
    expired: object | None = None
    dismissed: object | None = None


@dataclass(frozen=True)
class Notification:
    """What a notification shows, for about ``timeout``.

    One whose ``tag`` (the reminder ids) shares an item with one still on screen
    replaces it instead of stacking. ``answers`` is used where the service has buttons;
    ``sound`` asks for the desktop's message sound where the service can play one;
    ``urgency`` is ``low``, ``normal`` or ``critical``.
    """

    title: str
    message: str
    timeout: timedelta
    icon: Path | None = None
    tag: tuple[str, ...] = ()
    answers: NotificationAnswers | None = None
    sound: bool = False
    urgency: Urgency = "normal"


@dataclass(frozen=True)
class NotifierChanged:
    """The notification server came (``available``) or went; ``detail`` names it or says
    why. Put on the dispatcher's queue by the notifier's signal thread."""

    available: bool
    detail: str


class Notifier(Protocol):
    """Native desktop notifications, with buttons where the service has them."""

    #: Short backend name shown by ``ergo run -v`` and ``ergo status``, e.g. ``"freedesktop"``.
    name: str

    def check(self) -> None:
        """Return if a notification can be shown now; raise NotifierUnavailable with the
        reason otherwise. Called at start-up; may block briefly (a few local D-Bus round
        trips).
        """

    def notify(self, notification: Notification) -> bool:
        """Show ``notification``; return whether it carries its answers (its buttons,
        and word of how it closed, come back).

        Called by the dispatcher thread; may block briefly. Raise NotifierUnavailable
        when the service is absent, fails or is slow, so the caller can fall back.
        """

    def withdraw(self, tag: tuple[str, ...]) -> None:
        """Close the notifications still on screen that show any of ``tag`` (the reminders
        were answered). Called by the dispatcher thread; may block briefly; never raises.
        """

    def about(self) -> tuple[str, ...]:
        """Return lines naming the service and what it can do, for ``ergo doctor``.
        May block briefly."""

    def close(self) -> None:
        """Release the connection, if any. Any thread; harmless twice."""


@dataclass(frozen=True)
class SnoozeOption:
    """One snooze button of the prompt: ``id`` comes back in the outcome (``"10m"``,
    ``"rest_of_day"``); a disabled option shows ``reason`` instead of acting."""

    id: str
    label: str
    enabled: bool = True
    reason: str | None = None


@dataclass(frozen=True)
class PromptStrings:
    """The prompt's fixed words, already translated by the caller."""

    done: str = "Done"
    skip: str = "Skip"
    snooze: str = "Snooze"


@dataclass(frozen=True)
class PromptSpec:
    """What the reminder prompt shows.

    ``routine`` is the full label of the routine button (``"Start stretches (4:30)"``),
    or ``None`` when the reminder offers no routine. After ``timeout`` the prompt closes
    by itself and the outcome is ``"ignored"``.
    """

    title: str
    message: str
    snooze: tuple[SnoozeOption, ...] = ()
    routine: str | None = None
    timeout: timedelta = timedelta(minutes=2)
    strings: PromptStrings = PromptStrings()


PromptOutcomeKind = Literal["done", "skipped", "ignored", "snooze", "routine"]


@dataclass(frozen=True)
class PromptOutcome:
    """What the user did with the prompt; ``snooze`` is the chosen option's id."""

    outcome: PromptOutcomeKind
    snooze: str | None = None


IdleSignal = Literal["input", "idle", "lock", "sleep", "resume"]
"""What a monitor can report by itself: input came back, the idle threshold was
reached, the lock state changed, the machine is about to sleep, it woke up."""


class IdleUnavailable(Exception):
    """The idle or lock source cannot be read (any more); the message says why."""


class IdleMonitor(Protocol):
    """Seconds since the last keyboard or mouse input, and whether the session is locked.

    The watcher polls :meth:`idle_seconds` slowly; a monitor with ``signals`` calls
    ``notify`` when those things happen, so the watcher can wait longer between looks.
    A monitor that arms its idle signal at the threshold also has
    ``rearm(break_after)``, which the watcher thread calls when a config reload
    changes the threshold (it may raise IdleUnavailable).
    """

    #: Short name shown by ``ergo status`` and ``ergo doctor``, e.g. ``"x11"``.
    name: str
    #: What this monitor reports through ``notify``; the watcher polls for the rest.
    signals: frozenset[IdleSignal]

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        """Begin reporting ``signals``; ``break_after`` is the idle threshold in seconds.

        Called once on the watcher thread before the first read; may block briefly.
        ``notify`` is then called on the monitor's own thread and never blocks.
        """

    def idle_seconds(self) -> float:
        """Return the seconds since the last input.

        Called on the watcher thread; may block briefly (one X or D-Bus round trip).
        Raise IdleUnavailable when the source has gone away.
        """

    def locked(self) -> bool | None:
        """Return whether the session is locked, or None when this source cannot tell.

        Called on the watcher thread; may block briefly. Raise IdleUnavailable as above.
        """

    def close(self) -> None:
        """Stop reporting and release the connection. Any thread; harmless twice."""


class DetectorUnavailable(Exception):
    """An interruption detector cannot look any more; the message says why."""


class InterruptionDetector(Protocol):
    """One kind of moment not to interrupt: a call, a full-screen window, do-not-disturb,
    a listed program."""

    #: Short name shown by ``ergo doctor``, e.g. ``"capture"``.
    name: str
    #: The interruption it reports.
    reason: InterruptionReason

    def check(self) -> str | None:
        """Return what is going on ("microphone in use by zoom") while it lasts, else None.

        Called on the watcher thread every few seconds; may block briefly (reads a few
        files, one X or D-Bus round trip). Raise DetectorUnavailable when the source
        has gone away.
        """

    def close(self) -> None:
        """Release the detector's connection, if any. Any thread; harmless twice."""


class Helpers(Protocol):
    """The short-lived helper processes the dispatcher starts: the reminder prompt, the
    routine player, the About window, the file opener, and timers.

    Every method is called on the dispatcher thread and returns at once; what a helper
    reports later (an answer, the routine's end, a failure, a timer's item) comes back
    as an item on the dispatcher's queue.
    """

    #: The notification icon, made on first use (None when none can be drawn).
    @property
    def icon(self) -> Path | None: ...

    #: Whether and how ergo's windows (prompt, player) can open in this session.
    @property
    def windows(self) -> WindowPath: ...

    #: The reminders of the prompt that is open; empty when none is.
    @property
    def prompt_ids(self) -> tuple[str, ...]: ...

    #: Whether the routine player is open.
    @property
    def routine_playing(self) -> bool: ...

    def can_prompt(self) -> bool:
        """Return whether the prompt window can open here."""

    def prompt(self, firing: Firing, spec: PromptSpec, routine: str | None) -> None:
        """Show the prompt for ``firing``, closing any prompt still open."""

    def close_prompt(self) -> None:
        """Close the open prompt, if any, without answering it."""

    def expire(self, ids: tuple[str, ...], after: timedelta) -> None:
        """Answer ``ids`` as ignored ``after`` from now unless they are answered first."""

    def after(self, seconds: float, item: object) -> None:
        """Put ``item`` on the dispatcher's queue ``seconds`` from now."""

    def routine(self, routine_id: str, language: str) -> bool:
        """Open the player on ``routine_id``; return False when one is open already (it is
        brought forward instead)."""

    def about(self, language: str) -> None:
        """Open the About and safety window."""

    def open_file(self, path: Path) -> None:
        """Open ``path`` in the user's editor; when no handler can, open the settings
        window with the path and the problem."""

    def settings(self, language: str | None = None, problem: str | None = None) -> None:
        """Open the settings window, in ``language``, showing ``problem`` at the top."""

    def save_switch(self, reminder_id: str, on: bool) -> None:
        """Write a reminder's tray switch into the user's config file; the outcome comes
        back to the dispatcher as a ``SwitchSaved``."""

    def close(self) -> None:
        """Close every helper still open; the daemon is ending."""
