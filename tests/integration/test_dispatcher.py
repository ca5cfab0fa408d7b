"""The dispatcher with the real engine, config loader, state file and history, on a fake clock.

Each test drives the dispatcher the way its thread does (``start``, then one
``process`` per queued item), moving the clock to each wake-up it arms.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ergo.config import load_config
from ergo.control.protocol import COMMANDS, Request, decode_request, encode_request
from ergo.core import events as ev
from ergo.core.state import EngineState
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.tray_none import NoTray
from ergo.desktop.windows import WindowPath
from ergo.history.recorder import HistoryRecorder
from ergo.history.store import HistoryStore
from ergo.ports import NotifierChanged
from ergo.runtime.dispatcher import (
    CONTROL_HANDLERS,
    ConfigChanged,
    ControlCall,
    Dispatcher,
    Outputs,
    Ports,
)
from ergo.runtime.helpers import Helpers, LaunchFailed, PromptAnswer, RoutineEnded
from ergo.runtime.menu import Command
from ergo.runtime.state_store import StateStore
from tests.fakes import FakeClock, RecordingHelpers, RecordingNotifier

ROOT = Path(__file__).resolve().parents[2]
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2025, 3, 3)

CONFIG = """\
language: en
work_hours: {timezone: Europe/Amsterdam, days: [mon, tue, wed, thu, fri],
             start: "09:00", end: "17:00"}
reminders:
  walk: {every: 60m, delivery: prompt, routine: lumbar-short}
  change-position: {every: 25m, delivery: notification}
  sit-upright: {enabled: false}
  feet-flat: {enabled: false}
snooze: {durations: [10m, 30m], max_per_day: 20, max_per_reminder: 20}
"""


WALK_ONLY = CONFIG.replace("change-position: {every: 25m, delivery: notification}",
                           "change-position: {enabled: false}")
NO_XWAYLAND = WindowPath(None, "this Wayland session has no Xwayland", needs_xwayland=True)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


class Rig:
    """A dispatcher wired to fakes where the real thing needs a desktop, and to the real
    engine, config loader, state store and history recorder otherwise."""

    def __init__(self, tmp_path: Path, config: str = CONFIG, org: str | None = None,
                 start: datetime | None = None, state: EngineState | None = None,
                 toggles: dict[str, bool] | None = None,
                 config_problems: tuple[str, ...] = (),
                 prompt_program: str | None = None) -> None:
        self.config_path = tmp_path / "ergo.yaml"
        self.config_path.write_text(config)
        self.org_path = None
        if org is not None:
            self.org_path = tmp_path / "org.yaml"
            self.org_path.write_text(org)
        self.clock = FakeClock(start or at(MONDAY, 8))
        self.notifier = RecordingNotifier()
        self.events: queue.Queue[object] = queue.Queue()
        # With ``prompt_program``, real helpers run it as the prompt (a stand-in for Tk).
        self.helpers: Any = RecordingHelpers() if prompt_program is None else Helpers(
            self.events.put, icon=None, python=prompt_program, windows=WindowPath("x11"))
        self.tray = NoTray(lambda action: None, "test")
        self.store = StateStore(tmp_path / "state" / "state.json")
        self.history_path = tmp_path / "history.sqlite3"
        self.recorder = HistoryRecorder(self.history_path, batch_delay=0.01)
        self.armed: list[datetime | None] = []
        self.quits = 0

        def reload(overrides: tuple[str, ...]):
            return load_config(self.config_path, self.org_path, overrides,
                               environ={"LANG": "en_GB.UTF-8"})

        def quit_daemon() -> None:
            self.quits += 1

        self.dispatcher = Dispatcher(
            events=self.events,
            config=reload(tuple(f"reminders.{k}.enabled={str(v).lower()}"
                                for k, v in (toggles or {}).items())),
            reload=reload,
            state=state or EngineState(),
            ports=Ports(clock=self.clock, tray=self.tray, notifier=self.notifier,
                        fallback=LogNotifier(), helpers=self.helpers,
                        history_lines=lambda now: ()),
            outputs=Outputs(save_state=self.store.save, arm=self.armed.append,
                            record=self.recorder.record, on_quit=quit_daemon),
            backends={"tray": "none", "notifier": "recording", "idle": "none"},
            user_config=self.config_path,
            toggles=toggles,
            config_problems=config_problems,
        )
        self.dispatcher.start()

    def send(self, item: object) -> None:
        self.dispatcher.process(item)

    def control(self, cmd: str, **args) -> dict:
        """Send a control request as the server would hand it over, decoded and checked."""
        call = ControlCall(decode_request(encode_request(Request(cmd, args))))
        self.send(call)
        assert call.response is not None
        return {"ok": call.response.ok, "data": dict(call.response.data),
                "error": call.response.error}

    def run_until(self, end: datetime) -> None:
        """Move the clock through every armed wake-up up to ``end``."""
        while True:
            wake = self.armed[-1] if self.armed else None
            if wake is None or wake > end:
                self.clock.move_to(end)
                self.send(ev.Tick())
                return
            self.clock.move_to(max(wake.astimezone(AMS), self.clock.now()))
            self.send(ev.Tick())

    def status(self) -> dict:
        return self.control("status")["data"]

    def stats(self, until: date) -> dict:
        self.recorder.close()
        result = subprocess.run(
            [sys.executable, "-m", "ergo", "stats", "--json", "--week", "--until",
             until.isoformat(), "--db", str(self.history_path)],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def rig(tmp_path):
    made: list[Rig] = []

    def make(**options) -> Rig:
        made.append(Rig(tmp_path, **options))
        return made[-1]

    yield make
    for each in made:
        each.recorder.close()
        each.helpers.close()


def test_a_simulated_week_through_the_dispatcher_is_what_ergo_stats_reports(rig):
    r = rig()
    answers = ["done", "snooze", "skipped", "ignored"]
    tally: dict[date, Counter] = defaultdict(Counter)
    asked = 0
    handled = 0
    end = at(MONDAY + timedelta(days=4), 18)
    while r.clock.now() < end:
        wake = r.armed[-1]
        if wake is None or wake > end:
            r.clock.move_to(end)
            break
        r.clock.move_to(max(wake.astimezone(AMS), r.clock.now()))
        r.send(ev.Tick())
        day = r.clock.now().date()
        for firing, _spec, _routine in r.helpers.prompts[handled:]:
            answer = answers[asked % len(answers)]
            asked += 1
            tally[day]["shown"] += len(firing.reminder_ids)
            tally[day][{"snooze": "snoozed"}.get(answer, answer)] += len(firing.reminder_ids)
            r.send(PromptAnswer(firing.reminder_ids, answer, "10m" if answer == "snooze" else None))
        handled = len(r.helpers.prompts)
        for ids, _after in r.helpers.expiring:
            tally[day]["shown"] += len(ids)
            tally[day]["ignored"] += len(ids)
            r.send(PromptAnswer(ids, "ignored"))
        r.helpers.expiring.clear()
    assert asked > 20 and sum(t["ignored"] for t in tally.values()) > 20
    report = r.stats(MONDAY + timedelta(days=6))
    for day in report["days"]:
        expected = tally[date.fromisoformat(day["date"])]
        got = {k: day[k] for k in ("shown", "done", "snoozed", "skipped", "ignored")}
        assert got == {k: expected[k] for k in got}, day["date"]
    assert [d["shown"] for d in report["days"][5:]] == [0, 0]


def test_notification_only_reminders_are_shown_as_pop_ups_and_expire_as_ignored(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 26))
    assert r.notifier.shown and r.notifier.shown[0][0] == "Change position"
    ids, after = r.helpers.expiring[0]
    assert ids == ("change-position",) and after == timedelta(minutes=2)
    r.send(PromptAnswer(ids, "ignored"))
    assert r.status()["state"] == "active"


def test_a_prompt_offers_the_routine_and_snooze_choices_of_the_config(rig):
    r = rig()
    r.run_until(at(MONDAY, 10, 1))
    firing, spec, routine = r.helpers.prompts[0]
    assert firing.reminder_ids[0] == "walk" or "walk" in firing.reminder_ids
    assert routine == "lumbar-short"
    assert spec.routine.startswith("Start stretches (")
    assert [o.id for o in spec.snooze] == ["10m", "30m", "rest_of_day"]
    assert all(o.enabled for o in spec.snooze)


def test_snooze_from_the_command_line_holds_reminders_back_and_status_says_until_when(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 20))
    answer = r.control("snooze", duration="30m", reminder=None)
    assert answer["ok"], answer
    until = datetime.fromisoformat(answer["data"]["until"])
    assert until == at(MONDAY, 9, 50)
    status = r.status()
    assert status["state"] == "snoozed" and status["snoozed_until"] == answer["data"]["until"]
    r.run_until(at(MONDAY, 9, 49))
    assert r.notifier.shown == [] and r.helpers.prompts == []
    r.run_until(at(MONDAY, 9, 51))
    assert r.notifier.shown or r.helpers.prompts


def test_snoozing_past_the_daily_budget_is_refused_with_the_reason(rig):
    r = rig(config=CONFIG.replace("max_per_day: 20", "max_per_day: 1"))
    r.run_until(at(MONDAY, 9, 10))
    assert r.control("snooze", duration="10m", reminder=None)["ok"]
    refused = r.control("snooze", duration="10m", reminder="walk")
    assert not refused["ok"] and "snooze" in refused["error"].lower()
    assert r.status()["snoozes_left_today"] == 0


def test_a_refused_snooze_from_a_prompt_tells_the_user_and_counts_as_ignored(rig):
    r = rig(config=WALK_ONLY.replace("max_per_day: 20", "max_per_day: 0"))
    r.run_until(at(MONDAY, 10, 1))
    firing = r.helpers.prompts[0][0]
    spec = r.helpers.prompts[0][1]
    assert not any(o.enabled for o in spec.snooze) and spec.snooze[0].reason
    r.send(PromptAnswer(firing.reminder_ids, "snooze", "10m"))
    assert r.notifier.shown[-1][0] == "Snooze refused"
    assert r.status()["state"] != "due"


def test_pause_until_a_time_and_resume_from_the_command_line(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 5))
    paused = r.control("pause", until="11:00")
    assert paused["ok"] and paused["data"]["until"] == at(MONDAY, 11).isoformat()
    r.run_until(at(MONDAY, 10, 59))
    assert r.notifier.shown == [] and r.helpers.prompts == []
    assert r.status()["state"] == "paused"
    assert r.control("resume")["ok"]
    assert r.status()["state"] == "active"
    assert not r.control("resume")["ok"]


def test_trigger_shows_a_reminder_at_once_and_unknown_ids_are_refused(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 1))
    assert r.control("trigger", reminder="walk")["ok"]
    assert r.helpers.prompts[-1][0].reminder_ids == ("walk",)
    refused = r.control("trigger", reminder="nap")
    assert not refused["ok"] and "walk" in refused["error"]


def test_a_reminder_that_starts_its_routine_counts_as_done_and_plays_it_at_once(rig):
    r = rig(config=WALK_ONLY.replace("routine: lumbar-short}",
                                     "routine: lumbar-short, start_routine: true}"))
    r.run_until(at(MONDAY, 10, 1))
    assert r.helpers.prompts == []
    assert r.helpers.routines == [("lumbar-short", "en")]
    status = r.status()
    assert status["state"] == "away"
    assert status["next"] == []
    r.recorder.close()
    store = HistoryStore.open(r.history_path)
    kinds = [(e.kind, e.reminder) for e in store.all_events()]
    store.close()
    assert kinds == [("shown", "walk"), ("done", "walk"), ("routine_started", None)]


def test_every_command_of_the_protocol_has_a_handler_and_no_other_is_answered(rig):
    assert set(CONTROL_HANDLERS) == set(COMMANDS)
    call = ControlCall(Request("dance", {}))
    rig().send(call)
    assert call.response is not None and call.response.error == "unknown command 'dance'"


def test_a_broken_config_on_reload_keeps_the_last_good_one_and_names_file_and_line(rig):
    r = rig()
    r.run_until(at(MONDAY, 9, 1))
    r.config_path.write_text(CONFIG.replace("every: 60m", "every: 60"))
    answer = r.control("reload")
    assert not answer["ok"]
    assert f"{r.config_path}:5:" in answer["error"] and "reminders.walk.every" in answer["error"]
    assert r.notifier.shown[-1][0] == "ergo config has problems"
    assert r.dispatcher.settings.reminder("walk").every == timedelta(minutes=60)
    assert r.status()["interruption"]
    r.config_path.write_text(CONFIG.replace("every: 60m", "every: 45m"))
    assert r.control("reload")["ok"]
    assert r.dispatcher.settings.reminder("walk").every == timedelta(minutes=45)
    assert r.status()["interruption"] is None


def test_started_on_a_fallback_config_ergo_says_so_at_once_and_a_fixed_file_clears_it(rig):
    problem = "/home/u/.config/ergo/ergo.yaml:2:1: YAML syntax error"
    r = rig(config_problems=(problem,))
    assert r.notifier.shown == [("ergo config has problems", f"{problem}\nergo runs on the "
                                 "last good settings until it is fixed.")]
    assert r.status()["config_problems"] == [problem]
    assert problem in r.status()["interruption"]
    assert (r.tray.view.status, r.tray.view.tooltip) == (
        "due", "ergo: the config has problems; see ergo status")
    r.send(ConfigChanged())
    assert r.status()["config_problems"] == []
    assert r.tray.view.status == "off_hours"


def test_a_launcher_that_fails_is_reported_in_a_notification(rig):
    r = rig()
    r.send(LaunchFailed("/home/u/.config/ergo/ergo.yaml", "xdg-open: no method available"))
    assert r.notifier.shown[-1] == ("ergo could not open /home/u/.config/ergo/ergo.yaml",
                                    "xdg-open: no method available")


def test_a_reminder_switched_off_in_the_tray_stays_off_after_a_restart(rig, tmp_path):
    r = rig()
    r.send(Command("toggle", "walk"))
    assert not r.dispatcher.settings.reminder("walk").enabled
    saved = r.store.load()
    assert saved["toggles"] == {"walk": False}
    again = rig(state=EngineState.from_dict({k: v for k, v in saved.items() if k != "toggles"}),
                toggles=saved["toggles"])
    assert not again.dispatcher.settings.reminder("walk").enabled
    assert "walk" not in [n["id"] for n in again.status()["next"]]


def test_a_reminder_locked_by_the_organisation_cannot_be_switched_in_the_tray(rig):
    org = "policy:\n  locked: [reminders.walk.enabled]\n"
    r = rig(org=org)
    r.send(Command("toggle", "walk"))
    assert r.dispatcher.settings.reminder("walk").enabled
    reminders_menu = next(i for i in r.tray.view.menu if i.label == "Reminders")
    walk = next(i for i in reminders_menu.submenu if i.label.startswith("Time to move"))
    assert not walk.enabled and "organisation" in walk.label


def test_when_the_notification_service_goes_away_reminders_move_to_the_prompt(rig):
    r = rig()
    r.notifier.gone = True
    r.run_until(at(MONDAY, 9, 26))
    assert r.helpers.prompts and r.helpers.prompts[0][0].reminder_ids == ("change-position",)
    assert r.status()["backends"]["notifier"] == "log"


def test_a_failed_notification_falls_back_for_that_reminder_only(rig, caplog):
    r = rig(config=CONFIG.replace("every: 60m, delivery: prompt", "every: 600m, delivery: prompt"))
    r.notifier.gone = True
    with caplog.at_level("WARNING"):
        r.run_until(at(MONDAY, 9, 26))
        assert [p[0].reminder_ids for p in r.helpers.prompts] == [("change-position",)]
        r.notifier.gone = False
        r.send(PromptAnswer(("change-position",), "done"))
        r.run_until(at(MONDAY, 9, 51))
    assert [title for title, _ in r.notifier.shown] == ["Change position"]
    assert len(r.helpers.prompts) == 1
    assert r.status()["backends"]["notifier"] == "recording"
    assert sum(m.startswith("notifications down: ") for m in caplog.messages) == 1


def test_the_server_going_and_coming_back_is_warned_once_and_shows_in_status(rig, caplog):
    r = rig()
    with caplog.at_level("INFO"):
        r.send(NotifierChanged(False, "the notification server went away"))
        r.send(NotifierChanged(False, "no notification server on the session bus"))
        assert r.status()["backends"]["notifier"] == "log"
        r.send(NotifierChanged(True, "a notification server started"))
    assert r.status()["backends"]["notifier"] == "recording"
    warnings = [r for r in caplog.records if r.getMessage().startswith("notifications down: ")]
    assert len(warnings) == 1 and "went away" in warnings[0].getMessage()
    assert (warnings[0].name, warnings[0].levelname) == ("ergo.trail", "WARNING")
    assert "notifications back: recording (a notification server started)" in caplog.messages


def test_with_buttons_a_notification_answers_like_the_prompt(rig):
    r = rig(config=WALK_ONLY.replace("walk: {every: 60m, delivery: prompt, routine: lumbar-short}",
                                     "walk: {every: 60m, delivery: notification}"))
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    answers = r.notifier.answers[0]
    assert [(a.key, a.label) for a in answers.actions[:2]] == [
        ("done", "Done"), ("snooze", "Snooze 10m")]
    assert r.notifier.tags[0] == ("walk",)
    assert r.helpers.prompts == []
    r.send(answers.actions[1].answer)
    assert r.status()["state"] == "snoozed"
    r.run_until(at(MONDAY, 10, 12))
    r.send(r.notifier.answers[1].dismissed)
    r.run_until(at(MONDAY, 11, 13))
    r.send(r.notifier.answers[2].expired)
    r.run_until(at(MONDAY, 12, 14))
    r.send(r.notifier.answers[3].actions[0].answer)
    report = r.stats(MONDAY)
    today = next(d for d in report["days"] if d["date"] == MONDAY.isoformat())
    assert [today[k] for k in ("shown", "snoozed", "skipped", "ignored", "done")] == [
        4, 1, 1, 1, 1]


def test_the_configured_sound_and_urgency_reach_the_notification(rig):
    r = rig(config=CONFIG + "notifications: {sound: true, urgency: critical}\n")
    r.run_until(at(MONDAY, 9, 26))
    assert r.notifier.styles == [(True, "critical")]
    r = rig()
    r.run_until(at(MONDAY, 9, 26))
    assert r.notifier.styles == [(False, "normal")]


def test_a_notification_offers_no_snooze_button_when_no_snoozes_are_left(rig):
    r = rig(config=CONFIG.replace("max_per_day: 20", "max_per_day: 0"))
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 9, 26))
    assert [a.key for a in r.notifier.answers[0].actions] == ["done"]


# A prompt reminder without a routine.
POSITION_PROMPT = CONFIG.replace(
    "walk: {every: 60m, delivery: prompt, routine: lumbar-short}", "walk: {enabled: false}"
).replace("change-position: {every: 25m, delivery: notification}",
          "change-position: {every: 25m, delivery: prompt}")


def test_where_no_prompt_can_open_a_notification_with_buttons_answers_it(rig):
    r = rig(config=POSITION_PROMPT)
    r.notifier.buttons = True
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 9, 26))
    assert r.helpers.prompts == []
    answers = r.notifier.answers[0]
    assert [a.key for a in answers.actions] == ["done", "snooze"]
    assert r.helpers.expiring[0][0] == r.notifier.tags[0]
    r.send(answers.actions[0].answer)
    assert r.status()["state"] == "active"


def test_a_notification_of_a_reminder_with_a_routine_offers_its_stretches(rig):
    r = rig(config=WALK_ONLY.replace("delivery: prompt", "delivery: notification"))
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    answers = r.notifier.answers[0]
    assert [a.key for a in answers.actions] == ["done", "snooze", "routine"]
    assert answers.actions[2].label.startswith("Start stretches (")
    r.send(answers.actions[2].answer)
    assert r.helpers.routines == [("lumbar-short", "en")]


def test_where_no_window_can_open_the_stretches_button_plays_the_routine_as_notifications(rig):
    r = rig(config=WALK_ONLY)
    r.notifier.buttons = True
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 10, 1))
    answers = r.notifier.answers[0]
    assert [a.key for a in answers.actions] == ["done", "snooze", "routine"]
    r.send(answers.actions[2].answer)
    assert r.helpers.routines == []
    assert r.notifier.shown[-1][0] == LUMBAR_STEPS[0]


def test_a_prompt_reminder_keeps_its_prompt_where_one_can_open_or_the_server_has_no_buttons(rig):
    r = rig(config=WALK_ONLY)
    r.notifier.buttons = True
    r.run_until(at(MONDAY, 10, 1))
    assert (len(r.helpers.prompts), r.notifier.shown) == (1, [])
    r = rig(config=POSITION_PROMPT)
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 9, 26))
    assert len(r.helpers.prompts) == 1
    assert r.notifier.answers == [None]


def test_a_routine_started_from_the_prompt_counts_as_done_and_is_recorded(rig):
    r = rig(config=WALK_ONLY)
    r.run_until(at(MONDAY, 10, 1))
    firing = r.helpers.prompts[0][0]
    r.send(PromptAnswer(firing.reminder_ids, "routine", routine="lumbar-short"))
    assert r.helpers.routines == [("lumbar-short", "en")]
    assert r.status()["state"] == "away"
    r.send(RoutineEnded("lumbar-short", completed=False, step=3))
    assert r.status()["state"] == "active"
    report = r.stats(MONDAY)
    today = next(d for d in report["days"] if d["date"] == MONDAY.isoformat())
    assert today["done"] == len(firing.reminder_ids)
    assert today["routines_completed"] == 0


def test_the_tray_shows_the_next_reminder_and_a_greyed_snooze_when_none_are_left(rig):
    r = rig(config=CONFIG.replace("max_per_day: 20", "max_per_day: 0"))
    r.run_until(at(MONDAY, 9, 1))
    labels = [item.label for item in r.tray.view.menu]
    assert labels[0] == "Next reminder: Change position at 09:25"
    snooze = next(i for i in r.tray.view.menu if i.label.startswith("Snooze"))
    assert not snooze.enabled and snooze.submenu == ()
    assert r.tray.view.tooltip == "ergo: Next reminder: Change position at 09:25"


def test_a_restart_after_a_night_off_counts_as_a_break_and_replays_nothing(rig):
    first = rig()
    first.run_until(at(MONDAY, 16, 50))
    saved = first.store.load()
    state = EngineState.from_dict({k: v for k, v in saved.items() if k != "toggles"})
    second = rig(state=state, start=at(MONDAY + timedelta(days=1), 9, 30))
    assert second.helpers.prompts == [] and second.notifier.shown == []
    first_up = datetime.fromisoformat(second.status()["next"][0]["at"])
    assert first_up > at(MONDAY + timedelta(days=1), 9, 30)


def test_quit_from_the_tray_and_stop_from_the_command_line_end_the_daemon(rig):
    r = rig()
    r.send(Command("quit"))
    assert r.control("stop")["ok"]
    assert r.quits == 2


def test_open_config_and_about_start_their_helpers(rig):
    r = rig()
    r.send(Command("open_config"))
    r.send(Command("about"))
    assert r.helpers.opened == [r.config_path] and r.helpers.abouts == ["en"]


def test_settings_in_the_tray_opens_the_settings_window_in_the_configured_language(rig):
    r = rig()
    r.send(Command("settings"))
    assert r.helpers.settings_windows == ["en"]




def play_the_step_timers(r: Rig) -> list[float]:
    """Let each step timer the dispatcher asked for fire on time; return their delays."""
    delays = []
    while r.helpers.timers:
        seconds, item = r.helpers.timers.pop(0)
        delays.append(seconds)
        r.clock.move_to(r.clock.now() + timedelta(seconds=seconds))
        r.send(item)
    return delays


LUMBAR_STEPS = ["Seated pelvic tilt", "Seated twist, left side", "Seated twist, right side"]


def test_without_a_window_stretch_now_says_how_to_get_one_then_notifies_each_step(rig):
    r = rig()
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 9, 1))
    r.send(Command("stretch"))
    assert r.helpers.routines == []
    title, message = r.notifier.shown[0]
    assert title == "Stretches need a window"
    assert "Install Xwayland" in message
    assert r.notifier.shown[1][0] == "Seated pelvic tilt"
    assert r.notifier.shown[1][1].startswith("Step 1 of ")
    assert r.status()["state"] == "away"
    routine = r.dispatcher.settings.routine("lumbar-short")
    delays = play_the_step_timers(r)
    assert delays == [step.length.total_seconds() for step in routine.steps]
    titles = [title for title, _ in r.notifier.shown[1:]]
    assert titles[:3] == LUMBAR_STEPS
    assert len(titles) == len(routine.steps) + 1
    assert titles[-1] == "Lower-back stretches"
    assert r.notifier.shown[-1][1].startswith("Well done: routine finished in")
    assert r.status()["state"] == "active"
    today = next(d for d in r.stats(MONDAY)["days"] if d["date"] == MONDAY.isoformat())
    assert today["routines_completed"] == 1


def test_a_routine_playing_as_notifications_is_not_started_twice(rig):
    r = rig()
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 9, 1))
    r.send(Command("stretch"))
    shown = len(r.notifier.shown)
    r.send(Command("stretch"))
    assert len(r.notifier.shown) == shown and len(r.helpers.timers) == 1


def test_without_a_window_a_routine_reminder_says_how_to_get_one_and_its_routine_answers_it(rig):
    r = rig(config=WALK_ONLY)
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 10, 1))
    assert r.helpers.prompts == [] and r.helpers.routines == []
    # The server has no buttons: the reminder's pop-up is replaced by one that says
    # how to get a window.
    assert r.notifier.tags[:2] == [("walk",), ("walk",)]
    title, message = r.notifier.shown[1]
    assert title == "Time to move"
    assert message.startswith("Take a short walk")
    assert "this Wayland session has no Xwayland" in message
    assert [title for title, _ in r.notifier.shown[2:]] == LUMBAR_STEPS[:1]
    # Not counted as ignored while the steps play: the routine answers the reminder.
    assert r.helpers.expiring == []
    play_the_step_timers(r)
    today = next(d for d in r.stats(MONDAY)["days"] if d["date"] == MONDAY.isoformat())
    assert today["done"] == 1 and today["ignored"] == 0
    assert today["routines_completed"] == 1


def test_without_a_window_a_notification_only_reminder_naming_a_routine_plays_nothing(rig):
    r = rig(config=WALK_ONLY.replace("delivery: prompt", "delivery: notification"))
    r.helpers.windows = NO_XWAYLAND
    r.run_until(at(MONDAY, 10, 1))
    assert [title for title, _ in r.notifier.shown] == ["Time to move"]
    assert r.helpers.timers == [] and r.helpers.expiring[0][0] == ("walk",)
