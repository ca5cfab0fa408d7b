"""The support trail: a simulated working day through the dispatcher leaves one short
``ergo.trail`` line per engine decision, and no titles, messages or window names.

Run with ``-s`` to see the day's trail (it is printed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest

from ergo.core import events as ev
from ergo.runtime.helpers import PromptAnswer
from tests.integration.test_dispatcher import AMS, CONFIG, MONDAY, Rig, at

PRIVATE = "Board meeting about Alice"


@pytest.fixture
def day_trail(tmp_path, caplog) -> list[str]:
    """Run Monday 08:00-18:00, answering each prompt in turn; return the trail, each
    line after the simulated time it was logged at."""
    rig = Rig(tmp_path, config=CONFIG.replace("max_per_day: 20", "max_per_day: 1"))
    answers = iter(["done", "snooze", "skipped", "not_shown", "ignored"] * 20)
    handled = 0
    scheduled = [
        (at(MONDAY, 11), ev.InterruptionStarted("meeting", PRIVATE)),
        (at(MONDAY, 11, 40), ev.InterruptionEnded("meeting")),
        (at(MONDAY, 12, 30), ev.BreakStarted("idle")),
        (at(MONDAY, 13, 10), ev.BreakEnded("idle")),
        (at(MONDAY, 14, 0), ControlStep("snooze", {"duration": "10m"})),
        (at(MONDAY, 14, 1), ControlStep("pause", {"for": "9000h"})),
        (at(MONDAY, 15, 0), ev.Pause(timedelta(minutes=30))),
        (at(MONDAY, 16, 0), ev.WallClockJump(at(MONDAY, 16, 0), at(MONDAY, 16, 20))),
        (at(MONDAY, 16, 30), ControlStep("reload", {})),
        (at(MONDAY, 18), None),
    ]
    trail: list[str] = []

    def step(item: object) -> None:
        caplog.clear()
        if isinstance(item, ControlStep):
            rig.control(item.cmd, **item.args)
        else:
            rig.send(item)
        trail.extend(f"{rig.clock.now():%H:%M} {record.getMessage()}"
                     for record in caplog.records if record.name == "ergo.trail")

    with caplog.at_level(logging.INFO, logger="ergo.trail"):
        for when, item in scheduled:
            while rig.armed[-1] is not None and rig.armed[-1] < when:
                rig.clock.move_to(max(rig.armed[-1].astimezone(AMS), rig.clock.now()))
                step(ev.Tick())
                for firing, _spec, _routine in rig.helpers.prompts[handled:]:
                    handled += 1
                    answer = next(answers)
                    # A prompt that fails while the notification server is away, too.
                    rig.notifier.gone = answer == "not_shown"
                    step(PromptAnswer(firing.reminder_ids, answer,
                                      "10m" if answer == "snooze" else None))
                    rig.notifier.gone = False
                for ids, _after in rig.helpers.expiring:
                    step(PromptAnswer(ids, "ignored"))
                rig.helpers.expiring.clear()
            rig.clock.move_to(when)
            if item is not None:
                step(item)
    rig.recorder.close()
    print("\n".join(trail))
    return trail


@dataclass(frozen=True)
class ControlStep:
    cmd: str
    args: dict


def test_every_decision_of_the_day_has_its_line(day_trail: list[str]):
    day_trail = [line.split(" ", 1)[1] for line in day_trail]
    starts = [line.split(" ")[0] for line in day_trail]
    for kind in ("fired", "held", "answered", "paused", "break", "clock", "interruption",
                 "snooze", "pause", "config", "notifications"):
        assert kind in starts, kind
    assert any(line.endswith(": done") for line in day_trail)
    assert any(line.endswith(": not shown") for line in day_trail)
    # Each outage of the notification server: one line when it goes, one when it is back.
    outages = [line for line in day_trail if line.startswith("notifications ")]
    assert outages and len(outages) % 2 == 0
    assert all(line.startswith("notifications down: the test took the service away")
               for line in outages[::2])
    assert set(outages[1::2]) == {"notifications back: recording"}
    assert any(line.startswith("held ") and line.endswith(": meeting") for line in day_trail)
    assert any(line.startswith("snooze refused all: ") for line in day_trail)
    assert any(line.startswith("pause refused: a pause may last at most a year")
               for line in day_trail)
    assert any(line.startswith("break ended (idle) after 40m") for line in day_trail)
    assert any(line.startswith("clock jump 2025-03-03T16:00+01:00 -> 2025-03-03T16:20+01:00 "
                               "(+20m)") for line in day_trail)


def test_the_trail_carries_no_titles_messages_or_window_names(day_trail: list[str]):
    day_trail = [line.split(" ", 1)[1] for line in day_trail]
    text = "\n".join(day_trail)
    for private in (PRIVATE, "Time to move", "Change position"):
        assert private not in text
    assert all(len(line) < 160 for line in day_trail if not line.startswith("config"))
