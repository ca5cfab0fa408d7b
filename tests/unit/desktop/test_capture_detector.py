"""The call detector on Linux, against a fake /proc and /dev tree given by path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ergo.desktop.interrupt_capture import CaptureDetector, camera_holders, running_captures

RUNNING = """state: RUNNING
owner_pid   : {pid}
trigger_time: 8041.310225498
tstamp      : 8044.215431276
delay       : 1024
avail       : 0
avail_max   : 1024
-----
hw_ptr      : 139264
appl_ptr    : 140288
"""


class Tree:
    """A fake /proc and /dev: sound cards, processes with names and open files, cameras."""

    def __init__(self, root: Path) -> None:
        self.proc, self.dev = root / "proc", root / "dev"
        self.proc.mkdir()
        self.dev.mkdir()

    def substream(self, card: int, pcm: str, sub: int, text: str) -> None:
        path = self.proc / "asound" / f"card{card}" / f"pcm{pcm}" / f"sub{sub}" / "status"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def process(self, pid: int, name: str, *files: Path) -> None:
        folder = self.proc / str(pid)
        (folder / "fd").mkdir(parents=True)
        (folder / "comm").write_text(name + "\n")
        for number, target in enumerate(("/dev/null", *map(str, files))):
            os.symlink(target, folder / "fd" / str(number))

    def camera(self, number: int) -> Path:
        path = self.dev / f"video{number}"
        path.write_text("")
        return path


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


def test_nothing_is_reported_when_no_stream_runs_and_no_camera_is_open(tree):
    tree.substream(0, "0c", 0, "closed\n")
    tree.substream(0, "0p", 0, RUNNING.format(pid=10))
    tree.camera(0)
    tree.process(10, "firefox")
    assert CaptureDetector(tree.proc, tree.dev).check() is None


def test_a_running_capture_stream_is_a_call_named_after_its_owner(tree):
    tree.substream(0, "0c", 0, "state: PREPARED\nowner_pid   : 10\n")
    tree.substream(1, "0c", 0, RUNNING.format(pid=42))
    tree.process(42, "zoom")
    assert running_captures(tree.proc) == [42]
    assert CaptureDetector(tree.proc, tree.dev).check() == "microphone in use by zoom"


def test_a_sound_server_recording_is_a_call_without_a_name(tree):
    tree.substream(0, "0c", 0, RUNNING.format(pid=7))
    tree.process(7, "pipewire")
    assert CaptureDetector(tree.proc, tree.dev).check() == "microphone in use"


def test_a_camera_held_open_is_a_call_named_after_the_program(tree):
    camera = tree.camera(0)
    tree.camera(1)
    tree.process(100, "bash")
    tree.process(200, "teams", camera)
    assert camera_holders(tree.proc, tree.dev) == [200]
    assert CaptureDetector(tree.proc, tree.dev).check() == "camera in use by teams"


def test_microphone_and_camera_together(tree):
    tree.substream(0, "0c", 0, RUNNING.format(pid=5))
    tree.process(5, "chrome", tree.camera(0))
    assert CaptureDetector(tree.proc, tree.dev).check() == (
        "microphone in use by chrome; camera in use by chrome")


def test_a_machine_without_sound_cards_or_cameras_reports_nothing(tree):
    tree.process(1, "init")
    assert CaptureDetector(tree.proc, tree.dev).check() is None
