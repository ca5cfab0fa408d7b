"""A simulated clock driving the engine: ticks at every ``next_wake``, events at chosen times."""

from __future__ import annotations

from datetime import datetime

from ergo.core.engine import Firing, Outcome, handle
from ergo.core.events import ConfigReloaded, Done, Event, Tick, WallClockJump
from ergo.core.model import Settings
from ergo.core.state import EngineState


class Desk:
    """Feeds the engine as the dispatcher would; with ``answer`` the user does each reminder.

    ``fired`` lists every notification; ``outcomes`` every outcome in order.
    """

    def __init__(self, settings: Settings, start: datetime, answer: bool = True) -> None:
        self.settings = settings
        self.answer = answer
        self.now = start
        self.fired: list[Firing] = []
        self.outcomes: list[Outcome] = []
        self.outcome = self._handle(EngineState(), Tick(), start)

    @property
    def state(self) -> EngineState:
        return self.outcome.state

    def run_until(self, end: datetime) -> None:
        """Tick at every wake-up before ``end``, then stand at ``end``."""
        while self.outcome.next_wake is not None and self.outcome.next_wake < end:
            self.now = self.outcome.next_wake
            self.outcome = self._handle(self.state, Tick(), self.now)
        self.now = max(self.now, end)

    def send(self, event: Event, at: datetime | None = None) -> Outcome:
        """Run the clock to ``at`` (default: now), then hand over ``event``; return its outcome.

        A wall-clock jump arrives with no ticks before it, and may move the clock back.
        """
        if isinstance(event, WallClockJump):
            self.now = at or self.now
        else:
            self.run_until(at or self.now)
        event_outcome = handle(self.settings, self.state, event, self.now)
        if isinstance(event, ConfigReloaded):
            self.settings = event.settings
        self.outcome = self._answered(event_outcome)
        return event_outcome

    def _handle(self, state: EngineState, event: Event, now: datetime) -> Outcome:
        return self._answered(handle(self.settings, state, event, now))

    def _answered(self, outcome: Outcome) -> Outcome:
        assert outcome.next_wake is None or outcome.next_wake > self.now, "wake in the future"
        self.outcomes.append(outcome)
        for firing in outcome.notify:
            self.fired.append(firing)
            if self.answer:
                outcome = handle(self.settings, outcome.state, Done(firing.reminder_ids), self.now)
                self.outcomes.append(outcome)
        return outcome

    def times(self, reminder_id: str | None = None, since: datetime | None = None) -> list[str]:
        """Return the local HH:MM of each notification (showing ``reminder_id`` if given)."""
        return [
            f"{f.at:%H:%M}"
            for f in self.fired
            if (reminder_id is None or reminder_id in f.reminder_ids)
            and (since is None or f.at >= since)
        ]
