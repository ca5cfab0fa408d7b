"""The guided-stretch sequencer: which step is on, how long it has left, how far along we are.

Pure and clock-free: every method takes ``now`` in monotonic seconds (any
steadily increasing float the caller reads from its own clock), so a test can
play a whole routine in microseconds. The player window and the terminal
player are thin shells that call :meth:`Sequencer.tick` a few times a second
and draw the :class:`Frame` it returns.

Time spent while paused is not counted: steps resume where they were, and the
outcome reports active seconds only. A routine that reached its end counts as
``completed`` only when more than half of its length was spent on its steps;
one skipped through faster is ``skipped``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ergo.core.model import Routine, Step

Status = Literal["ready", "running", "paused", "completed", "stopped"]


@dataclass(frozen=True)
class Outcome:
    """How a routine ended.

    ``step`` is the 1-based number of the step that was on when the user
    stopped (the last step's number when completed or skipped); ``seconds`` the
    active time from start to end, pauses excluded.
    """

    routine: str
    status: Literal["completed", "stopped", "skipped"]
    step: int
    steps: int
    seconds: float


@dataclass(frozen=True)
class Frame:
    """A snapshot of the routine at one moment, everything a player draws.

    ``number`` is 1-based ("step ``number`` of ``count``"). ``rep`` is the
    repetition under way (1-based) for a counted step and ``None`` for a timed
    one. ``step_progress`` and ``progress`` run from 0 to 1 within the step and
    over the whole routine.
    """

    status: Status
    step: Step
    number: int
    count: int
    seconds_left: float
    rep: int | None
    step_progress: float
    progress: float
    elapsed: float


class Sequencer:
    """Plays one routine; one instance per run, owned by a single thread."""

    def __init__(self, routine: Routine) -> None:
        if not routine.steps:
            raise ValueError(f"routine {routine.id!r} has no steps")
        self.routine = routine
        self._lengths = [step.length.total_seconds() for step in routine.steps]
        self._total = sum(self._lengths)
        self._status: Status = "ready"
        self._index = 0
        self._started_at = 0.0
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._step_offset = 0.0  # active seconds at which the current step began
        self._ended_active: float | None = None

    @property
    def status(self) -> Status:
        return self._status

    def start(self, now: float) -> Frame:
        """Given the current time, start the first step and return the first frame."""
        if self._status != "ready":
            raise RuntimeError("the routine has already been started")
        self._status = "running"
        self._started_at = now
        return self.tick(now)

    def tick(self, now: float) -> Frame:
        """Given the current time, move past every step whose time is up and return the frame."""
        self._advance(now)
        return self._frame(now)

    def pause(self, now: float) -> Frame:
        """Given the current time, freeze the running step (no-op unless running)."""
        self._advance(now)
        if self._status == "running":
            self._status = "paused"
            self._paused_at = now
        return self._frame(now)

    def resume(self, now: float) -> Frame:
        """Given the current time, carry on from where :meth:`pause` froze the step."""
        if self._status == "paused":
            assert self._paused_at is not None
            self._paused_total += now - self._paused_at
            self._paused_at = None
            self._status = "running"
        return self.tick(now)

    def toggle_pause(self, now: float) -> Frame:
        """Given the current time, pause when running and resume when paused."""
        return self.resume(now) if self._status == "paused" else self.pause(now)

    def next(self, now: float) -> Frame:
        """Given the current time, skip the rest of the step; after the last one, complete.

        A paused routine stays paused on the new step.
        """
        self._advance(now)
        if self._status in ("running", "paused"):
            if self._index + 1 < len(self._lengths):
                self._index += 1
                self._step_offset = self._active(now)
            else:
                self._finish("completed", now)
        return self._frame(now)

    def stop(self, now: float) -> Frame:
        """Given the current time, end the routine at the current step."""
        self._advance(now)
        if self._status in ("running", "paused"):
            self._finish("stopped", now)
        return self._frame(now)

    def outcome(self) -> Outcome:
        """Return how the routine ended; raise RuntimeError while it is still going."""
        if self._status not in ("completed", "stopped") or self._ended_active is None:
            raise RuntimeError("the routine has not ended yet")
        status: Literal["completed", "stopped", "skipped"] = self._status
        if status == "completed" and self._ended_active * 2 <= self._total:
            status = "skipped"
        return Outcome(
            routine=self.routine.id,
            status=status,
            step=self._index + 1,
            steps=len(self._lengths),
            seconds=self._ended_active,
        )

    def _active(self, now: float) -> float:
        if self._ended_active is not None:
            return self._ended_active
        if self._status == "ready":
            return 0.0
        frozen = now - self._paused_at if self._paused_at is not None else 0.0
        return now - self._started_at - self._paused_total - frozen

    def _advance(self, now: float) -> None:
        if self._status != "running":
            return
        active = self._active(now)
        while active - self._step_offset >= self._lengths[self._index]:
            if self._index + 1 == len(self._lengths):
                # End exactly when the last step ran out, however late the tick came.
                self._finish("completed", now, self._step_offset + self._lengths[self._index])
                return
            self._step_offset += self._lengths[self._index]
            self._index += 1

    def _finish(self, status: Literal["completed", "stopped"], now: float,
                active: float | None = None) -> None:
        self._ended_active = self._active(now) if active is None else active
        self._status = status
        self._paused_at = None

    def _frame(self, now: float) -> Frame:
        step = self.routine.steps[self._index]
        length = self._lengths[self._index]
        active = self._active(now)
        if self._status == "completed":
            in_step = length
        else:
            in_step = min(max(active - self._step_offset, 0.0), length)
        rep = None
        if step.reps is not None and step.pace is not None:
            pace = step.pace.total_seconds()
            rep = min(step.reps, math.floor(in_step / pace) + 1)
        done_before = sum(self._lengths[: self._index])
        return Frame(
            status=self._status,
            step=step,
            number=self._index + 1,
            count=len(self._lengths),
            seconds_left=length - in_step,
            rep=rep,
            step_progress=in_step / length if length else 1.0,
            progress=(done_before + in_step) / self._total if self._total else 1.0,
            elapsed=active,
        )
