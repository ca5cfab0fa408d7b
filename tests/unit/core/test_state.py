"""The engine state's persisted form."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from ergo.core.state import AwayState, EngineState, Interruption, PauseState, ReminderState

NOON = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


def full_state() -> EngineState:
    return EngineState(
        as_of=NOON,
        reminders={
            "walk": ReminderState(
                progress=timedelta(minutes=12, microseconds=7),
                snoozed_until=NOON + timedelta(minutes=5),
                shown=True,
                quiet=True,
                held_since=NOON - timedelta(minutes=30),
                snoozes=2,
                done=1,
                skipped=3,
                ignored=4,
            ),
            "sit-upright": ReminderState(),
        },
        pause=PauseState(since=NOON, until=None),
        away=AwayState(since=NOON, kind="locked"),
        snoozed_all_until=NOON + timedelta(minutes=10),
        snoozes_today=2,
        last_notified=NOON - timedelta(minutes=3),
    )


def test_a_state_survives_a_json_round_trip_unchanged():
    state = full_state()
    assert EngineState.from_dict(json.loads(json.dumps(state.to_dict()))) == state
    assert EngineState.from_dict(EngineState().to_dict()) == EngineState()


def test_a_state_saved_before_interruptions_existed_loads_with_nothing_held():
    data = full_state().to_dict()
    for entry in data["reminders"].values():
        del entry["quiet"], entry["held_since"]
    walk = EngineState.from_dict(data).reminders["walk"]
    assert (walk.quiet, walk.held_since, walk.shown) == (False, None, True)


def test_active_interruptions_are_not_saved_the_detectors_report_them_again():
    state = EngineState(
        interruptions={"meeting": Interruption(NOON, "microphone in use")},
        grace_until=NOON,
    )
    data = state.to_dict()
    assert "interruptions" not in data and "grace_until" not in data
    assert EngineState.from_dict(data) == EngineState()


def test_the_persisted_form_carries_a_version_and_utc_times():
    data = full_state().to_dict()
    assert data["version"] == 1
    assert data["as_of"] == "2024-06-03T10:00:00+00:00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=7), "state.version: expected 1, got 7"),
        (lambda d: d.update(as_of="yesterday"), "state.as_of: 'yesterday' is not an ISO 8601"),
        (lambda d: d.update(as_of="2024-06-03T10:00"), "state.as_of: '2024-06-03T10:00' has no"),
        (
            lambda d: d["reminders"]["walk"].update(progress=-1),
            "state.reminders.walk.progress: expected a number of seconds >= 0, got -1",
        ),
        (
            lambda d: d["reminders"]["walk"].update(progress=float("nan")),
            "state.reminders.walk.progress: expected a number of seconds",
        ),
        (
            lambda d: d["reminders"]["walk"].update(shown="yes"),
            "state.reminders.walk.shown: expected true or false, got 'yes'",
        ),
        (lambda d: d.update(snoozes_today=True), "state.snoozes_today: expected a whole number"),
        (lambda d: d["away"].update(kind="nap"), "state.away.kind: expected one of"),
        (lambda d: d.update(pause=[]), "state.pause: expected a mapping, got list"),
        (
            lambda d: d["reminders"]["walk"].update(snoozed_until="9999-12-31T23:59:59+00:00"),
            "state.reminders.walk.snoozed_until: '9999-12-31T23:59:59",
        ),
        (
            lambda d: d.update(as_of="0001-01-01T00:00:00+14:00"),
            "state.as_of: '0001-01-01T00:00:00",
        ),
        (
            lambda d: d["reminders"]["walk"].update(progress=10**12),
            "state.reminders.walk.progress: expected a number of seconds",
        ),
    ],
)
def test_a_damaged_state_is_refused_naming_the_bad_field(change, message):
    data = full_state().to_dict()
    change(data)
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(".", r"\.")):
        EngineState.from_dict(data)


def test_something_that_is_not_a_mapping_is_refused():
    with pytest.raises(ValueError, match="state: expected a mapping, got str"):
        EngineState.from_dict("{}")
