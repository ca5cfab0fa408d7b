"""The terminal player, fed keys through a real pipe and driven by a simulated clock."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest

from ergo.core.model import Routine, Step, Text
from ergo.i18n import install
from ergo.player.terminal import KeyReader, run_terminal

ROUTINE = Routine(
    id="test",
    title=Text.of({"en": "Back", "nl": "Rug"}),
    steps=tuple(
        Step(id=f"s{n}", name=Text.of({"en": f"Exercise {n}", "nl": f"Oefening {n}"}),
             cues=(Text.of({"en": "Breathe", "nl": "Adem"}),), duration=timedelta(seconds=2),
             caution=Text.of({"en": "Careful", "nl": "Voorzichtig"}))
        for n in (1, 2, 3)
    ),
)


class SimulatedClock:
    """Moves on half a second each time it is read."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        self.now += 0.5
        return self.now


@pytest.fixture
def pipe():
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "r") as reader, os.fdopen(write_fd, "w") as writer:
        yield reader, writer


def play(reader, language="en", notice=False, seen=None):
    out = io.StringIO()
    install(language)
    outcome = run_terminal(
        ROUTINE,
        show_safety_notice=notice,
        on_safety_notice_seen=lambda: seen.append(True) if seen is not None else None,
        out=out, keys=KeyReader(reader), clock=SimulatedClock(), tick=0.001,
    )
    return outcome, out.getvalue()


def test_it_plays_every_step_to_the_end(pipe):
    reader, _writer = pipe
    outcome, text = play(reader)
    assert (outcome.status, outcome.step) == ("completed", 3)
    assert outcome.seconds == 6
    for n in (1, 2, 3):
        assert f"Step {n} of 3: Exercise {n}" in text
    assert "! Careful" in text
    assert text.rstrip().endswith("Well done: routine finished in 6 seconds.")


def test_enter_goes_to_the_next_step_and_end_of_input_stops(pipe):
    reader, writer = pipe
    writer.write("\n")
    writer.close()
    outcome, text = play(reader)
    assert (outcome.status, outcome.step) == ("stopped", 2)
    assert "Stopped at step 2 of 3" in text


def test_q_stops_the_routine(pipe):
    reader, writer = pipe
    writer.write("q")
    writer.flush()
    outcome, _ = play(reader)
    assert (outcome.status, outcome.step) == ("stopped", 1)


def test_it_speaks_dutch(pipe):
    reader, _writer = pipe
    _, text = play(reader, language="nl")
    assert "Stap 2 van 3: Oefening 2" in text
    assert "Goed gedaan" in text


def test_the_safety_notice_comes_first_and_is_remembered_once_accepted(pipe):
    reader, writer = pipe
    writer.write("\n")
    writer.flush()
    seen: list[bool] = []
    outcome, text = play(reader, notice=True, seen=seen)
    assert text.startswith("Safety")
    assert text.index("not medical advice") < text.index("Step 1 of 3")
    assert seen == [True]
    assert outcome.status == "completed"


def test_declining_the_safety_notice_stops_before_the_first_step(pipe):
    reader, writer = pipe
    writer.write("q")
    writer.flush()
    seen: list[bool] = []
    outcome, text = play(reader, notice=True, seen=seen)
    assert (outcome.status, outcome.step, outcome.seconds) == ("stopped", 1, 0)
    assert seen == []
    assert "Step 1 of 3" not in text


def test_keys_arriving_together_are_taken_one_at_a_time(pipe):
    reader, writer = pipe
    writer.write("\n\nq")
    writer.flush()
    seen: list[bool] = []
    outcome, _ = play(reader, notice=True, seen=seen)
    assert seen == [True]
    assert (outcome.status, outcome.step) == ("stopped", 2)
