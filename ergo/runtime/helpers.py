"""Short-lived helper processes and timers started by the dispatcher.

The reminder prompt, the routine player, the About and safety window, the settings
window and the first-run welcome are Tk programs in processes of their own, so the
daemon never loads Tk. Each runs under a worker thread that blocks on it and hands the result
back to the dispatcher through ``put``; the dispatcher itself never waits for a
helper.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ergo.desktop.windows import WindowPath, window_path

if TYPE_CHECKING:
    from ergo.core.engine import Firing
    from ergo.ports import PromptSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PromptAnswer:
    """What the user did with the prompt (or notification) for ``reminder_ids``.

    ``outcome`` is ``done``, ``skipped``, ``ignored``, ``snooze`` (with ``snooze``:
    ``"10m"`` or ``"rest_of_day"``), ``routine`` (with ``routine``: its id) or
    ``not_shown`` (the prompt could not be shown).
    """

    reminder_ids: tuple[str, ...]
    outcome: str
    snooze: str | None = None
    routine: str | None = None


@dataclass(frozen=True)
class LaunchFailed:
    """The program that should open ``target`` for the user failed; ``reason`` says how."""

    target: str
    reason: str


@dataclass(frozen=True)
class SwitchSaved:
    """The user's file now holds the tray switch of ``reminder_id`` (``on``), or, with
    ``problem``, could not be written."""

    reminder_id: str
    on: bool
    problem: str | None = None


@dataclass(frozen=True)
class RoutineEnded:
    """The routine player closed; ``step`` is where the user stopped (1-based).

    ``status`` is the player's word: ``completed``, ``stopped`` or ``skipped``
    (it reached the end with most of its time skipped).
    """

    routine_id: str
    completed: bool
    step: int
    status: str = "stopped"


@dataclass(frozen=True)
class RoutineProgress:
    """The routine player moved on to step ``step`` of ``steps`` (1-based)."""

    routine_id: str
    step: int
    steps: int


class Helpers:
    """Starts helpers for the dispatcher thread; results come back through ``put``.

    ``config_args`` are the ``--config``/``--org-config`` options the daemon
    runs with, passed on so that helpers read the same settings. ``windows`` says
    whether and how windows can open (default: from this process's environment).
    """

    def __init__(
        self,
        put: Callable[[object], None],
        *,
        icon: Path | None,
        config_args: tuple[str, ...] = (),
        python: str = sys.executable,
        windows: WindowPath | None = None,
        make_icon: Callable[[], Path | None] | None = None,
    ) -> None:
        self._put = put
        self.windows = windows or window_path(os.environ, sys.platform)
        self._icon = icon
        self._make_icon = make_icon
        self._config_args = config_args
        self._python = python
        # Reentrant: a player that cannot start reports its end while routine() holds it.
        self._lock = threading.RLock()
        # The open prompt and the reminders it shows, while it is open.
        self._prompt: tuple[Any, tuple[str, ...]] | None = None
        self._timers: list[threading.Timer] = []
        self._children: set[subprocess.Popen[str]] = set()
        # The routine player while it plays: there is never more than one. It can be
        # brought forward once it says so (step 0): before, SIGUSR1 would end it.
        self._player: subprocess.Popen[str] | None = None
        self._player_ready = False
        self._settings: subprocess.Popen[str] | None = None
        self._warned: set[str] = set()
        # Set by close(): windows ending from then on were closed by ergo, not failing.
        self._closing = False

    @property
    def icon(self) -> Path | None:
        """The notifications' icon file, written again (by ``make_icon``) when it was
        deleted while ergo runs."""
        if self._make_icon is not None and (self._icon is None or not self._icon.exists()):
            self._icon = self._make_icon()
        return self._icon

    def prompt(self, firing: Firing, spec: PromptSpec, routine: str | None) -> None:
        """Show the prompt for ``firing``, closing any prompt still open.

        The reminders of the closed prompt that ``firing`` does not show again are
        answered as ignored; the ones it shows again wait for the new prompt.
        """
        from ergo.desktop.prompt import PromptError, start_prompt

        ids = tuple(firing.reminder_ids)
        with self._lock:
            replaced, self._prompt = self._prompt, None
        if replaced is not None:
            old_process, old_ids = replaced
            old_process.close()
            dropped = tuple(rid for rid in old_ids if rid not in ids)
            if dropped:
                self._put(PromptAnswer(dropped, "ignored"))
        try:
            process = start_prompt(spec, python=self._python)
        except OSError as error:
            self._warn_once("prompt", "cannot start the reminder prompt (%s)", error)
            self._put(PromptAnswer(ids, "not_shown"))
            return
        shown = (process, ids)
        with self._lock:
            self._prompt = shown

        def wait() -> None:
            try:
                result = process.wait()
            except Exception as error:
                with self._lock:
                    # Not the open prompt any more: closed on purpose, answered already.
                    closed = self._prompt is not shown
                    if not closed:
                        self._prompt = None
                if not closed:
                    if isinstance(error, PromptError):
                        self._warn_once("prompt", "the reminder prompt could not be shown (%s)",
                                        error)
                    else:
                        log.exception("the reminder prompt failed")
                    # Answered, so the reminder comes again instead of staying due for good.
                    self._put(PromptAnswer(ids, "not_shown"))
                return
            with self._lock:
                if self._prompt is shown:
                    self._prompt = None
            self._put(PromptAnswer(ids, result.outcome, result.snooze, routine))

        threading.Thread(target=wait, name="ergo-prompt", daemon=True).start()

    def can_prompt(self) -> bool:
        """Return whether the prompt window can open in this session."""
        return self.windows.name is not None

    @property
    def prompt_ids(self) -> tuple[str, ...]:
        """The reminders the open prompt shows; empty when no prompt is open."""
        with self._lock:
            return () if self._prompt is None else self._prompt[1]

    def close_prompt(self) -> None:
        """Close the open prompt without an answer: its reminders were answered elsewhere."""
        with self._lock:
            closing, self._prompt = self._prompt, None
        if closing is not None:
            closing[0].close()

    def expire(self, ids: tuple[str, ...], after: timedelta) -> None:
        """Count the reminders as ignored after ``after`` unless answered before."""
        self.after(after.total_seconds(), PromptAnswer(ids, "ignored"))

    def after(self, seconds: float, item: object) -> None:
        """Hand ``item`` to the dispatcher in ``seconds``, unless ergo closes first."""
        timer = threading.Timer(seconds, self._put, (item,))
        timer.daemon = True
        with self._lock:
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        timer.start()

    @property
    def routine_playing(self) -> bool:
        """Whether the routine player is open."""
        with self._lock:
            return self._player is not None

    def routine(self, routine_id: str, language: str) -> bool:
        """Play ``routine_id`` in the player process; report each step as a
        :class:`RoutineProgress` and the end as a :class:`RoutineEnded`.

        While a player is open, bring it to the front instead and return False.
        """
        with self._lock:
            player = self._player
        if player is not None:
            # The player raises its window on SIGUSR1; elsewhere it stays where it is.
            if hasattr(signal, "SIGUSR1") and self._player_ready:
                with contextlib.suppress(ProcessLookupError):
                    player.send_signal(signal.SIGUSR1)
            return False
        command = [self._python, "-m", "ergo.player", routine_id, "--language", language,
                   "--progress", *self._config_args]

        def line(text: str) -> None:
            try:
                data = json.loads(text)
                if "status" in data:
                    return
                step, steps = int(data["step"]), int(data["steps"])
                with self._lock:
                    self._player_ready = True
                if step > 0:
                    self._put(RoutineProgress(routine_id, step, steps))
            except (ValueError, KeyError, TypeError):
                log.debug("the routine player said %r", text)

        def ended(result: subprocess.CompletedProcess[str] | OSError) -> None:
            with self._lock:
                self._player = None
            try:
                if isinstance(result, OSError):
                    raise result
                lines = result.stdout.strip().splitlines()
                if not lines:
                    # It ended before playing: its own message says why.
                    said = result.stderr.strip().splitlines()
                    raise ValueError(said[-1] if said else f"exit status {result.returncode}")
                outcome = json.loads(lines[-1])
                report = RoutineEnded(routine_id, outcome["status"] == "completed",
                                      int(outcome["step"]), str(outcome["status"]))
            except (OSError, ValueError, KeyError, TypeError) as error:
                if not self._closing:
                    log.warning("the routine player failed (%s); counting the routine as "
                                "stopped", error)
                report = RoutineEnded(routine_id, False, 1)
            self._put(report)

        with self._lock:
            self._player_ready = False
            self._player = self._child(command, "routine", ended, on_line=line)
        return True

    def about(self, language: str) -> None:
        """Show the About and safety window."""
        self._child([self._python, "-m", "ergo.player", "--about", "--language", language],
                    "about")

    def welcome(self, language: str) -> None:
        """Show the first-run welcome window; where no window can be opened, log the
        welcome text instead. Any thread (the daemon calls it when the tray is up)."""
        command = [self._python, "-m", "ergo.player", "--welcome", "--language", language]

        def closed(result: subprocess.CompletedProcess[str] | OSError) -> None:
            if isinstance(result, OSError):
                reason = str(result)
            elif result.returncode == 0:
                log.info("first-run welcome closed: %s", result.stdout.strip())
                return
            elif self._closing:
                return
            else:
                reason = result.stderr.strip() or f"exit code {result.returncode}"
            from ergo.firstrun import welcome

            # A warning, so that it also reaches the terminal of a headless `ergo run`.
            log.warning("%s\n(no welcome window could be opened: %s)", welcome().as_text(),
                        reason)

        self._child(command, "welcome", closed)

    def open_file(self, path: Path) -> None:
        """Open ``path`` in the user's editor, writing the commented starter file first
        when it does not exist."""
        if not path.exists():
            from ergo.config.template import write_user_template

            try:
                write_user_template(path)
            except OSError as error:
                log.warning("cannot create %s: %s", path, error)
                return
        from ergo.desktop.open_file import open_with_desktop

        def work() -> None:
            reason = open_with_desktop(path)
            if reason is None:
                return
            log.warning("cannot open %s (%s)", path, reason)
            self._put(LaunchFailed(str(path), reason))
            # The settings window shows the path and the problem, and can change most
            # settings without an editor.
            self.settings(problem=reason)

        # The editor is the user's own program: it stays open when ergo stops.
        threading.Thread(target=work, name="ergo-open", daemon=True).start()

    def save_switch(self, reminder_id: str, on: bool) -> None:
        """Write a reminder's tray switch into the user's file, in a process of its own
        (see :mod:`ergo.settings.switch`); the outcome comes back as a SwitchSaved."""
        command = [self._python, "-m", "ergo.settings.switch", reminder_id,
                   "on" if on else "off", *self._config_args]

        def done(result: subprocess.CompletedProcess[str] | OSError) -> None:
            if isinstance(result, OSError):
                problem: str | None = str(result)
            elif result.returncode == 0:
                problem = None
            else:
                problem = (result.stdout.strip() or result.stderr.strip()
                           or f"exit code {result.returncode}")
            self._put(SwitchSaved(reminder_id, on, problem))

        self._child(command, "switch", done)

    def settings(self, language: str | None = None, problem: str | None = None) -> None:
        """Show the settings window (with ``problem`` at its top), unless it is open."""
        with self._lock:
            if self._settings is not None and self._settings.poll() is None:
                return
        command = [self._python, "-m", "ergo.settings", *self._config_args]
        if language:
            command += ["--language", language]
        if problem:
            command += ["--problem", problem]
        process = self._child(command, "settings", self._settings_closed)
        with self._lock:
            self._settings = process

    def _settings_closed(self, result: subprocess.CompletedProcess[str] | OSError) -> None:
        if isinstance(result, OSError) or (result.returncode != 0 and not self._closing):
            said = result if isinstance(result, OSError) else result.stderr.strip()
            log.warning("the settings window could not be shown (%s)", said)

    def close(self) -> None:
        """Close ergo's own windows (prompt, player, About, settings, welcome) and cancel
        pending timers (daemon shutdown)."""
        with self._lock:
            self._closing = True
            closing, self._prompt = self._prompt, None
            for timer in self._timers:
                timer.cancel()
            for process in self._children:
                process.terminate()
        if closing is not None:
            closing[0].close()

    def _child(
        self,
        command: list[str],
        what: str,
        done: Callable[[subprocess.CompletedProcess[str] | OSError], None] | None = None,
        *,
        on_line: Callable[[str], None] | None = None,
    ) -> subprocess.Popen[str] | None:
        """Start ``command`` and return it (None if it could not start); on a worker
        thread, wait for it and pass its result (or the OSError that kept it from
        starting) to ``done``. ``on_line`` gets each line of its output as it comes.
        Children end with ergo."""
        from ergo.desktop.parent_watch import spawn

        output = subprocess.PIPE if done else subprocess.DEVNULL
        try:
            process = spawn(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                            text=True)
        except OSError as error:
            if done is not None:
                done(error)
            else:
                self._warn_once(what, "cannot start %s: %s", command[0], error)
            return None
        with self._lock:
            self._children.add(process)

        def wait() -> None:
            try:
                if on_line is not None and process.stdout is not None:
                    lines = []
                    for text in process.stdout:
                        lines.append(text)
                        on_line(text.strip())
                    _, stderr = process.communicate()
                    stdout = "".join(lines)
                else:
                    stdout, stderr = process.communicate()
                with self._lock:
                    self._children.discard(process)
                if done is not None:
                    done(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
            except Exception:
                log.exception("the %s helper's worker failed", what)

        threading.Thread(target=wait, name=f"ergo-{what}", daemon=True).start()
        return process

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message, *args)
