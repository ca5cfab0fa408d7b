"""Noticing config edits: inotify on this Linux machine, and the polling fallback."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from pathlib import Path

import pytest

from ergo.runtime import config_watch


@pytest.fixture
def changes():
    return queue.Queue()


@pytest.fixture
def start(changes):
    stopping = threading.Event()

    def start(*paths: Path, how=config_watch.watch) -> None:
        threading.Thread(target=how, args=(paths, lambda: changes.put("changed"), stopping),
                         daemon=True).start()

    yield start
    stopping.set()


def settled(changes: queue.Queue, seconds: float = 0.6) -> int:
    """Return how many changes arrive before none has for ``seconds``."""
    count = 0
    while True:
        try:
            changes.get(timeout=seconds)
        except queue.Empty:
            return count
        count += 1


def test_a_file_in_a_folder_that_does_not_exist_yet_is_noticed_when_written(tmp_path, changes,
                                                                           start):
    config = tmp_path / "config" / "ergo" / "config.yaml"
    start(config)
    settled(changes, 0.3)
    config.parent.mkdir(parents=True)
    assert settled(changes) == 0  # a new folder alone changes no config
    config.write_text("language: nl\n")
    assert changes.get(timeout=5) == "changed"


def test_an_edit_saved_by_renaming_is_one_change_and_a_removal_another(tmp_path, changes, start):
    config = tmp_path / "config.yaml"
    config.write_text("language: en\n")
    start(config, tmp_path / "org.yaml")
    settled(changes, 0.3)
    temporary = tmp_path / ".config.yaml.swp"
    temporary.write_text("language: nl\n")
    os.replace(temporary, config)
    assert changes.get(timeout=5) == "changed"
    assert settled(changes) == 0
    config.unlink()
    assert changes.get(timeout=5) == "changed"


def test_other_files_in_the_folder_change_nothing(tmp_path, changes, start):
    config = tmp_path / "config.yaml"
    config.write_text("language: en\n")
    start(config)
    (tmp_path / "notes.txt").write_text("unrelated")
    assert settled(changes) == 0


def test_without_inotify_the_files_are_polled(tmp_path, changes, start, monkeypatch):
    monkeypatch.setattr(config_watch, "POLL_INTERVAL", 0.05)
    config = tmp_path / "config.yaml"
    start(config, how=config_watch._poll)
    # The poller's first look may come after a write: write until a change is seen.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        config.write_text(f"language: nl\n# {time.monotonic()}\n")
        with contextlib.suppress(queue.Empty):
            assert changes.get(timeout=0.5) == "changed"
            break
    else:
        pytest.fail("the poller saw no change in 10 s")


def test_drop_ins_are_noticed_in_a_folder_made_later_and_other_files_there_are_not(
        tmp_path, changes, start):
    folder = tmp_path / "org.d"
    start(tmp_path / "org.yaml", folder)
    settled(changes, 0.3)
    folder.mkdir()
    assert settled(changes) == 0  # an empty drop-in folder changes no config
    (folder / "README").write_text("drop-ins are *.yaml")
    assert settled(changes) == 0
    (folder / "20-it.yaml").write_text("language: nl\n")
    assert changes.get(timeout=5) == "changed"
    assert settled(changes) == 0
    (folder / "20-it.yaml").write_text("language: en\nregion: GB\n")
    assert changes.get(timeout=5) == "changed"
    (folder / "20-it.yaml").unlink()
    assert changes.get(timeout=5) == "changed"
