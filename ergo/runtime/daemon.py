"""``ergo run``: the composition root that builds the daemon and runs it.

The only module that knows the concrete adapters. Thread layout:

- main thread: the single-instance lock, then the tray loop (macOS requires it there)
  and signal handlers;
- ``ergo-start``: loads the config and the saved state and builds and starts the rest,
  while the tray is already up (see :func:`_run_locked`);
- ``ergo-dispatcher``: owns the engine state (see :mod:`ergo.runtime.dispatcher`);
- ``ergo-timer``: wakes the dispatcher at the engine's next wake-up (APScheduler's triggers);
- ``ergo-control``: the control channel, one short thread per connection;
- ``ergo-config-watch``: notices edits to the config files (see :mod:`ergo.runtime.config_watch`);
- ``ergo-calendar``: reads the calendar feeds, only while some are configured
  (see :mod:`ergo.runtime.calendar_feed`);
- ``ergo-idle``: natural breaks, sleep and interruptions (see :mod:`ergo.runtime.idle_watch`),
  plus the receiver threads of its D-Bus connections;
- the notifier's D-Bus receiver thread: puts notification answers and server changes
  on the dispatcher's queue;
- the history writer, and short-lived prompt and player workers.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import queue

    from ergo.config import LoadedConfig
    from ergo.core.state import EngineState
    from ergo.ports import IdleMonitor, Tray, TrayStatus
    from ergo.runtime.clock import Clock, JumpDetector
    from ergo.runtime.dispatcher import Dispatcher
    from ergo.runtime.idle_watch import IdleWatch, InterruptionWatch, WatchThread
    from ergo.runtime.state_store import StateStore

log = logging.getLogger(__name__)

#: Seconds ergo waits for its tray and watchers to stop once the session has ended,
#: and for its start to end when it is stopped while starting.
SESSION_END_GRACE = 4.0


@dataclass(frozen=True)
class Options:
    """What ``ergo run`` was given on the command line."""

    config: Path | None = None
    org_config: Path | None = None
    no_tray: bool = False
    verbose: bool = False


def run(options: Options) -> int:
    """Run the daemon until it is asked to stop; return the exit code.

    A broken config does not stop it (see :func:`_starting_config`). Raise UserError
    (printed without a traceback) when ergo is already running (exit 1).
    """
    from ergo.logs import setup_logging
    from ergo.runtime.heap import share_arenas
    from ergo.runtime.single_instance import InstanceLock

    share_arenas()
    log_file = setup_logging(options.verbose)
    lock = InstanceLock()
    lock.acquire()
    try:
        return _run_locked(options, log_file)
    finally:
        lock.release()


def _starting_config(options: Options, snapshot_path: Path) -> tuple[LoadedConfig, list[str]]:
    """Return the config to start on and the problems of the files on disk (none when
    they load cleanly). A broken file never stops ergo: it starts on the last good
    files instead (see :mod:`ergo.config.fallback`)."""
    from ergo.config import ConfigError, load_config
    from ergo.config.fallback import fallback_config, read_snapshot

    try:
        config = load_config(options.config, options.org_config)
    except ConfigError as error:
        snapshot = read_snapshot(snapshot_path)
        config, source = fallback_config(snapshot, options.config, options.org_config)
        log.warning("config refused at start; running on %s until it is fixed:\n%s",
                    source, "\n".join(error.problems))
        return config, list(error.problems)
    _keep_snapshot(options, snapshot_path)
    return config, []


def _keep_snapshot(options: Options, snapshot_path: Path) -> None:
    """Save the config files that just loaded cleanly as the last good ones."""
    from ergo.config.fallback import save_snapshot, take_snapshot

    snapshot = take_snapshot(options.config, options.org_config)
    if snapshot is None:
        return
    try:
        save_snapshot(snapshot_path, snapshot)
    except OSError as error:
        log.warning("cannot save the last good config to %s: %s", snapshot_path, error)


def _run_locked(options: Options, log_file: Path | None) -> int:
    """Show the tray, and run it on this (the main) thread while the ``ergo-start``
    thread builds the rest: the icon appears before the config, the engine and the
    other adapters are even imported. Tray actions wait on the queue meanwhile."""
    import queue

    from ergo.desktop.select import select_tray

    events: queue.Queue[Any] = queue.Queue()
    tray_choice = select_tray(events.put, no_tray=options.no_tray)
    for line in tray_choice.describe("tray"):
        log.info("%s", line)
    tray = tray_choice.adapter
    if not options.no_tray and (tray.name == "none" or not tray.has_menu):
        log.warning("%s", "; ".join(line.strip() for line in tray_choice.describe("tray")))
    daemon = _Daemon(options, log_file, events, tray)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: daemon.quit())
    # A daemon thread: a start stuck reading a file (a hung network home) must not
    # keep ergo from ending.
    starting = threading.Thread(target=daemon.start, name="ergo-start", daemon=True)
    starting.start()
    try:
        tray.run(daemon.tray_up)
    except Exception:
        # The tray's loop can die with the display; ergo still ends cleanly.
        log.exception("the tray stopped with an error")
    finally:
        daemon.quit()
        starting.join(SESSION_END_GRACE)
        if starting.is_alive():
            log.warning("ergo was asked to stop before it had started, and its start did not "
                        "end within %g s (is a config file on a share that does not answer?); "
                        "leaving without it", SESSION_END_GRACE)
        else:
            daemon.close()
    return 0


class _Daemon:
    """Everything but the tray: built by :meth:`start` on the ``ergo-start`` thread,
    stopped by :meth:`quit` (any thread) and closed by :meth:`close` on the main thread
    once the tray's loop has ended. A failure to start (UserError, say) stops the tray,
    and :meth:`close` raises it on the main thread."""

    def __init__(self, options: Options, log_file: Path | None,
                 events: queue.Queue[Any], tray: Tray) -> None:
        from ergo.runtime.state_store import StateStore

        self._options = options
        self._log_file = log_file
        self._events = events
        self._tray = tray
        self._store = StateStore()
        self._stopping = threading.Event()
        self._started = threading.Event()
        self._stopped = threading.Event()
        self._failure: BaseException | None = None
        self._quit_lock = threading.Lock()
        # Set by start: what quit stops, what close runs in order, what the tray's
        # readiness starts.
        self._stop_feed: Callable[[], None] | None = None
        self._shutdown: tuple[Callable[[], None], ...] = ()
        self._welcome: Callable[[], None] | None = None

    def quit(self) -> None:
        """Stop ergo: the dispatcher saves the state, the calendar feed and the tray end."""
        from ergo.runtime.dispatcher import STOP

        with self._quit_lock:
            if self._stopping.is_set():
                return
            self._stopping.set()
            stop_feed = self._stop_feed
        self._events.put(STOP)
        if stop_feed is not None:
            stop_feed()
        self._tray.stop()

    def tray_up(self) -> None:
        """The tray's loop runs (on a short thread of the tray's): greet a new user once
        the rest has started."""
        log.debug("tray %s is up", self._tray.name)
        self._started.wait()
        if self._welcome is not None and not self._stopping.is_set():
            self._welcome()

    def start(self) -> None:
        """Build and start the dispatcher, the timer, the notifier, the watchers and the
        control channel (the ``ergo-start`` thread's whole life)."""
        try:
            self._build()
        except BaseException as error:
            self._failure = error
            self.quit()
        finally:
            self._started.set()

    def close(self) -> None:
        """Stop what :meth:`start` built, after the tray's loop; raise its failure."""
        for step in self._shutdown:
            try:
                step()
            except Exception:
                log.exception("shutting down: %s failed", getattr(step, "__qualname__", step))
        if self._shutdown:
            log.info("ergo stopped; state saved to %s", self._store.path)
        self._stopped.set()
        if self._failure is not None:
            raise self._failure

    def _build(self) -> None:
        from ergo.config import load_config
        from ergo.config.fallback import SNAPSHOT_NAME
        from ergo.control.server import ControlServer
        from ergo.desktop.notify_log import LogNotifier
        from ergo.desktop.pixmaps import copy_icon
        from ergo.desktop.select import select_idle, select_notifier
        from ergo.history.recorder import HistoryRecorder
        from ergo.history.store import default_path as history_path
        from ergo.i18n import install
        from ergo.runtime.calendar_feed import CalendarFeed
        from ergo.runtime.clock import JumpDetector, SystemClock
        from ergo.runtime.config_watch import watch as watch_config
        from ergo.runtime.dispatcher import (
            ConfigChanged,
            Dispatcher,
            HistoryWritten,
            Outputs,
            Ports,
        )
        from ergo.runtime.helpers import Helpers
        from ergo.runtime.timer import Timer

        options, store, events, tray = self._options, self._store, self._events, self._tray
        snapshot_path = store.path.with_name(SNAPSHOT_NAME)
        config, problems = _starting_config(options, snapshot_path)
        install(config.settings.language)
        for warning in config.warnings:
            log.warning("%s", warning)
        clock = SystemClock()
        state, toggles = _restore(store, config, clock.now())

        def reload(overrides: tuple[str, ...]) -> LoadedConfig:
            loaded = load_config(options.config, options.org_config, overrides)
            _keep_snapshot(options, snapshot_path)
            return loaded

        # On a broken config the tray switches wait, saved, for the config to load again.
        if toggles and not problems:
            config = _with_toggles(config, reload, toggles)

        # The tray's "Today" line reads the history, which is written a moment after each event.
        recorder = HistoryRecorder(history_path(), on_written=lambda: events.put(HistoryWritten()))
        notifier_choice = select_notifier(put=events.put)
        for line in notifier_choice.describe("notifications"):
            log.info("%s", line)
        notifier = notifier_choice.adapter
        # The dispatcher knows it is falling back by identity: with no service at start,
        # the chosen log notifier must be the fallback itself.
        fallback = notifier if isinstance(notifier, LogNotifier) else LogNotifier()
        if notifier is fallback:
            log.warning("no notification service (%s); reminders appear in a prompt window, "
                        "the tray and the log",
                        "; ".join(r.reason for r in notifier_choice.rejected) or "none found")

        idle_choice = select_idle()
        for line in idle_choice.describe("idle"):
            log.info("%s", line)
        if idle_choice.adapter.name == "none":
            log.warning("no idle source, so breaks away from the keyboard are not noticed (%s); "
                        "`ergo doctor` says what would help",
                        "; ".join(r.reason for r in idle_choice.rejected) or "ERGO_IDLE=none")

        jumps = JumpDetector(clock)
        timer = Timer(events, detector=jumps)
        icon_dir = Path(self._log_file.parent if self._log_file else store.path.parent)

        def make_icon() -> Path | None:
            return _notification_icon(copy_icon, icon_dir)

        helpers = Helpers(events.put, icon=make_icon(), config_args=_config_args(options),
                          make_icon=make_icon)
        dispatcher = Dispatcher(
            events=events,
            config=config,
            reload=reload,
            state=state,
            ports=Ports(clock=clock, tray=tray, notifier=notifier, fallback=fallback,
                        helpers=helpers, history_lines=_history_lines()),
            outputs=Outputs(
                save_state=store.save, arm=timer.arm, record=recorder.record,
                on_quit=self.quit,
                # The idle monitor's signal follows idle.break_after, the calendar feed the
                # calendars (both are made below, before the dispatcher thread runs).
                on_reload=lambda: (watch_thread.wake(idle_watch), calendar_feed.wake()),
            ),
            backends={"tray": tray.name, "notifier": notifier.name,
                      "idle": idle_choice.adapter.name},
            user_config=_user_config_path(options),
            toggles=toggles,
            config_problems=problems,
        )
        calendar_feed = CalendarFeed(lambda: dispatcher.settings, events.put, clock.now)
        server = ControlServer(dispatcher.call)
        server.start()
        watcher = threading.Thread(
            target=watch_config,
            args=(_watched_paths(options), lambda: events.put(ConfigChanged()), self._stopping),
            name="ergo-config-watch", daemon=True,
        )
        worker = threading.Thread(target=dispatcher.run, name="ergo-dispatcher")
        idle_watch, interruption_watch, watch_thread = _watchers(
            idle_choice.adapter, events.put, clock, jumps, dispatcher)
        self._shutdown = (watch_thread.stop, idle_choice.adapter.close, interruption_watch.close,
                          worker.join, notifier.close, timer.stop, server.close, recorder.close)
        with self._quit_lock:
            self._stop_feed = calendar_feed.stop
            stopping = self._stopping.is_set()
        timer.start()
        worker.start()
        watcher.start()
        idle_watch.start(lambda: watch_thread.wake(idle_watch))
        watch_thread.start()
        if not stopping:
            calendar_feed.wake()
        _watch_session(self.quit, worker, self._stopped)
        log.info("ergo started (pid %d)", os.getpid())

        def welcome() -> None:
            from ergo.firstrun import welcome_marker, welcome_once
            from ergo.i18n import current_language

            welcome_once(welcome_marker(store.path.parent), clock.now(),
                         lambda: helpers.welcome(current_language()))

        self._welcome = welcome


def _watch_session(quit_daemon: Callable[[], None], worker: threading.Thread,
                   stopped: threading.Event) -> None:
    """End ergo when its desktop session ends (see :mod:`ergo.desktop.session_end`).

    The dispatcher saves the state as it stops. A tray or idle source stuck on the
    dead display must not keep the process (and its single-instance lock) alive, so
    after :data:`SESSION_END_GRACE` seconds ergo leaves without them.
    """
    from ergo.desktop.session_end import SessionWatch, session_links

    def ended(reason: str) -> None:
        log.warning("%s: the session is over, so ergo saves its state and ends", reason)
        quit_daemon()
        worker.join(SESSION_END_GRACE)
        if not stopped.wait(SESSION_END_GRACE):
            log.warning("ergo's windows did not close within %g s of the session's end; "
                        "leaving without them (state %s)", SESSION_END_GRACE,
                        "saved" if not worker.is_alive() else "NOT saved")
            logging.shutdown()
            # The kernel releases the single-instance lock with the process.
            os._exit(0)

    SessionWatch(session_links(os.environ), ended).start()


def _watchers(monitor: IdleMonitor, put: Callable[[object], None], clock: Clock,
              jumps: JumpDetector, dispatcher: Dispatcher,
              ) -> tuple[IdleWatch, InterruptionWatch, WatchThread]:
    """Return the idle watch, the interruption watch and the thread that runs both.

    They read the settings in force from the dispatcher (a reference read, safe
    from any thread), so config reloads reach them.
    """
    from ergo.desktop.select import select_interruptions
    from ergo.runtime.idle_watch import IdleWatch, InterruptionWatch, WatchThread

    idle_watch = IdleWatch(
        monitor, put, clock,
        break_after=lambda: dispatcher.settings.idle.break_after.total_seconds(),
        detector=jumps,
    )
    interruption_watch = InterruptionWatch(
        put, lambda: dispatcher.settings.interruptions, select_interruptions)
    return idle_watch, interruption_watch, WatchThread([idle_watch, interruption_watch])


def _restore(store: StateStore, config: LoadedConfig, now: datetime) -> tuple[EngineState,
                                                                      dict[str, bool]]:
    """Return the saved engine state and the tray toggles, or fresh ones when there are
    none. A state the engine cannot read or compute with is moved aside, like a corrupt
    file, so it cannot stop the dispatcher at every start."""
    from ergo.core.engine import handle
    from ergo.core.state import EngineState
    from ergo.runtime.dispatcher import catch_up

    saved = store.load()
    if saved is None:
        return EngineState(), {}
    toggles = saved.pop("toggles", {})
    try:
        state = EngineState.from_dict(saved)
        handle(config.settings, state, catch_up(state, now), now)
    except ValueError as error:
        store.move_aside(f"cannot be used ({error})")
        return EngineState(), {}
    except Exception:
        log.exception("the engine cannot start from the saved state")
        store.move_aside("holds values the engine cannot compute with")
        return EngineState(), {}
    if not isinstance(toggles, dict) or not all(
        isinstance(k, str) and isinstance(v, bool) for k, v in toggles.items()
    ):
        toggles = {}
    return state, toggles


def _with_toggles(config: LoadedConfig, reload: Callable[[tuple[str, ...]], LoadedConfig],
                  toggles: dict[str, bool]) -> LoadedConfig:
    """Apply the reminder switches the user set in the tray, dropping ones the config
    no longer allows (an unknown reminder, or a lock added by the organisation)."""
    from ergo.config import ConfigError

    ids = {r.id for r in config.settings.reminders}
    for key in [k for k in toggles if k not in ids]:
        del toggles[key]
    overrides = tuple(f"reminders.{rid}.enabled={'true' if on else 'false'}"
                      for rid, on in sorted(toggles.items()))
    try:
        return reload(overrides)
    except ConfigError as error:
        log.warning("cannot apply your tray switches (%s)", "; ".join(error.problems))
        toggles.clear()
        return config


def _config_args(options: Options) -> tuple[str, ...]:
    args: list[str] = []
    if options.config is not None:
        args += ["--config", str(options.config)]
    if options.org_config is not None:
        args += ["--org-config", str(options.org_config)]
    return tuple(args)


def _user_config_path(options: Options) -> Path:
    from ergo.config.locate import locate

    _, user = locate(options.config, options.org_config, os.environ)
    return user.path


def _watched_paths(options: Options) -> tuple[Path, ...]:
    from ergo.config.locate import locate
    from ergo.config.managed_prefs import managed_prefs_path
    from ergo.config.organisation import drop_in_dir

    org, user = locate(options.config, options.org_config, os.environ)
    prefs = managed_prefs_path(os.environ)
    return (org.path, drop_in_dir(org.path), user.path, *([prefs] if prefs else []))


def _notification_icon(copy_icon: Callable[[TrayStatus, Path], Path],
                       directory: Path) -> Path | None:
    try:
        return copy_icon("active", directory / "ergo-notification.png")
    except OSError as error:
        log.info("no notification icon (%s)", error)
        return None


def _history_lines() -> Callable[[datetime], tuple[str, ...]]:
    """Return the dispatcher's source of the tray's history lines ("Today: 5 of 7 done",
    then this week's), reading the history lazily on the dispatcher thread; no lines
    when there is no history to read."""
    from ergo.history.stats import today_summary, week_summary
    from ergo.history.store import HistoryError, HistoryStore
    from ergo.history.store import default_path as history_path

    opened: list[HistoryStore] = []

    def lines(now: datetime) -> tuple[str, ...]:
        try:
            if not opened:
                opened.append(HistoryStore.open(history_path()))
            return (today_summary(opened[0], now.date()), week_summary(opened[0], now.date()))
        except HistoryError:
            return ()

    return lines
