"""A routine played as notifications: one per step, timed by the sequencer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from ergo.core.model import Routine, Step, Text
from ergo.core.routine import Outcome
from ergo.i18n import install
from ergo.runtime.routine_notes import NotifiedRoutine, StepNote, end_note

ROUTINE = Routine(
    id="back",
    title=Text.of({"en": "Back", "nl": "Rug"}),
    steps=(
        Step(id="tilt", name=Text.of({"en": "Tilt", "nl": "Kantelen"}),
             cues=(Text.of({"en": "Sit tall.", "nl": "Zit rechtop."}),
                   Text.of({"en": "Roll back.", "nl": "Rol terug."})),
             reps=4, pace=timedelta(seconds=5),
             caution=Text.of({"en": "Keep it small.", "nl": "Houd het klein."})),
        Step(id="twist", name=Text.of({"en": "Twist", "nl": "Draaien"}), side="left",
             cues=(Text.of({"en": "Turn left.", "nl": "Draai naar links."}),),
             duration=timedelta(seconds=30)),
    ),
)


@pytest.fixture
def english() -> Iterator[None]:
    install("en")
    yield
    install("en")


def test_each_step_is_one_notification_with_its_name_and_cues(english):
    notes = NotifiedRoutine(ROUTINE, run=1)
    note, wait = notes.start(100.0)
    assert note == StepNote("Tilt", "Step 1 of 2\nSit tall.\nRoll back.\n⚠ Keep it small.")
    assert wait == 20.0
    note, wait = notes.due(120.0)  # type: ignore[misc]
    assert note == StepNote("Twist, left side", "Step 2 of 2\nTurn left.")
    assert wait == 30.0


def test_a_timer_that_fires_early_shows_nothing_and_waits_for_the_rest(english):
    notes = NotifiedRoutine(ROUTINE, run=1)
    notes.start(100.0)
    assert notes.due(119.5) == (None, 0.5)
    note, wait = notes.due(120.25)  # type: ignore[misc]
    assert note is not None and note.title == "Twist, left side"
    assert wait == pytest.approx(29.75)


def test_after_the_last_step_the_outcome_is_a_completed_routine(english):
    notes = NotifiedRoutine(ROUTINE, run=1)
    notes.start(100.0)
    notes.due(120.0)
    outcome = notes.due(155.0)  # late: the routine still took its 50 s
    assert outcome == Outcome("back", "completed", 2, 2, 50.0)
    assert end_note(ROUTINE, outcome) == StepNote(
        "Back", "Well done: routine finished in 50 seconds.")


def test_the_notifications_are_in_the_installed_language():
    try:
        install("nl")
        notes = NotifiedRoutine(ROUTINE, run=1)
        note, _ = notes.start(0.0)
        assert note is not None and note.title == "Kantelen"
        assert note.body.startswith("Stap 1 van 2\nZit rechtop.")
        note, _ = notes.due(20.0)  # type: ignore[misc]
        assert note is not None and note.title == "Draaien, naar links"
    finally:
        install("en")
