"""The tray menu in the installed language: Dutch and English."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from factories import reminder, settings

from ergo.core.engine import handle
from ergo.core.events import Pause, Tick
from ergo.core.model import Text
from ergo.core.state import EngineState
from ergo.i18n import install
from ergo.ports import MenuItem
from ergo.runtime.menu import Command, build_view

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY_TEN = datetime(2024, 6, 3, 10, 0, tzinfo=AMSTERDAM)


def dutch_office():
    walk = replace(reminder("walk", 60), title=Text.of({"en": "Walk", "nl": "Loop een rondje"}))
    return replace(settings(reminders=(walk,)), language="nl")


def labels(items: tuple[MenuItem, ...]) -> list[str]:
    return [item.label for item in items if item.label]


def view_after(config, *events):
    state = EngineState()
    outcome = None
    for event in events or (Tick(),):
        outcome = handle(config, state, event, MONDAY_TEN)
        state = outcome.state
    return outcome.view


def test_the_menu_is_built_in_dutch_with_the_reminder_titles_from_the_config():
    install("nl")
    config = dutch_office()
    tray = build_view(view_after(config), config, history=("Vandaag: 2 van 3 gedaan",))
    assert labels(tray.menu) == [
        "Volgende herinnering: Loop een rondje om 11:00", "Vandaag: 2 van 3 gedaan",
        "Uitstellen (vandaag nog 6)", "Pauzeren", "Herinneringen", "Instellingen…",
        "Instellingenbestand openen", "Instellingen opnieuw laden", "Over ergo en veiligheid",
        "Afsluiten",
    ]
    assert tray.tooltip == "ergo: Volgende herinnering: Loop een rondje om 11:00"
    pause = next(item for item in tray.menu if item.label == "Pauzeren")
    assert labels(pause.submenu)[-2:] == ["Tot de volgende werkdag", "Tot ik hervat"]
    reminders = next(item for item in tray.menu if item.label == "Herinneringen")
    assert labels(reminders.submenu) == ["Loop een rondje"]


def test_the_engines_reason_for_refusing_a_snooze_is_shown_in_dutch():
    install("nl")
    config = dutch_office()
    tray = build_view(view_after(config, Pause(None)), config)
    assert labels(tray.menu)[:3] == [
        "Gepauzeerd tot je hervat",
        "Uitstellen (de herinneringen zijn gepauzeerd; hervat ze eerst)",
        "Hervatten",
    ]
    assert not tray.menu[2].enabled


def test_the_same_view_reads_in_english_once_english_is_installed():
    config = replace(dutch_office(), language="en")
    tray = build_view(view_after(config, Pause(None)), config)
    assert labels(tray.menu)[:3] == [
        "Paused until you resume",
        "Snooze (reminders are paused; resume them first)",
        "Resume",
    ]
    assert tray.menu[-2] == MenuItem("About and safety", Command("about"))
