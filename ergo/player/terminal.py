"""The routine player for a terminal: one countdown line, Enter for next, q or Ctrl-C to stop.

Used by ``ergo routine --terminal`` and whenever no window can be opened. Runs
on the calling thread; keys are polled between ticks, four times a second.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from ergo.core.model import Routine
from ergo.core.routine import Frame, Outcome, Sequencer
from ergo.i18n import _, current_language
from ergo.player import labels
from ergo.safety import safety_notice

TICK_SECONDS = 0.25


class KeyReader:
    """Reads single keys from standard input without blocking longer than asked."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    @contextlib.contextmanager
    def raw(self) -> Iterator[KeyReader]:
        """Within the block, deliver keys as they are typed (no line editing, no echo)."""
        if sys.platform == "win32" or not self.stream.isatty():
            yield self
            return
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield self
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float) -> str:
        """Return the keys typed within ``timeout`` seconds ("" if none)."""
        if sys.platform == "win32" and self.stream.isatty():
            import msvcrt

            deadline = time.monotonic() + timeout
            keys = ""
            while time.monotonic() < deadline:
                while msvcrt.kbhit():
                    keys += msvcrt.getwch()
                if keys:
                    return keys
                time.sleep(0.02)
            return keys
        import select

        ready, _writable, _failed = select.select([self.stream], [], [], timeout)
        if not ready:
            return ""
        data = os.read(self.stream.fileno(), 64).decode(errors="replace")
        return data if data else "q"  # end of input: nobody is left to follow along


def run_terminal(
    routine: Routine,
    *,
    show_safety_notice: bool,
    on_safety_notice_seen: Callable[[], None],
    out: TextIO,
    keys: KeyReader,
    sound: bool = False,
    clock: Callable[[], float] = time.monotonic,
    tick: float = TICK_SECONDS,
) -> Outcome:
    """Play ``routine`` in the terminal, writing to ``out``; return the outcome.

    ``keys`` is polled for ``tick`` seconds between frames.
    """
    language = current_language()
    sequencer = Sequencer(routine)
    typed = ""
    with keys.raw():
        if show_safety_notice:
            out.write(safety_notice().as_text() + "\n\n")
            out.write(_("Press Enter to start, or q to stop.") + "\n")
            out.flush()
            while not typed:
                typed = keys.read(3600)
            # Keys may arrive together (typed ahead, or piped in): act on the first, keep the rest.
            answer, typed = typed[0], typed[1:]
            if answer.lower() == "q":
                now = clock()
                sequencer.start(now)
                sequencer.stop(now)
                return sequencer.outcome()
            on_safety_notice_seen()
        out.write(routine.title.get(language) + "\n")
        out.write(_("Enter: next step   q: stop") + "\n")
        frame = sequencer.start(clock())
        shown = None
        try:
            while frame.status in ("running", "paused"):
                if frame.number != shown:
                    _show_step(frame, language, out, bell=sound and shown is not None)
                    shown = frame.number
                out.write(f"\r  {labels.counter(frame):>7}  {_bar(frame.step_progress)}  ")
                out.flush()
                typed += keys.read(tick)
                key, typed = typed[:1], typed[1:]
                if key.lower() == "q":
                    frame = sequencer.stop(clock())
                elif key in ("\n", "\r"):
                    frame = sequencer.next(clock())
                else:
                    frame = sequencer.tick(clock())
        except KeyboardInterrupt:
            sequencer.stop(clock())
    outcome = sequencer.outcome()
    out.write("\n\n" + (_("Thank you!") + " " if outcome.status == "completed" else ""))
    out.write(labels.summary(outcome) + "\n")
    out.flush()
    return outcome


def _show_step(frame: Frame, language: str, out: TextIO, bell: bool) -> None:
    step = frame.step
    lines = [
        "",
        "",
        f"{labels.step_of(frame)}: {labels.step_name(frame)}",
        *(f"  {cue.get(language)}" for cue in step.cues),
    ]
    if step.caution:
        lines.append(f"  ! {step.caution.get(language)}")
    out.write(("\a" if bell else "") + "\n".join(lines) + "\n")


def _bar(fraction: float, width: int = 30) -> str:
    filled = round(fraction * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"
