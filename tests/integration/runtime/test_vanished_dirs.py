"""Directories deleted while ergo runs come back when next needed: the log, the
notification icon and the state."""

from __future__ import annotations

import logging
import shutil

from ergo.desktop.icons import write_png
from ergo.logs import setup_logging
from ergo.runtime.helpers import Helpers
from ergo.runtime.state_store import StateStore


def test_the_log_file_comes_back_after_its_directory_is_deleted(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = setup_logging(False, tmp_path / "log")
        assert path is not None
        logging.getLogger("ergo.test").warning("first")
        shutil.rmtree(tmp_path / "log")
        logging.getLogger("ergo.test").warning("after the cleaner")
        assert "after the cleaner" in path.read_text()
    finally:
        for handler in root.handlers[len(before):]:
            handler.close()
        root.handlers[:] = before


def test_the_notification_icon_is_written_again_when_it_was_deleted(tmp_path):
    def make():
        return write_png("active", tmp_path / "log" / "ergo-notification.png")

    helpers = Helpers(lambda item: None, icon=make(), make_icon=make)
    shutil.rmtree(tmp_path / "log")
    icon = helpers.icon
    assert icon is not None and icon.read_bytes().startswith(b"\x89PNG")


def test_the_state_directory_comes_back_at_the_next_save(tmp_path):
    store = StateStore(tmp_path / "state" / "state.json")
    store.save({"a": 1})
    shutil.rmtree(tmp_path / "state")
    store.save({"a": 2})
    assert store.load() == {"a": 2}
