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
    assert labels(view.menu)[-5:] == [
        "Settings…", "Open config file", "Reload config", "About and safety", "Quit"
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


def test_during_a_routine_the_headline_says_stretching_and_its_step():
    from ergo.core.events import RoutineStarted

    view, cfg = view_after(RoutineStarted("lumbar-short"))
    assert labels(view.menu)[0] == "Stretching"
    outcome = handle(cfg, EngineState(), RoutineStarted("lumbar-short"), NOON)
    stepped = build_view(outcome.view, cfg, routine_step=(3, 6))
    assert labels(stepped.menu)[0] == "Stretching, step 3 of 6"
    assert stepped.tooltip == "ergo: Stretching, step 3 of 6"


def test_on_a_break_and_while_held_the_headline_says_so():
    from ergo.core.events import BreakStarted, InterruptionStarted

    away, _cfg = view_after(BreakStarted("idle", NOON - timedelta(minutes=3)))
    assert labels(away.menu)[0] == "On a break since 11:57"
    held, _cfg = view_after(InterruptionStarted("meeting", ""))
    assert labels(held.menu)[0] == "Waiting: a call"
    camera, _cfg = view_after(InterruptionStarted("meeting", "camera in use"))
    assert labels(camera.menu)[0] == "Waiting: camera in use"


def test_a_reminder_snoozed_on_its_own_is_named_with_its_end_and_can_be_ended():
    view, _cfg = view_after(Snooze("walk", timedelta(minutes=10)))
    assert labels(view.menu)[0] == "Next reminder: Sit upright at 12:30"
    assert "Walk: snoozed until 12:10" in labels(view.menu)
    assert next(i for i in view.menu if i.label == "End snooze").action == Resume()
    quiet, _cfg = view_after()
    assert "End snooze" not in labels(quiet.menu)


def test_the_tray_and_ergo_status_round_a_time_to_the_same_minute():
    from ergo.commands.status import format_moment
    from ergo.runtime.menu import clock

    for seconds in (0, 29, 30, 59):
        instant = NOON.replace(minute=37, second=seconds, microsecond=999_000)
        # The daemon sends whole seconds; the tray has the exact instant.
        sent = instant.isoformat(timespec="seconds")
        assert clock(instant) == format_moment(sent, NOON)
        assert clock(instant) == ("12:38" if seconds >= 30 else "12:37")
