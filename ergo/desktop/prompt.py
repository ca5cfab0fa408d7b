"""The one-click reminder prompt: a small Tk window in a short-lived process of its own.

Notifications have no buttons, so a reminder that asks for an answer opens this
window: the reminder text and *Done*, *Skip*, the snooze choices and, when the
reminder names a routine, a button to start it. Running it as
``python -m ergo.desktop.prompt`` keeps Tk out of the daemon, which stays small.

Protocol: the parent writes one JSON object (see :func:`spec_to_json`) on the child's
stdin; the child prints exactly one JSON line on stdout,
``{"outcome": "done"|"skipped"|"ignored"|"snooze"|"routine", "snooze": ID|null}``,
and exits 0. The window closes by itself after the spec's timeout (outcome
``"ignored"``); closing it through the window manager counts as ignored too. A bad
spec exits 2, no display exits 1, each with one line on stderr.

The window does not take the keyboard focus (it is a notification-type window and
never asks for focus), stays on top and sits in the bottom-right corner. Under
Xwayland on wlroots compositors (sway), whose X11 window manager centres and
focuses every managed window, it is an override-redirect window instead, which
they leave where it asks and, being of the notification type, do not focus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import timedelta
from typing import Any, get_args

from ergo.desktop.parent_watch import close_with_parent, spawn
from ergo.desktop.windows import placed_by_itself
from ergo.ports import (
    PromptOutcome,
    PromptOutcomeKind,
    PromptSpec,
    PromptStrings,
    SnoozeOption,
)

_OUTCOMES = get_args(PromptOutcomeKind)
# A spec is a few hundred bytes; anything far larger is a bug, not a reminder.
_MAX_SPEC_BYTES = 64 * 1024


class PromptError(Exception):
    """The prompt process could not show the window or broke the protocol."""


def spec_to_json(spec: PromptSpec) -> str:
    """Given a prompt spec, return the JSON text the prompt process reads."""
    data = asdict(spec)
    data["timeout"] = spec.timeout.total_seconds()
    return json.dumps(data)


def spec_from_json(text: str) -> PromptSpec:
    """Given the JSON text of a spec, return it; raise ValueError naming the bad field."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the spec must be a JSON object")
    try:
        options = tuple(SnoozeOption(**option) for option in data.get("snooze", ()))
        strings = PromptStrings(**data.get("strings", {}))
        timeout = float(data.get("timeout", 120))
        spec = PromptSpec(
            title=str(data["title"]),
            message=str(data["message"]),
            snooze=options,
            routine=None if data.get("routine") is None else str(data["routine"]),
            timeout=timedelta(seconds=timeout),
            strings=strings,
        )
    except KeyError as error:
        raise ValueError(f"the spec has no {error.args[0]!r}") from error
    except TypeError as error:
        raise ValueError(f"the spec has an unexpected field: {error}") from error
    if timeout <= 0:
        raise ValueError("'timeout' must be a positive number of seconds")
    return spec


class PromptProcess:
    """A running prompt. Created by :func:`start_prompt`; used by one worker thread
    (never the tray thread): :meth:`wait` blocks until the user answers."""

    def __init__(self, process: subprocess.Popen[str], spec: PromptSpec) -> None:
        self.process = process
        self.spec = spec

    def wait(self) -> PromptOutcome:
        """Block until the prompt closes; return the outcome, or raise PromptError."""
        # The child closes itself at the timeout; the margin covers a slow start.
        limit = self.spec.timeout.total_seconds() + 30
        try:
            self.process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.close()
            raise PromptError(f"the prompt did not close within {limit:.0f} s") from None
        # One short line each: far below the pipe buffer, so waiting first is safe.
        assert self.process.stdout is not None and self.process.stderr is not None
        stdout, stderr = self.process.stdout.read(), self.process.stderr.read()
        if self.process.returncode != 0:
            raise PromptError(stderr.strip() or f"the prompt exited {self.process.returncode}")
        return parse_outcome(stdout)

    def close(self) -> None:
        """Close the window now (the reminder was answered elsewhere). Any thread."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_prompt(spec: PromptSpec, python: str = sys.executable) -> PromptProcess:
    """Start the prompt process for ``spec`` and return at once; it closes by itself
    if this process dies."""
    process = spawn(
        [python, "-m", "ergo.desktop.prompt"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(spec_to_json(spec))
    process.stdin.close()
    return PromptProcess(process, spec)


def run_prompt(spec: PromptSpec) -> PromptOutcome:
    """Show the prompt and block until it closes; return what the user did.

    Call from a worker thread. Raise PromptError when no window could be shown.
    """
    return start_prompt(spec).wait()


def parse_outcome(stdout: str) -> PromptOutcome:
    """Given the prompt's stdout, return its outcome; raise PromptError if malformed."""
    lines = stdout.strip().splitlines()
    try:
        if len(lines) != 1:
            raise ValueError(f"expected one line, got {len(lines)}")
        data = json.loads(lines[0])
        if data.get("outcome") not in _OUTCOMES:
            raise ValueError(f"unknown outcome {data.get('outcome')!r}")
        return PromptOutcome(data["outcome"], data.get("snooze"))
    except (ValueError, AttributeError) as error:
        raise PromptError(f"the prompt answered {stdout!r}: {error}") from None


class PromptWindow:
    """The Tk window; runs in the prompt process only."""

    def __init__(self, spec: PromptSpec) -> None:
        import tkinter as tk
        from tkinter import font, ttk

        self.outcome: PromptOutcome | None = None
        self.root = root = tk.Tk(className="ergo-prompt")
        root.withdraw()
        root.title(spec.title)
        root.resizable(False, False)
        root.attributes("-topmost", True)
        if root.tk.call("tk", "windowingsystem") == "x11":
            # Window managers give notification windows no focus and keep them up.
            root.attributes("-type", "notification")
            if placed_by_itself(os.environ):
                root.overrideredirect(True)
        elif sys.platform == "win32":
            root.attributes("-toolwindow", True)
        root.protocol("WM_DELETE_WINDOW", lambda: self.finish("ignored"))

        frame = ttk.Frame(root, padding=12)
        frame.pack(fill="both", expand=True)
        bold = font.nametofont("TkDefaultFont").copy()
        bold.configure(weight="bold", size=bold.cget("size") + 1)
        ttk.Label(frame, text=spec.title, font=bold).pack(anchor="w")
        ttk.Label(frame, text=spec.message, wraplength=340, justify="left").pack(
            anchor="w", pady=(4, 10)
        )

        actions = ttk.Frame(frame)
        actions.pack(anchor="w")
        ttk.Button(actions, text=spec.strings.done, command=lambda: self.finish("done")).pack(
            side="left"
        )
        ttk.Button(actions, text=spec.strings.skip, command=lambda: self.finish("skipped")).pack(
            side="left", padx=(6, 0)
        )
        if spec.routine:
            ttk.Button(actions, text=spec.routine, command=lambda: self.finish("routine")).pack(
                side="left", padx=(6, 0)
            )

        if spec.snooze:
            snooze = ttk.Frame(frame)
            snooze.pack(anchor="w", pady=(8, 0))
            ttk.Label(snooze, text=f"{spec.strings.snooze}:").pack(side="left")
            for option in spec.snooze:
                button = ttk.Button(
                    snooze,
                    text=option.label,
                    width=-4,
                    command=lambda choice=option.id: self.finish("snooze", choice),
                )
                if not option.enabled:
                    button.state(["disabled"])
                button.pack(side="left", padx=(6, 0))
            # Buttons refused for one reason say it once, wrapped to the prompt's width.
            reasons = dict.fromkeys(o.reason for o in spec.snooze if not o.enabled and o.reason)
            if reasons:
                ttk.Label(frame, text="\n".join(reasons), foreground="#777777",
                          wraplength=340, justify="left").pack(anchor="w", pady=(4, 0))

        root.update_idletasks()
        width, height = root.winfo_reqwidth(), root.winfo_reqheight()
        x = root.winfo_screenwidth() - width - 16
        y = root.winfo_screenheight() - height - 56
        root.geometry(f"+{x}+{y}")
        root.deiconify()
        root.after(round(spec.timeout.total_seconds() * 1000), lambda: self.finish("ignored"))

    def finish(self, outcome: PromptOutcomeKind, snooze: str | None = None) -> None:
        if self.outcome is None:
            self.outcome = PromptOutcome(outcome, snooze)
            self.root.destroy()

    def run(self) -> PromptOutcome:
        """Run the Tk loop until the window closes (or ergo ends); return the outcome."""
        close_with_parent(self.root)
        self.root.mainloop()
        return self.outcome or PromptOutcome("ignored")


def main(stdin: Any = None) -> int:
    """Entry point of ``python -m ergo.desktop.prompt``."""
    text = (stdin or sys.stdin).read(_MAX_SPEC_BYTES + 1)
    try:
        if len(text) > _MAX_SPEC_BYTES:
            raise ValueError(f"the spec is larger than {_MAX_SPEC_BYTES} bytes")
        spec = spec_from_json(text)
    except ValueError as error:
        print(f"ergo prompt: bad spec: {error}", file=sys.stderr)
        return 2
    import tkinter

    try:
        window = PromptWindow(spec)
    except tkinter.TclError as error:
        print(f"ergo prompt: cannot open a window: {error}", file=sys.stderr)
        return 1
    outcome = window.run()
    print(json.dumps(asdict(outcome)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
