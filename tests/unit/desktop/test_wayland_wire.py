"""The Wayland wire format: requests and events as bytes, split from a stream."""

from __future__ import annotations

import struct

import pytest

from ergo.desktop.wayland_wire import WaylandError, decode, encode, socket_path, split


def test_a_request_has_the_object_the_opcode_and_its_length_in_the_header():
    message = encode(3, 1, "nuo", 7, 10_000, 5)
    assert message[:8] == struct.pack("<IHH", 3, 1, 20)
    assert message[8:] == struct.pack("<III", 7, 10_000, 5)


def test_strings_carry_their_length_with_the_nul_and_are_padded_to_four_bytes():
    message = encode(2, 0, "usun", 9, "wl_seat", 1, 4)
    body = message[8:]
    assert struct.unpack_from("<II", body) == (9, 8)
    assert body[8:16] == b"wl_seat\0"
    assert decode("usun", body) == [9, "wl_seat", 1, 4]


def test_arrays_and_signed_ints_round_trip_and_a_null_string_is_none():
    states = struct.pack("<2I", 2, 3)
    body = encode(1, 4, "ais", states, -5, "")[8:]
    assert decode("ais", body) == [states, -5, ""]
    assert decode("s", struct.pack("<I", 0)) == [None]


def test_split_takes_whole_messages_and_keeps_a_partial_one_for_later():
    stream = bytearray(encode(4, 0, "") + encode(5, 1, "u", 42))
    tail = encode(6, 0, "s", "title")
    stream += tail[:10]
    assert split(stream) == [(4, 0, b""), (5, 1, struct.pack("<I", 42))]
    assert stream == tail[:10]
    stream += tail[10:]
    assert split(stream) == [(6, 0, tail[8:])]
    assert stream == b""


def test_a_message_shorter_than_its_header_is_a_broken_stream():
    with pytest.raises(WaylandError, match="length of 4"):
        split(bytearray(struct.pack("<IHH", 1, 0, 4)))


def test_an_argument_running_past_the_message_is_refused():
    with pytest.raises(WaylandError, match="past its end"):
        decode("s", struct.pack("<I", 40) + b"abc\0")


def test_the_socket_is_wayland_display_under_the_runtime_dir_or_an_absolute_path():
    assert socket_path({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/5"}) == (
        "/run/user/5/wayland-1")
    assert socket_path({"WAYLAND_DISPLAY": "/tmp/w/sock"}) == "/tmp/w/sock"
    with pytest.raises(WaylandError, match="not a Wayland session"):
        socket_path({})
    with pytest.raises(WaylandError, match="XDG_RUNTIME_DIR"):
        socket_path({"WAYLAND_DISPLAY": "wayland-1"})
