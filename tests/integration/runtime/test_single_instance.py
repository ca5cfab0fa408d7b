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
from ergo.runtime.single_instance import AlreadyRunning, InstanceLock

ROOT = Path(__file__).resolve().parents[3]

HOLDER = """
import sys, time
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import Response
from ergo.control.server import ControlServer
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
