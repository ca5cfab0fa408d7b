"""The state file: round trips, corrupt files moved aside, and no torn file after kill -9."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ergo.runtime.state_store import FORMAT_VERSION, StateStore

ROOT = Path(__file__).resolve().parents[3]

STATE = {"snoozed_until": "2024-05-06T10:10:00+01:00", "done_today": {"walk": 3},
         "note": "zoë"}


def test_a_saved_state_loads_back_equal(tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.save(STATE)
    assert StateStore(tmp_path / "state.json").load() == STATE


def test_the_file_carries_a_format_version(tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.save(STATE)
    assert json.loads(store.path.read_text(encoding="utf-8"))["format"] == FORMAT_VERSION


def test_a_missing_file_loads_as_none(tmp_path):
    assert StateStore(tmp_path / "state.json").load() is None


def test_save_creates_a_private_directory(tmp_path):
    store = StateStore(tmp_path / "deep" / "er" / "state.json")
    store.save(STATE)
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": 1, "state": {"a": ', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", 'with a "state" object'),
        (b'{"format": 1, "state": 5}', 'with a "state" object'),
        (b'{"format": 99, "state": {}}', "has format 99"),
        (b'{"format": 1, "state": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
         "nested more than 32 levels deep"),
    ],
)
def test_a_corrupt_file_is_moved_aside_with_a_warning(tmp_path, caplog, content, reason):
    store = StateStore(tmp_path / "state.json")
    store.path.write_bytes(content)
    assert store.load() is None
    aside = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == content
    assert not store.path.exists()
    assert reason in caplog.text
    store.save(STATE)
    assert store.load() == STATE


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path):
    store = StateStore(tmp_path / "state.json")
    for content in (b"first", b"second"):
        store.path.write_bytes(content)
        store.load()
    assert sorted(p.read_bytes() for p in tmp_path.glob("state.json.corrupt-*")) == [
        b"first", b"second"]


def test_a_state_json_cannot_hold_leaves_the_old_file_untouched(tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.save(STATE)
    with pytest.raises(TypeError):
        store.save({"when": object()})
    assert store.load() == STATE
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_temporary_files_left_by_an_interrupted_save_are_removed_on_load(tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.save(STATE)
    (tmp_path / ".state.json.abc123.tmp").write_text("{")
    assert store.load() == STATE
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


SAVER = """
import sys
from ergo.runtime.state_store import StateStore
store = StateStore(sys.argv[1])
padding = "x" * 200_000
counter = 0
while True:
    counter += 1
    store.save({"counter": counter, "padding": padding})
    if counter == 1:
        print("saving", flush=True)
"""


def test_kill_9_during_a_save_loop_never_leaves_a_torn_file(tmp_path):
    path = tmp_path / "state.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    counters = []
    for delay in (0.05, 0.11, 0.17, 0.23, 0.29, 0.37, 0.41, 0.53):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert saver.stdout.readline().strip() == "saving"
        time.sleep(delay)  # the kill lands at a different moment of the save loop each time
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        state = StateStore(path).load()
        assert state is not None, "the state file was torn"
        assert len(state["padding"]) == 200_000
        counters.append(state["counter"])
        assert not list(tmp_path.glob("state.json.corrupt-*"))
    assert all(counter >= 1 for counter in counters)
