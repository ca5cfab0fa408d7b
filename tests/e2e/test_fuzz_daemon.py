"""A real ``ergo run --no-tray`` fed random and hostile control messages and saved
states keeps answering ``status`` (and stops on ``ergo stop``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ergo.control import transport
from ergo.control.client import request
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import MAX_MESSAGE_BYTES, PROTOCOL_VERSION
from tests.e2e.test_first_run import environment, ergo
from tests.waiting import wait_until

COMMANDS = ["status", "snooze", "pause", "resume", "trigger", "reload", "routine", "x", ""]
ARG_NAMES = ["duration", "reminder", "for", "until", "tomorrow", "name", "v", "cmd"]
HOSTILE = (st.none() | st.booleans() | st.integers(-(10**40), 10**40)
           | st.floats(allow_nan=True, allow_infinity=True)
           | st.sampled_from(["99999999h", "69890000h", "0s", "25:61", "23:59", "rest_of_day",
                              "9999-12-31T23:59:59+00:00", "walk", "../../etc", "\x00", "1h" * 50])
           | st.text(max_size=30))
JSONISH = st.recursive(HOSTILE, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.sampled_from(ARG_NAMES), inner, max_size=3),
                       max_leaves=12)
REQUESTS = st.fixed_dictionaries(
    {"v": st.sampled_from([PROTOCOL_VERSION, PROTOCOL_VERSION, 2, "1", None]),
     "cmd": st.sampled_from(COMMANDS) | HOSTILE,
     "args": st.dictionaries(st.sampled_from(ARG_NAMES), JSONISH, max_size=3) | JSONISH},
).map(lambda message: json.dumps(message, allow_nan=True).encode())
RAW = st.binary(max_size=256) | st.integers(1, 20_000).map(
    lambda depth: b'{"v":1,"cmd":"status","args":' + b"[" * depth + b"]" * depth + b"}")


@pytest.fixture(scope="module")
def daemon() -> Iterator[dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="ergo-fuzz-", dir="/tmp"))
    env = environment(home)
    process = subprocess.Popen([sys.executable, "-m", "ergo", "run", "--no-tray"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answers() -> bool:
            assert process.poll() is None, "ergo exited"
            return ergo(env, "status").returncode == 0

        wait_until(answers, 20, "ergo to start")
        yield env
        assert ergo(env, "stop").returncode == 0
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)


def send(env: dict[str, str], raw: bytes) -> None:
    endpoint = Endpoint.for_dir(env["XDG_RUNTIME_DIR"] + "/ergo")
    channel = transport.connect(endpoint.address, endpoint.family, endpoint.read_authkey(), 5)
    try:
        channel.send_bytes(raw[:MAX_MESSAGE_BYTES])
        channel.recv_bytes(MAX_MESSAGE_BYTES)
    except (EOFError, OSError):
        pass  # the daemon may hang up on garbage; what matters is that it goes on answering
    finally:
        channel.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=REQUESTS | RAW)
def test_random_and_hostile_control_messages_leave_the_daemon_answering(daemon, raw):
    send(daemon, raw)
    endpoint = Endpoint.for_dir(daemon["XDG_RUNTIME_DIR"] + "/ergo")
    assert request("status", endpoint=endpoint, timeout=5)["pid"] > 0
    # A pause or snooze that got through is undone, so the next example starts alike.
    if request("status", endpoint=endpoint, timeout=5)["state"] == "paused":
        request("resume", endpoint=endpoint, timeout=5)
