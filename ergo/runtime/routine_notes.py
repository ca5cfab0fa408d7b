"""A stretch routine played as notifications, one per step, where no window can open.

On a Wayland session without Xwayland the stretch player cannot show. The
dispatcher then plays the routine through :class:`NotifiedRoutine`: each step
becomes one notification (the step's name as the title, its cues as the body),
and the pure :class:`~ergo.core.routine.Sequencer` says when the next one is
due. Nothing polls: after each step the dispatcher asks its helpers for a
one-off timer that puts :class:`StepDue` on its queue when the step's time is
up.

Only the dispatcher thread uses a :class:`NotifiedRoutine`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ergo.core.model import Routine
from ergo.core.routine import Frame, Outcome, Sequencer
from ergo.i18n import current_language
from ergo.player import labels


@dataclass(frozen=True)
class StepDue:
    """The step on show in routine run ``run`` may be over (put by the step timer)."""

    run: int


@dataclass(frozen=True)
class StepNote:
    """The notification for one step."""

    title: str
    body: str


class NotifiedRoutine:
    """One run of ``routine`` as notifications; ``run`` tells its timers from another run's.

    Every method takes ``now`` in monotonic seconds and returns, while the routine
    goes on, the notification to show (None when the step is still the same: the
    timer came early) and the seconds until the next look.
    """

    def __init__(self, routine: Routine, run: int) -> None:
        self.routine = routine
        self.run = run
        self._sequencer = Sequencer(routine)
        self._shown = 0

    def start(self, now: float) -> tuple[StepNote | None, float]:
        """Start the routine: the first step's notification."""
        return self._next(self._sequencer.start(now))

    def due(self, now: float) -> tuple[StepNote | None, float] | Outcome:
        """The timer fired: the next step's notification, or the outcome once it is over."""
        frame = self._sequencer.tick(now)
        if frame.status == "completed":
            return self._sequencer.outcome()
        return self._next(frame)

    def _next(self, frame: Frame) -> tuple[StepNote | None, float]:
        if frame.number == self._shown:
            return None, frame.seconds_left
        self._shown = frame.number
        language = current_language()
        step = frame.step
        lines = [labels.step_of(frame), *(cue.get(language) for cue in step.cues)]
        if step.caution:
            lines.append(f"⚠ {step.caution.get(language)}")
        return StepNote(labels.step_name(frame), "\n".join(lines)), frame.seconds_left


def end_note(routine: Routine, outcome: Outcome) -> StepNote:
    """The notification that the routine is over: its title, and how it went."""
    return StepNote(routine.title.get(current_language()), labels.summary(outcome))
