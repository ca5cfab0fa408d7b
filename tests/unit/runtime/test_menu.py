"""The tray menu built from the engine's view (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ergo.core.engine import handle
from ergo.core.events import Done, Pause, Resume, Snooze, Tick, Trigger
from ergo.core.state import EngineState
from ergo.runtime.menu import Command, build_view
from tests.factories import reminder, settings

AMS = ZoneInfo("Europe/Amsterdam")
NOON = datetime(2024, 6, 3, 12, 0, tzinfo=AMS)


def view_after(*events, cfg=None):
    cfg = cfg or settings(reminders=(reminder("walk", 60), reminder("sit-upright", 30, "posture")))
    state = EngineState()
    outcome = handle(cfg, state, Tick(), NOON)
    for event in events:
        outcome = handle(cfg, outcome.state, event, NOON)
    return build_view(outcome.view, cfg), cfg


def labels(items):
    return [item.label for item in items if not item.separator]


def test_an_active_day_offers_snooze_pause_stretch_and_the_reminder_switches():
    view, _cfg = view_after()
    assert view.status == "active"
    assert labels(view.menu)[0] == "Next reminder: Sit upright at 12:30"
    pause = next(i for i in view.menu if i.label == "Pause")
    assert [i.action for i in pause.submenu][-2:] == [Pause("next_working_day"), Pause(None)]
    switches = next(i for i in view.menu if i.label == "Reminders").submenu
    assert [(i.label, i.checked, i.action) for i in switches] == [
        ("Walk", True, Command("toggle", "walk")),
        ("Sit upright", True, Command("toggle", "sit-upright")),
    ]
    assert labels(view.menu)[-4:] == [
        "Open config file", "Reload config", "About and safety", "Quit"
    ]


def test_a_due_reminder_makes_opening_its_prompt_the_default_action_never_done():
    view, _cfg = view_after(Trigger("walk"))
    assert view.status == "due"
    default = next(i for i in view.menu if i.default)
    assert default.label == "Show reminder: Walk" and default.action == Command("prompt")
    done = next(i for i in view.menu if i.action == Done(("walk",)))
    assert done.label == "Done: Walk" and not done.default


def test_with_nothing_due_there_is_no_default_action_so_a_left_click_opens_the_menu():
    view, _cfg = view_after(Tick())
    assert not any(i.default for i in view.menu)


def test_while_paused_the_menu_offers_resume_instead_of_pause():
    view, _cfg = view_after(Pause(None))
    assert view.status == "paused"
    assert "Paused until you resume" in labels(view.menu)
    assert any(i.action == Resume() for i in view.menu)
    assert not any(i.label == "Pause" for i in view.menu)


def test_snooze_lists_the_configured_lengths_and_the_snoozes_left():
    view, cfg = view_after(Snooze(None, timedelta(minutes=5)))
    assert labels(view.menu)[0] == "Snoozed until 12:05"
    snooze = next(i for i in view.menu if i.label.startswith("Snooze ("))
    assert snooze.label == f"Snooze ({cfg.snooze.max_per_day - 1} left today)"
    assert labels(snooze.submenu) == ["5m", "10m", "20m", "Rest of today"]
    assert view.status == "snoozed"


def test_a_reminder_locked_by_the_organisation_is_greyed_with_the_reason():
    from dataclasses import replace

    cfg = settings(reminders=(reminder("walk", 60),))
    cfg = replace(cfg, locked=frozenset({"reminders.walk.enabled"}))
    view, _ = view_after(cfg=cfg)
    switch = next(i for i in view.menu if i.label == "Reminders").submenu[0]
    assert not switch.enabled and switch.label == "Walk (set by your organisation)"



def test_the_history_shows_today_under_the_headline_and_the_week_in_its_own_menu():
    cfg = settings(reminders=(reminder("walk", 60),))
    outcome = handle(cfg, EngineState(), Tick(), NOON)
    view = build_view(outcome.view, cfg, history=("Today: 2 of 3 done", "This week: 9 of 12"))
    assert labels(view.menu)[1] == "Today: 2 of 3 done"
    week = next(i for i in view.menu if i.label == "This week")
    assert [(i.label, i.enabled) for i in week.submenu] == [("This week: 9 of 12", False)]


def test_this_week_comes_after_the_reminder_switches_and_before_the_config_entries():
    cfg = settings(reminders=(reminder("walk", 60),))
    outcome = handle(cfg, EngineState(), Tick(), NOON)
    view = build_view(outcome.view, cfg, history=("Today: 0 of 0 done", "This week: 0 of 0"))
    names = labels(view.menu)
    assert names.index("Reminders") + 1 == names.index("This week")
    assert names.index("This week") < names.index("Open config file")
