"""Whatever ``state.json`` holds, the daemon's start path ends with a dispatcher that
answers ``status``: unusable states are moved aside, never crash the start."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ergo.config import load_config
from ergo.runtime.daemon import _restore
from ergo.runtime.state_store import StateStore
from tests.integration.test_dispatcher import CONFIG, MONDAY, Rig, at

INSTANTS = st.sampled_from([
    "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00", "2025-03-03T09:00:00+01:00",
    "2999-12-31T23:59:59-12:00", "2000-01-01T00:00:00+00:00", "yesterday", "",
]) | st.datetimes().map(lambda d: d.isoformat() + "+00:00")
NUMBERS = (st.integers(-(10**30), 10**30) | st.floats(allow_nan=True, allow_infinity=True)
           | st.booleans() | st.none())
VALUES = st.recursive(INSTANTS | NUMBERS | st.text(max_size=10),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)
REMINDER = st.fixed_dictionaries({}, optional={
    "progress": NUMBERS, "snoozed_until": INSTANTS | st.none(), "shown": st.booleans() | VALUES,
    "quiet": st.booleans(), "held_since": INSTANTS | st.none(), "snoozes": NUMBERS,
    "done": NUMBERS, "skipped": NUMBERS, "ignored": NUMBERS})
STATE = st.fixed_dictionaries({"version": st.sampled_from([1, 1, 1, 2, None])}, optional={
    "as_of": INSTANTS | st.none(),
    "reminders": st.dictionaries(st.sampled_from(["walk", "change-position", "x"]), REMINDER,
                                 max_size=2),
    "pause": st.none() | st.fixed_dictionaries({"since": INSTANTS, "until": INSTANTS | st.none()}),
    "away": st.none() | st.fixed_dictionaries({"since": INSTANTS,
                                               "kind": st.sampled_from(["idle", "nap"])}),
    "snoozed_all_until": INSTANTS | st.none(), "snoozes_today": NUMBERS,
    "last_notified": INSTANTS | st.none(), "toggles": VALUES})
DOCUMENTS = st.fixed_dictionaries({"format": st.sampled_from([1, 1, 2]), "state": STATE}).map(
    lambda d: json.dumps(d, allow_nan=True)) | st.text(max_size=50) | st.integers(1, 5000).map(
    lambda depth: '{"format": 1, "state": {"reminders": ' + "[" * depth + "]" * depth + "}}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_any_saved_state_gives_a_daemon_that_answers_status(document):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        store = StateStore(root / "state" / "state.json")
        store.path.parent.mkdir()
        store.path.write_text(document)
        config_file = root / "ergo.yaml"
        config_file.write_text(CONFIG)
        config = load_config(config_file, None, environ={})
        state, toggles = _restore(store, config, at(MONDAY, 10))
        rig = Rig(root, start=at(MONDAY, 10), state=state, toggles=toggles)
        try:
            assert rig.status()["state"] in ("active", "paused", "snoozed", "due", "away")
            rig.run_until(at(MONDAY, 12))
            assert rig.control("pause", **{"for": "10m"})["ok"]
        finally:
            rig.recorder.close()
