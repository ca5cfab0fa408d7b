"""The routine player: a Tk window in its own process, or the terminal when there is no display.

Spawn it as ``python -m ergo.player ROUTINE_ID [--language nl]``; it prints the
outcome as one JSON line on standard output (see :func:`outcome_json`) and
exits 0 whether the routine was completed or stopped. ``ergo routine`` plays
it in-process through :func:`play`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ergo.core.model import Routine, Settings
from ergo.core.routine import Outcome
from ergo.errors import UserError
from ergo.i18n import _, resolve_language
from ergo.player.notice import remember_safety_notice_seen, safety_notice_seen

DEFAULT_ROUTINE = "lumbar-short"


def outcome_json(outcome: Outcome) -> str:
    """Given an outcome, return the line the daemon reads, for example::

    {"routine": "lumbar-short", "status": "stopped", "step": 2, "steps": 6, "seconds": 41.3}

    ``status`` is ``completed``, ``stopped`` or ``skipped``; ``step`` is the 1-based step that
    was on at the end; ``seconds`` the active time, pauses excluded.
    """
    return json.dumps(
        {
            "routine": outcome.routine,
            "status": outcome.status,
            "step": outcome.step,
            "steps": outcome.steps,
            "seconds": round(outcome.seconds, 1),
        }
    )


def load_settings(config: str | Path | None, org_config: str | Path | None = None,
                  language: str | None = None) -> Settings:
    """Return the effective settings; ``config`` and ``org_config`` name the user and the
    organisation file instead of the default ones (as ``--config`` and ``--org-config``).
    ``language`` (``--language``) adds the built-in texts in that language too."""
    from ergo.config import load_config
    from ergo.config.localise import localise

    settings = load_config(
        None if config is None else Path(config), None if org_config is None else Path(org_config)
    ).settings
    return settings if language is None else localise(settings, resolve_language(language))


def find_routine(settings: Settings, name: str) -> Routine:
    """Given settings and a routine id, return the routine; raise UserError listing known ones."""
    routine = settings.routine(name)
    if routine is None:
        known = ", ".join(r.id for r in settings.routines) or "-"
        raise UserError(
            _("There is no routine called {name}. Known routines: {known}.").format(
                name=name, known=known
            )
        )
    return routine


def play(
    routine: Routine,
    *,
    terminal: bool = False,
    sound: bool = False,
    state_dir: Path | None = None,
    on_end: Callable[[Outcome], None] = lambda outcome: None,
    on_step: Callable[[int, int], None] | None = None,
    out: TextIO | None = None,
) -> Outcome:
    """Play ``routine`` in a window, or in the terminal (``out``) when asked or without a display.

    Texts are in the installed language (:func:`ergo.i18n.install`). The safety
    notice comes first until the user has accepted it once; that is remembered in
    ``state_dir`` (default: the per-user state folder). ``on_end`` gets the outcome
    as soon as the routine ends, before the window closes; ``on_step`` gets the
    number of each step the window starts and the count of steps (step 0 first, once
    the window is open and brought forward by ``SIGUSR1``).
    """
    from ergo.player.notice import default_state_dir

    state_dir = default_state_dir() if state_dir is None else state_dir
    common = {
        "show_safety_notice": not safety_notice_seen(state_dir),
        "on_safety_notice_seen": lambda: remember_safety_notice_seen(state_dir),
        "sound": sound,
    }
    if not terminal:
        try:
            from ergo.player.window import run_window
        except ImportError:
            terminal = True
        else:
            import tkinter

            try:
                return run_window(routine, on_end=on_end, on_step=on_step, **common)
            except tkinter.TclError:
                terminal = True
    from ergo.player.terminal import KeyReader, run_terminal

    outcome = run_terminal(
        routine, out=sys.stdout if out is None else out, keys=KeyReader(sys.stdin), **common
    )
    on_end(outcome)
    return outcome
