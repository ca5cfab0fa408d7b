"""A change the daemon cannot save is still made, and the command says it was not saved."""

from __future__ import annotations

import shutil

from ergo.control.client import unsaved
from tests.integration.test_dispatcher import MONDAY, Rig, at


def test_a_pause_that_cannot_be_saved_says_so_and_the_next_good_save_clears_it(tmp_path):
    rig = Rig(tmp_path, start=at(MONDAY, 10))
    state_dir = rig.store.path.parent
    shutil.rmtree(state_dir)
    # A file where the state directory should be: no save can succeed, even as root.
    state_dir.write_text("")
    paused = rig.control("pause", **{"for": "20m"})
    assert paused["ok"]
    reason = paused["data"]["not_saved"]
    assert reason
    assert unsaved("ergo: paused until 10:20", paused["data"]) == (
        f"ergo: paused until 10:20, but ergo could not save it: {reason}")
    assert rig.status()["state"] == "paused"

    state_dir.unlink()
    resumed = rig.control("resume")
    assert resumed["ok"] and resumed["data"] == {}
    assert rig.store.load() is not None
    rig.recorder.close()


def test_a_saved_change_reads_as_it_did():
    assert unsaved("ergo: reminders are back on", {}) == "ergo: reminders are back on"
