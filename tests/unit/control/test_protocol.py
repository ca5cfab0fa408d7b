"""The control protocol: what round-trips, and what is rejected with which message."""

from __future__ import annotations

import json
import pickle

import pytest

from ergo.control.protocol import (
    COMMANDS,
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Request,
    Response,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)

VALID = [
    Request("status", {}),
    Request("snooze", {"duration": "10m", "reminder": None}),
    Request("snooze", {"duration": "rest_of_day", "reminder": "walk"}),
    Request("pause", {}),
    Request("pause", {"for": "1h30m"}),
    Request("pause", {"until": "17:05"}),
    Request("pause", {"tomorrow": True}),
    Request("resume", {}),
    Request("trigger", {"reminder": "posture"}),
    Request("reload", {}),
    Request("stop", {}),
    Request("routine", {"name": "lumbar"}),
    Request("routine", {"name": None}),
]


@pytest.mark.parametrize("request_", VALID, ids=lambda r: f"{r.cmd}-{json.dumps(dict(r.args))}")
def test_a_valid_request_survives_encoding_and_decoding(request_):
    assert decode_request(encode_request(request_)) == request_


def test_every_command_has_a_valid_example():
    assert {r.cmd for r in VALID} == set(COMMANDS)


@pytest.mark.parametrize(
    ("args", "cmd", "expected"),
    [
        ({"duration": "5m"}, "snooze", {"duration": "5m", "reminder": None}),
        ({}, "routine", {"name": None}),
        ({}, "pause", {}),
    ],
)
def test_optional_arguments_are_filled_with_their_defaults(args, cmd, expected):
    raw = json.dumps({"v": 1, "cmd": cmd, "args": args}).encode()
    assert dict(decode_request(raw).args) == expected


def test_a_request_without_args_means_no_arguments():
    assert decode_request(b'{"v": 1, "cmd": "status"}') == Request("status", {})


@pytest.mark.parametrize(
    "response", [Response.success({"pid": 12, "next": []}), Response.failure("not allowed")]
)
def test_a_response_survives_encoding_and_decoding(response):
    assert decode_response(encode_response(response)) == response


def _request(cmd, **args):
    return json.dumps({"v": 1, "cmd": cmd, "args": args}).encode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json at all", "not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2]", "must be a JSON object"),
        (pickle.dumps({"v": 1, "cmd": "stop"}), "request is not"),
        (b'{"cmd": "status", "args": {}}', "protocol version None"),
        (b'{"v": 2, "cmd": "status", "args": {}}', "protocol version 2"),
        (b'{"v": true, "cmd": "status", "args": {}}', "protocol version True"),
        (b'{"v": 1, "cmd": "status", "args": {}, "extra": 1}', "unknown keys: extra"),
        (b'{"v": 1, "cmd": 5, "args": {}}', "'cmd' must be a string"),
        (_request("dance"), "unknown command 'dance'"),
        (b'{"v": 1, "cmd": "status", "args": []}', "must be an object, not list"),
        (_request("status", verbose=True), "'status' does not take verbose"),
        (_request("snooze"), "needs the argument 'duration'"),
        (_request("snooze", duration=10), "a duration must be a string"),
        (_request("snooze", duration="10 minutes"), "is not a duration"),
        (_request("snooze", duration="0m"), "longer than zero"),
        (_request("snooze", duration="5m", reminder=""), "non-empty string"),
        (_request("snooze", duration="5m", reminder="x" * 201), "at most 200"),
        (_request("pause", until="25:00"), "HH:MM"),
        (_request("pause", until="9:00"), "HH:MM"),
        (_request("pause", tomorrow=False), "can only be true"),
        (_request("pause", tomorrow=1), "can only be true"),
        (_request("pause", until="10:00", tomorrow=True), "at most one of"),
        (_request("trigger"), "needs the argument 'reminder'"),
        (_request("trigger", reminder=["a"]), "non-empty string"),
        (b" " * (MAX_MESSAGE_BYTES + 1), "exceeds the limit"),
    ],
)
def test_a_malformed_request_is_rejected_with_a_message_naming_the_problem(raw, message):
    with pytest.raises(ProtocolError) as caught:
        decode_request(raw)
    assert message in str(caught.value)


def test_an_unknown_command_cannot_be_encoded():
    with pytest.raises(ProtocolError, match="unknown command 'dance'"):
        encode_request(Request("dance", {}))


def test_invalid_arguments_cannot_be_encoded():
    with pytest.raises(ProtocolError, match="snooze duration"):
        encode_request(Request("snooze", {"duration": "soon"}))


def test_a_response_larger_than_the_limit_cannot_be_encoded():
    with pytest.raises(ProtocolError, match="exceeds the limit"):
        encode_response(Response.success({"blob": "x" * MAX_MESSAGE_BYTES}))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"v": 1, "data": {}}', "'ok' must be true or false"),
        (b'{"v": 1, "ok": true, "data": []}', "'data' must be an object"),
        (b'{"v": 1, "ok": false, "error": ""}', "non-empty string"),
        (b'{"v": 1, "ok": false, "error": "x", "data": {}}', "unknown keys: data"),
        (b'{"v": 3, "ok": true, "data": {}}', "protocol version 3"),
    ],
)
def test_a_malformed_response_is_rejected(raw, message):
    with pytest.raises(ProtocolError) as caught:
        decode_response(raw)
    assert message in str(caught.value)
