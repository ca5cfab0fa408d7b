"""Short-lived helper processes and timers started by the dispatcher.

The reminder prompt, the routine player, the About and safety window and the
first-run welcome are Tk programs in processes of their own, so the daemon never
loads Tk. Each runs under a worker thread that blocks on it and hands the result
back to the dispatcher through ``put``; the dispatcher itself never waits for a
helper.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

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
class RoutineEnded:
    """The routine player closed; ``step`` is where the user stopped (1-based)."""

    routine_id: str
    completed: bool
    step: int


class Helpers:
    """Starts helpers for the dispatcher thread; results come back through ``put``.

    ``config_args`` are the ``--config``/``--org-config`` options the daemon
    runs with, passed on so that helpers read the same settings.
    """

    def __init__(
        self,
        put: Callable[[object], None],
        *,
        icon: Path | None,
        config_args: tuple[str, ...] = (),
        python: str = sys.executable,
        make_icon: Callable[[], Path | None] | None = None,
    ) -> None:
        self._put = put
        self._icon = icon
        self._make_icon = make_icon
        self._config_args = config_args
        self._python = python
        self._lock = threading.Lock()
        # The open prompt and the reminders it shows, while it is open.
        self._prompt: tuple[Any, tuple[str, ...]] | None = None
        self._timers: list[threading.Timer] = []
        self._children: set[subprocess.Popen[str]] = set()
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

    def prompt(self, firing: Any, spec: Any, routine: str | None) -> None:
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

    def expire(self, ids: tuple[str, ...], after: timedelta) -> None:
        """Count the reminders as ignored after ``after`` unless answered before."""
        timer = threading.Timer(after.total_seconds(), self._put, (PromptAnswer(ids, "ignored"),))
        timer.daemon = True
        with self._lock:
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        timer.start()

    def routine(self, routine_id: str, language: str) -> None:
        """Play ``routine_id`` in the player process; report a :class:`RoutineEnded`."""
        command = [self._python, "-m", "ergo.player", routine_id, "--language", language,
                   *self._config_args]

        def ended(result: subprocess.CompletedProcess[str] | OSError) -> None:
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
                                      int(outcome["step"]))
            except (OSError, ValueError, KeyError, TypeError) as error:
                if not self._closing:
                    log.warning("the routine player failed (%s); counting the routine as "
                                "stopped", error)
                report = RoutineEnded(routine_id, False, 1)
            self._put(report)

        self._child(command, "routine", ended)

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
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]
            return
        opener = "open" if sys.platform == "darwin" else "xdg-open"

        def opened(result: subprocess.CompletedProcess[str] | OSError) -> None:
            if isinstance(result, OSError):
                reason = f"{opener}: {result.strerror or result}"
            elif result.returncode != 0:
                said = (result.stderr or "").strip().splitlines()
                reason = f"{opener}: {said[-1] if said else f'exit status {result.returncode}'}"
            else:
                return
            log.warning("cannot open %s (%s)", path, reason)
            self._put(LaunchFailed(str(path), reason))

        # The editor is the user's own program: it stays open when ergo stops.
        self._child([opener, str(path)], "open", opened, owned=False)

    def close(self) -> None:
        """Close ergo's own windows (prompt, player, About, welcome) and cancel pending
        timers (daemon shutdown)."""
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
        owned: bool = True,
    ) -> None:
        """Start ``command``; on a worker thread, wait for it and pass its result (or the
        OSError that kept it from starting) to ``done``. ``owned`` children end with ergo."""
        from ergo.desktop.parent_watch import spawn

        output = subprocess.PIPE if done else subprocess.DEVNULL
        start = spawn if owned else subprocess.Popen
        try:
            process = start(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                            text=True)
        except OSError as error:
            if done is not None:
                done(error)
            else:
                self._warn_once(what, "cannot start %s: %s", command[0], error)
            return
        if owned:
            with self._lock:
                self._children.add(process)

        def wait() -> None:
            try:
                stdout, stderr = process.communicate()
                with self._lock:
                    self._children.discard(process)
                if done is not None:
                    done(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
            except Exception:
                log.exception("the %s helper's worker failed", what)

        threading.Thread(target=wait, name=f"ergo-{what}", daemon=True).start()

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message, *args)
