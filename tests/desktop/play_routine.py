"""Plays a short routine built in Python in the player window and prints the outcome line.

Run as a child process by the desktop tests: ``python play_routine.py LANGUAGE STATE_DIR``.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from ergo.core.model import Routine, Step, Text
from ergo.i18n import install
from ergo.player import outcome_json, play

ROUTINE = Routine(
    id="desk-test",
    title=Text.of({"en": "Lower-back stretches", "nl": "Rugoefeningen"}),
    steps=(
        Step(
            id="pelvic-tilt",
            name=Text.of({"en": "Seated pelvic tilt", "nl": "Bekken kantelen (zittend)"}),
            cues=(
                Text.of({"en": "Sit near the front of your chair, feet flat.",
                         "nl": "Ga vooraan op je stoel zitten, met je voeten plat op de vloer."}),
                Text.of({"en": "Roll your pelvis back so your lower back rounds a little.",
                         "nl": "Kantel je bekken naar achteren, zodat je onderrug iets bol "
                               "wordt."}),
                Text.of({"en": "Then roll it forward into a small hollow.",
                         "nl": "Kantel het dan naar voren, zodat je onderrug iets hol wordt."}),
            ),
            reps=8,
            pace=timedelta(seconds=4),
            illustration="pelvic-tilt",
            caution=Text.of({"en": "Keep the movement small if you have osteoporosis.",
                             "nl": "Houd de beweging klein als je botontkalking hebt."}),
        ),
        Step(
            id="twist-left",
            name=Text.of({"en": "Seated twist", "nl": "Romp draaien (zittend)"}),
            cues=(Text.of({"en": "Turn your upper body to the left.",
                           "nl": "Draai je bovenlichaam naar links."}),),
            duration=timedelta(seconds=int(sys.argv[3]) if len(sys.argv) > 3 else 20),
            side="left",
            illustration="seated-twist",
        ),
        Step(
            id="back-extension",
            name=Text.of({"en": "Standing back bend", "nl": "Rug strekken (staand)"}),
            cues=(Text.of({"en": "Lean back gently.", "nl": "Buig rustig achterover."}),),
            duration=timedelta(seconds=2),
            illustration="back-extension",
        ),
    ),
)

install(sys.argv[1])
play(ROUTINE, state_dir=Path(sys.argv[2]),
     on_end=lambda outcome: print(outcome_json(outcome), flush=True))
