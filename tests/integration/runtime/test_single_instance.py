"""One daemon per user, checked with real processes that hold the lock and get killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from multiprocessing.connection import Listener
from pathlib import Path

import pytest

from ergo.control.client import request
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import Response
from ergo.control.server import ControlServer
from ergo.errors import UserError
from ergo.runtime.single_instance import AlreadyRunning, InstanceLock

ROOT = Path(__file__).resolve().parents[3]

HOLDER = """
import sys, time
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import Response
from ergo.control.server import ControlServer
from ergo.errors import UserError
from ergo.runtime.single_instance import InstanceLock
endpoint = Endpoint.for_dir(sys.argv[1])
InstanceLock(endpoint).acquire()
ControlServer(lambda req: Response.success({"holder": True}), endpoint).start()
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(runtime_dir):
    """A daemon-like process that holds the lock and serves the control socket."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(runtime_dir)],
                               stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout.readline().strip() == "ready"
    yield process
    process.kill()
    process.wait()


def _kill_hard(process):
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_second_daemon_is_told_the_first_ones_pid(runtime_dir, holder):
    with pytest.raises(AlreadyRunning) as caught:
        InstanceLock(Endpoint.for_dir(runtime_dir)).acquire()
    assert str(caught.value) == f"ergo is already running (pid {holder.pid})"
    assert caught.value.exit_code == 1


def test_after_a_kill_9_the_lock_is_free_and_the_stale_socket_is_removed(runtime_dir, holder,
                                                                         caplog):
    endpoint = Endpoint.for_dir(runtime_dir)
    _kill_hard(holder)
    assert Path(endpoint.address).exists()  # left behind by the killed daemon
    with InstanceLock(endpoint):
        assert not Path(endpoint.address).exists()
        with ControlServer(lambda req: Response.success({"holder": False}), endpoint):
            assert request("status", endpoint=endpoint) == {"holder": False}
    assert f"pid {holder.pid}" in caplog.text


def test_the_lock_file_names_the_holder_while_held_and_nobody_after(runtime_dir):
    lock = InstanceLock(Endpoint.for_dir(runtime_dir))
    with lock:
        assert lock.path.read_text().strip() == str(os.getpid())
    assert lock.path.read_text() == ""


def test_a_released_lock_can_be_taken_again(runtime_dir):
    endpoint = Endpoint.for_dir(runtime_dir)
    with InstanceLock(endpoint), pytest.raises(AlreadyRunning):
        InstanceLock(endpoint).acquire()
    with InstanceLock(endpoint):
        pass


def test_a_live_socket_without_a_lock_still_means_ergo_is_running(runtime_dir):
    endpoint = Endpoint.for_dir(runtime_dir)
    listener = Listener(endpoint.address, endpoint.family)
    try:
        with pytest.raises(AlreadyRunning, match="ergo is already running"):
            InstanceLock(endpoint).acquire()
        assert Path(endpoint.address).exists()
    finally:
        listener.close()
    with InstanceLock(endpoint):
        pass


def test_a_directory_at_the_socket_path_is_cleaned_up_or_named_without_a_traceback(
    runtime_dir, caplog
):
    endpoint = Endpoint.for_dir(runtime_dir)
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    Path(endpoint.address).mkdir()
    lock = InstanceLock(endpoint)
    lock.acquire()
    lock.release()
    assert not Path(endpoint.address).exists()
    assert "odd entry at the socket's path" in caplog.text

    (Path(endpoint.address) / "keep").mkdir(parents=True)
    with pytest.raises(UserError, match="is in the way of ergo's control socket"):
        InstanceLock(endpoint).acquire()


def test_odd_files_in_the_runtime_dir_are_reported_in_one_line_and_half_keys_removed(
    runtime_dir, caplog
):
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (runtime_dir / ".control.key.12345").write_text("half")
    (runtime_dir / "notes.txt").write_text("")
    (runtime_dir / "core").write_text("")
    lock = InstanceLock(Endpoint.for_dir(runtime_dir))
    lock.acquire()
    lock.release()
    assert not (runtime_dir / ".control.key.12345").exists()
    odd = [r.getMessage() for r in caplog.records if "not ergo's" in r.getMessage()]
    assert odd == [f"the runtime directory {runtime_dir} holds entries that are not ergo's, "
                   "left alone: core, notes.txt"]


def test_a_symlinked_runtime_dir_is_refused_and_its_target_left_alone(tmp_path):
    target = tmp_path / "secret"
    target.mkdir(mode=0o755)
    planted = tmp_path / "shared" / "ergo"
    planted.parent.mkdir()
    planted.symlink_to(target)
    with pytest.raises(UserError, match="is a symlink or not a directory"):
        InstanceLock(Endpoint.for_dir(planted)).acquire()
    assert target.stat().st_mode & 0o777 == 0o755
    assert list(target.iterdir()) == []
