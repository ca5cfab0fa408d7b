"""The player parts that need no display: figures, texts, first-run notice, safety text."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources

import yaml

from ergo.core.model import Step, Text
from ergo.core.routine import Frame, Outcome
from ergo.i18n import install
from ergo.player import labels, outcome_json
from ergo.player.figures import FIGURES, figure
from ergo.player.notice import remember_safety_notice_seen, safety_notice_seen
from ergo.region import install_region
from ergo.safety import safety_notice


def frame_for(step: Step, **changes) -> Frame:
    values = dict(status="running", step=step, number=2, count=5, seconds_left=25.2, rep=None,
                  step_progress=0.2, progress=0.3, elapsed=40.0)
    values.update(changes)
    return Frame(**values)


TWIST = Step(id="twist-right", name=Text.of({"en": "Seated twist", "nl": "Romp draaien"}),
             cues=(), duration=timedelta(seconds=30), side="right")
TILT = Step(id="tilt", name=Text.plain("Tilt"), cues=(), reps=8, pace=timedelta(seconds=4))


def test_every_built_in_exercise_has_a_figure():
    data = yaml.safe_load(resources.files("ergo.config").joinpath("routines.yaml").read_text())
    names = {s["illustration"] for r in data["routines"].values() for s in r["steps"]}
    assert names <= set(FIGURES)


def test_figures_stay_inside_their_box_and_have_a_body_and_a_movement_arrow():
    for name, shapes in FIGURES.items():
        kinds = {shape.kind for shape in shapes}
        assert {"body", "head", "arrow"} <= kinds, name
        for shape in shapes:
            assert all(0 <= c <= 100 for point in shape.points for c in point), name


def test_the_right_side_is_drawn_as_the_mirror_image_of_the_left():
    left, right = figure("seated-twist", "left"), figure("seated-twist", "right")
    assert [s.points for s in right] == [tuple((100 - x, y) for x, y in s.points) for s in left]
    assert figure("no-such-figure", None) == ()


def test_the_counter_shows_repetitions_or_minutes_and_seconds():
    assert labels.counter(frame_for(TILT, rep=3)) == "3 / 8"
    assert labels.counter(frame_for(TWIST, seconds_left=65.4)) == "1:05"


def test_step_texts_name_the_side_and_the_position_in_the_language_asked():
    frame = frame_for(TWIST)
    assert labels.step_name(frame) == "Seated twist, right side"
    install("nl")
    assert labels.step_name(frame) == "Romp draaien, naar rechts"
    assert labels.step_of(frame) == "Stap 2 van 5"
    assert labels.counter_caption(frame_for(TILT, status="paused", rep=1)) == "Gepauzeerd"


def test_time_spent_is_written_with_the_right_plurals():
    assert labels.time_spent(146.4) == "2 minutes 26 seconds"
    assert labels.time_spent(0.2) == "0 seconds"
    install("nl")
    assert labels.time_spent(61) == "1 minuut 1 seconde"
    assert labels.time_spent(120) == "2 minuten"


def test_the_summary_says_how_the_routine_ended():
    done = Outcome("lumbar-short", "completed", step=6, steps=6, seconds=146)
    stopped = Outcome("lumbar-short", "stopped", step=2, steps=6, seconds=41)
    assert labels.summary(done) == "Well done: routine finished in 2 minutes 26 seconds."
    install("nl")
    assert labels.summary(stopped) == "Gestopt bij stap 2 van 6 na 41 seconden."


def test_the_outcome_line_is_json_the_daemon_can_read():
    line = outcome_json(Outcome("lumbar-micro", "stopped", step=2, steps=2, seconds=30.04))
    assert "\n" not in line
    assert json.loads(line) == {"routine": "lumbar-micro", "status": "stopped", "step": 2,
                                "steps": 2, "seconds": 30.0}


def test_the_safety_notice_is_remembered_once_seen(tmp_path):
    state = tmp_path / "state" / "ergo"
    assert not safety_notice_seen(state)
    remember_safety_notice_seen(state)
    assert safety_notice_seen(state)


def test_the_safety_notice_lists_when_to_stop_and_when_to_get_help_in_dutch():
    install_region("NL")
    english = safety_notice()
    install("nl")
    dutch = safety_notice()
    install_region("")
    assert "not medical advice" in english.intro[0]
    assert "geen medisch advies" in dutch.intro[0]
    assert "huisarts" in dutch.urgent_heading
    assert len(dutch.urgent) == 4 and len(dutch.soon) == 7
    assert all(nl != en for nl, en in zip(dutch.soon, english.soon, strict=True))
    text = dutch.as_text()
    assert dutch.stop in text and all(f"  - {item}" in text for item in dutch.urgent)
