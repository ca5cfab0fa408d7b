"""A real control server and real clients over a socket in a temporary directory."""

from __future__ import annotations

import logging
import os
import socket
import stat
import struct
import threading
import time
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client

import pytest

from ergo.control.client import DaemonNotRunning, request
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import MAX_MESSAGE_BYTES, Request, Response, decode_response
from ergo.control.server import READ_LIMIT, ControlServer
from ergo.errors import UserError
from tests.desktop.session import wait_until


class Recorder:
    """A handler that remembers each request and answers with its command name."""

    def __init__(self):
        self.requests: list[Request] = []

    def __call__(self, req: Request) -> Response:
        self.requests.append(req)
        return Response.success({"cmd": req.cmd})


@pytest.fixture
def endpoint(runtime_dir):
    return Endpoint.for_dir(runtime_dir)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def server(endpoint, recorder):
    with ControlServer(recorder, endpoint, connection_timeout=3.0) as running:
        yield running


def _authenticated(endpoint):
    return Client(endpoint.address, endpoint.family, authkey=endpoint.read_authkey())


def _still_answers(endpoint):
    return request("status", timeout=2, endpoint=endpoint) == {"cmd": "status"}


@pytest.mark.parametrize(
    ("cmd", "args", "decoded"),
    [
        ("status", {}, {}),
        ("snooze", {"duration": "10m", "reminder": "walk"}, {"duration": "10m",
                                                              "reminder": "walk"}),
        ("snooze", {"duration": "rest_of_day"}, {"duration": "rest_of_day", "reminder": None}),
        ("pause", {"until": "16:00"}, {"until": "16:00"}),
        ("pause", {}, {}),
        ("resume", {}, {}),
        ("trigger", {"reminder": "posture"}, {"reminder": "posture"}),
        ("reload", {}, {}),
        ("stop", {}, {}),
        ("routine", {"name": "lumbar"}, {"name": "lumbar"}),
    ],
)
def test_each_command_reaches_the_handler_decoded(server, endpoint, recorder, cmd, args,
                                                  decoded):
    assert request(cmd, args, endpoint=endpoint) == {"cmd": cmd}
    assert recorder.requests == [Request(cmd, decoded)]


def test_the_handler_runs_on_a_server_thread(endpoint):
    threads = []

    def handler(req):
        threads.append(threading.current_thread())
        return Response.success()

    with ControlServer(handler, endpoint):
        request("status", endpoint=endpoint)
    assert threads and threads[0] is not threading.main_thread()


def test_a_refusal_from_the_daemon_reaches_the_user_as_its_message(endpoint):
    refuse = ControlServer(lambda req: Response.failure("no snoozes left today"), endpoint)
    with refuse, pytest.raises(UserError) as caught:
        request("snooze", {"duration": "5m"}, endpoint=endpoint)
    assert str(caught.value) == "no snoozes left today"
    assert caught.value.exit_code == 1


def test_a_failing_handler_is_answered_with_a_failure_and_the_server_goes_on(endpoint, caplog):
    calls = []

    def handler(req):
        calls.append(req.cmd)
        if req.cmd == "reload":
            raise RuntimeError("boom")
        return Response.success({"cmd": req.cmd})

    with ControlServer(handler, endpoint):
        with pytest.raises(UserError, match="could not carry out 'reload'"):
            request("reload", endpoint=endpoint)
        assert _still_answers(endpoint)
    assert "the handler failed" in caplog.text


def test_non_json_is_answered_with_an_error_and_the_server_still_answers(server, endpoint,
                                                                         recorder, caplog):
    with _authenticated(endpoint) as connection:
        connection.send_bytes(b"\x80garbage{")
        response = decode_response(connection.recv_bytes())
    assert not response.ok
    assert "invalid request" in response.error
    assert recorder.requests == []
    assert _still_answers(endpoint)
    assert caplog.text.count("rejected a connection: invalid request") == 1


def test_an_invalid_request_is_answered_with_the_reason(server, endpoint):
    with _authenticated(endpoint) as connection:
        connection.send_bytes(b'{"v": 1, "cmd": "dance", "args": {}}')
        response = decode_response(connection.recv_bytes())
    assert "unknown command 'dance'" in response.error


def test_an_oversized_message_is_answered_with_the_limit_and_the_server_still_answers(
    server, endpoint, recorder, caplog
):
    with _authenticated(endpoint) as connection:
        connection.send_bytes(b"x" * (MAX_MESSAGE_BYTES + 1))
        response = decode_response(connection.recv_bytes())
    assert not response.ok
    assert f"request of {MAX_MESSAGE_BYTES + 1} bytes exceeds the limit" in response.error
    assert recorder.requests == []
    assert _still_answers(endpoint)
    assert "rejected a connection: invalid request" in caplog.text


def test_a_message_far_over_the_limit_is_cut_off_unread(server, endpoint, recorder, caplog):
    with _authenticated(endpoint) as connection:
        # Only the length header: the server must not wait for (or read) the body.
        os.write(connection.fileno(), struct.pack("!i", READ_LIMIT + 1))
        with pytest.raises((EOFError, ConnectionResetError)):
            connection.recv_bytes()
    assert recorder.requests == []
    assert _still_answers(endpoint)
    assert "bad message length" in caplog.text


def test_a_wrong_authkey_is_refused_and_the_server_still_answers(server, endpoint, recorder,
                                                                 caplog):
    with pytest.raises(AuthenticationError):
        Client(endpoint.address, endpoint.family, authkey=b"not the key")
    assert recorder.requests == []
    assert _still_answers(endpoint)
    # The refusal reaches the client before the server's worker logs it.
    wait_until(lambda: "rejected a connection: wrong authkey" in caplog.text,
               what="the server to log the refusal")
    assert caplog.text.count("rejected a connection: wrong authkey") == 1


def test_a_client_without_any_authkey_gets_nothing(server, endpoint, recorder, caplog):
    with Client(endpoint.address, endpoint.family) as connection:
        connection.send_bytes(b'{"v": 1, "cmd": "stop", "args": {}}')
        # The server's first message is its challenge, never an answer.
        assert connection.recv_bytes().startswith(b"#CHALLENGE#")
    wait_until(lambda: "rejected a connection" in caplog.text, what="the server to drop it")
    assert recorder.requests == []
    assert _still_answers(endpoint)


def test_a_client_that_connects_and_hangs_up_does_not_disturb_the_server(server, endpoint,
                                                                         caplog):
    with socket.socket(socket.AF_UNIX) as raw:
        raw.connect(endpoint.address)
    assert _still_answers(endpoint)
    wait_until(lambda: "rejected a connection" in caplog.text, what="the server to log it")


def test_a_silent_client_does_not_hold_up_the_others(server, endpoint):
    with Client(endpoint.address, endpoint.family):
        # The silent connection has 3 s before it is dropped; an answer within
        # 1 s shows that it is served beside it, not after it.
        assert request("status", timeout=1, endpoint=endpoint) == {"cmd": "status"}


def test_a_silent_client_is_dropped_after_the_connection_timeout(endpoint, caplog):
    with ControlServer(Recorder(), endpoint, connection_timeout=0.3), \
            Client(endpoint.address, endpoint.family) as silent:
        silent.recv_bytes()  # the challenge, which it never answers
        with pytest.raises(EOFError):
            silent.recv_bytes()
    assert "the client sent nothing" in caplog.text


def test_a_half_sent_message_is_dropped_after_the_connection_timeout(endpoint, caplog):
    with ControlServer(Recorder(), endpoint, connection_timeout=0.3):
        with _authenticated(endpoint) as connection:
            os.write(connection.fileno(), b"\x00\x00")  # half of a length header
            with pytest.raises((EOFError, ConnectionResetError)):
                connection.recv_bytes()
        assert _still_answers(endpoint)
    assert "rejected a connection" in caplog.text


def test_connections_beyond_the_cap_are_closed_at_once(endpoint, caplog):
    with ControlServer(Recorder(), endpoint, connection_timeout=3, max_connections=1), \
            Client(endpoint.address, endpoint.family) as first:
        # Its challenge has come: it holds the one slot.
        assert first.poll(5), "the first connection was never served"
        with pytest.raises((EOFError, ConnectionResetError)):
            Client(endpoint.address, endpoint.family).recv_bytes()
    assert "too many at once" in caplog.text


def test_a_handler_slower_than_the_client_timeout_is_reported(endpoint):
    release = threading.Event()

    def slow(req):
        release.wait(5)
        return Response.success()

    with ControlServer(slow, endpoint):
        try:
            with pytest.raises(UserError, match=r"did not answer within 0\.3 s"):
                request("status", timeout=0.3, endpoint=endpoint)
        finally:
            release.set()


def test_socket_directory_and_authkey_are_private(server, endpoint):
    assert stat.S_IMODE(os.stat(endpoint.directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(endpoint.address).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(endpoint.authkey_path).st_mode) == 0o600


def test_each_start_writes_a_new_authkey(endpoint, recorder):
    with ControlServer(recorder, endpoint):
        first = endpoint.read_authkey()
    with ControlServer(recorder, endpoint):
        second = endpoint.read_authkey()
    assert first != second


def test_close_is_prompt_with_a_silent_client_and_removes_socket_and_key(endpoint):
    server = ControlServer(Recorder(), endpoint, connection_timeout=30)
    server.start()
    silent = Client(endpoint.address, endpoint.family)
    assert silent.poll(5), "the silent connection was never served"
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 2
    silent.close()
    assert not os.path.exists(endpoint.address)
    assert not endpoint.authkey_path.exists()


def test_without_a_daemon_the_client_says_ergo_is_not_running(endpoint):
    with pytest.raises(DaemonNotRunning) as caught:
        request("status", endpoint=endpoint)
    assert caught.value.exit_code == 1
    assert "ergo is not running" in str(caught.value)


def test_a_stale_socket_and_key_from_a_crashed_daemon_mean_not_running(endpoint):
    endpoint.write_authkey()
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(endpoint.address)
    stale.close()  # the file stays, nobody listens: what kill -9 leaves behind
    with pytest.raises(DaemonNotRunning):
        request("status", endpoint=endpoint)


def test_invalid_arguments_are_a_usage_error_before_anything_is_sent(endpoint):
    with pytest.raises(UserError) as caught:
        request("pause", {"until": "24:00"}, endpoint=endpoint)
    assert caught.value.exit_code == 2
    assert "HH:MM" in str(caught.value)


def test_the_environment_variable_chooses_the_runtime_directory(runtime_dir, monkeypatch):
    monkeypatch.setenv("ERGO_RUNTIME_DIR", str(runtime_dir))
    assert Endpoint.for_dir().address == str(runtime_dir / "ergo.sock")


def test_a_socket_path_too_long_for_af_unix_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="set ERGO_RUNTIME_DIR to a shorter directory"):
        Endpoint.for_dir(tmp_path / ("d" * 120))


@pytest.fixture(autouse=True)
def _capture_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="ergo.control.server")


def test_a_second_server_on_a_taken_address_fails_and_leaves_the_key_alone(server, endpoint):
    key = endpoint.read_authkey()
    with pytest.raises(OSError):
        ControlServer(Recorder(), endpoint).start()
    assert endpoint.read_authkey() == key
    assert _still_answers(endpoint)
