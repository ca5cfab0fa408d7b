"""The built-in routines in ergo/config/routines.yaml: translated in every catalog, right length."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources

import pytest
import yaml

from ergo.core.durations import parse_duration
from ergo.i18n import LOCALE_DIR, SOURCE_LANGUAGE, available_languages, translator

DATA = yaml.safe_load(resources.files("ergo.config").joinpath("routines.yaml").read_text("utf-8"))
DEFAULTS = yaml.safe_load(
    resources.files("ergo.config").joinpath("defaults.yaml").read_text("utf-8"))
LANGUAGES = [code for code in available_languages(LOCALE_DIR) if code != SOURCE_LANGUAGE]
ROUTINES = DATA["routines"]
STEPS = [(rid, step) for rid, routine in ROUTINES.items() for step in routine["steps"]]
STEP_IDS = [f"{rid}/{step['id']}" for rid, step in STEPS]


def step_length(step: dict) -> timedelta:
    if "duration" in step:
        return parse_duration(step["duration"])
    return parse_duration(step["pace"]) * step["reps"]


def assert_translated(text: object, where: str) -> None:
    assert isinstance(text, str) and text.strip(), f"{where} must be an English text"
    for language in LANGUAGES:
        assert translator(language, LOCALE_DIR).gettext(text) != text, (
            f"{where} has no {language!r} translation in its catalog"
        )


def test_the_file_holds_only_routines_so_it_merges_into_the_built_in_layer():
    assert list(DATA) == ["routines"]


@pytest.mark.parametrize(
    ("routine_id", "shortest", "longest"),
    [("lumbar-short", 90, 150), ("lumbar-micro", 35, 60)],
)
def test_each_built_in_routine_lasts_as_long_as_promised(routine_id, shortest, longest):
    total = sum((step_length(s) for s in ROUTINES[routine_id]["steps"]), timedelta())
    assert shortest <= total.total_seconds() <= longest


def test_the_short_routine_has_four_to_six_exercises():
    exercises = {step["illustration"] for step in ROUTINES["lumbar-short"]["steps"]}
    assert 4 <= len(exercises) <= 6


@pytest.mark.parametrize("routine_id", list(ROUTINES))
def test_each_routine_has_a_title_and_unique_step_ids(routine_id):
    routine = ROUTINES[routine_id]
    assert_translated(routine["title"], f"{routine_id}.title")
    ids = [step["id"] for step in routine["steps"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("routine_id", "step"), STEPS, ids=STEP_IDS)
def test_every_step_has_a_name_cues_and_a_caution_in_every_language(routine_id, step):
    where = f"{routine_id}.{step['id']}"
    assert_translated(step["name"], f"{where}.name")
    assert_translated(step["caution"], f"{where}.caution")
    assert step["cues"], f"{where} has no cues"
    for number, cue in enumerate(step["cues"], 1):
        assert_translated(cue, f"{where}.cues[{number}]")
        assert len(cue) <= 70, f"{where}.cues[{number}] is too long for one line"


@pytest.mark.parametrize(("routine_id", "step"), STEPS, ids=STEP_IDS)
def test_every_step_is_either_timed_or_counted_at_a_pace(routine_id, step):
    timed = "duration" in step
    counted = "reps" in step and "pace" in step
    assert timed != counted
    assert step_length(step) > timedelta()
    assert step.get("side") in (None, "left", "right")


@pytest.mark.parametrize("reminder_id", list(DEFAULTS["reminders"]))
def test_every_built_in_reminder_is_translated_in_every_catalog(reminder_id):
    reminder = DEFAULTS["reminders"][reminder_id]
    assert_translated(reminder["title"], f"{reminder_id}.title")
    assert_translated(reminder["message"], f"{reminder_id}.message")


def test_the_reminder_that_offers_the_routine_states_its_real_length():
    reminder = next(r for r in DEFAULTS["reminders"].values() if r.get("routine"))
    total = sum((step_length(s) for s in ROUTINES[reminder["routine"]]["steps"]), timedelta())
    stated = {"(2½ minutes)": 150}
    claim = next(seconds for words, seconds in stated.items() if words in reminder["message"])
    assert abs(total.total_seconds() - claim) <= 15
