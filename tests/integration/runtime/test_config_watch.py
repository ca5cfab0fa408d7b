"""Noticing config edits: inotify on this Linux machine, and the polling fallback."""

from __future__ import annotations

import os
import queue
import threading
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
    config.write_text("language: nl\n")
    assert changes.get(timeout=5) == "changed"
