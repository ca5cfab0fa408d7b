"""Loading one YAML source: safe rules, positions, and a clear error for every bad input."""

from __future__ import annotations

import os
import time

import pytest

from ergo.config.load import MAX_BYTES, load_bytes, load_path, load_text
from ergo.config.problems import ConfigError, Mark


def error_of(call, *args) -> str:
    with pytest.raises(ConfigError) as caught:
        call(*args)
    return "\n".join(caught.value.problems)


def test_keys_keep_their_line_and_column():
    document = load_text("reminders:\n  walk:\n    every: 45m\n", "f.yaml")
    assert document.data == {"reminders": {"walk": {"every": "45m"}}}
    assert document.marks[("reminders", "walk", "every")] == Mark("f.yaml", 3, 5)
    assert document.mark(("reminders", "walk", "every", "deeper")) == Mark("f.yaml", 3, 5)


def test_times_of_day_and_off_stay_text_as_in_yaml_1_2():
    document = load_text("end: 17:30\nfri: off\nok: yes\nflag: true\nn: 0x10\n", "f")
    assert document.data == {"end": "17:30", "fri": "off", "ok": "yes", "flag": True, "n": 16}


def test_an_empty_file_or_one_with_only_comments_holds_no_settings():
    assert load_text("", "f").data == {}
    assert load_text("# nothing here\n\n", "f").data == {}


def test_a_file_that_is_a_list_is_reported_at_its_first_line():
    assert error_of(load_text, "- a\n- b\n", "f.yaml").startswith(
        "f.yaml:1:1: the file holds a list, not settings")


def test_a_syntax_error_names_file_line_and_the_offending_text():
    message = error_of(load_text, "language: en\nreminders:\n  walk: every: 20m\n", "f.yaml")
    assert message.startswith("f.yaml:3:14: YAML syntax error:")
    assert "`walk: every: 20m`" in message
    assert "quotes" in message


def test_a_tab_in_the_indentation_gets_a_hint_about_spaces():
    message = error_of(load_text, "reminders:\n\twalk: {}\n", "f.yaml")
    assert message.startswith("f.yaml:2:1:")
    assert "indent with spaces" in message


def test_a_key_given_twice_names_both_lines():
    message = error_of(load_text, "language: en\nsnooze: {}\nlanguage: nl\n", "f.yaml")
    assert message == "f.yaml:3:1: language: is given twice (first at line 1); keep one of them"


def test_python_object_tags_are_refused_not_executed():
    message = error_of(load_text, "x: !!python/object/apply:os.system [echo hi]\n", "f.yaml")
    assert "f.yaml:1:4: x: the tag !!python/object/apply:os.system is not supported" in message


def test_a_billion_laughs_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    # CPU time, not wall time: what the refusal costs, however busy the machine is.
    started = time.process_time()
    message = error_of(load_text, "\n".join(lines), "bomb.yaml")
    assert time.process_time() - started < 2
    assert message.startswith("bomb.yaml:")
    assert "anchors and aliases" in message


def test_an_alias_that_contains_itself_is_refused():
    assert "anchors and aliases" in error_of(load_text, "a: &x [1, *x]\n", "f")


def test_deep_nesting_is_refused_before_building_anything():
    started = time.process_time()
    message = error_of(load_text, "a: " + "[" * 200_000, "deep.yaml")
    assert time.process_time() - started < 2
    assert "deep.yaml:1:" in message
    assert "nested more than" in message or "nesting depth" in message


def test_block_nesting_beyond_the_limit_is_refused():
    text = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(60)) + "  " * 60 + "v: 1\n"
    assert "nested more than 32 levels" in error_of(load_text, text, "f")


def test_binary_data_is_reported_as_not_yaml(tmp_path):
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_of(load_path, path) == (
        f"{path}:3:1: this looks like a binary file, not YAML text; "
        "give the path of the .yaml config file")


def test_latin1_text_is_reported_with_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "ergo.yaml"
    path.write_bytes("language: nl\ntitle: caf\xe9\n".encode("latin-1"))
    assert error_of(load_path, path) == (
        f"{path}:2:1: the byte 0xe9 is not UTF-8 text; save the file with UTF-8 encoding")


def test_a_utf8_byte_order_mark_is_accepted():
    assert load_bytes(b"\xef\xbb\xbflanguage: nl\n", "f").data == {"language": "nl"}


def test_control_characters_are_reported_with_their_position():
    message = error_of(load_text, "language: en\ntitle: a\x07b\n", "f.yaml")
    assert message.startswith("f.yaml:2:9: the character #x7 is not allowed")


def test_a_file_over_one_mebibyte_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "is larger than 1024 KiB" in error_of(load_path, path)


def test_a_directory_is_reported(tmp_path):
    assert error_of(load_path, tmp_path) == (
        f"{tmp_path}: is a directory; give the path of a .yaml file")


def test_a_missing_file_is_reported(tmp_path):
    assert error_of(load_path, tmp_path / "nope.yaml") == (
        f"{tmp_path / 'nope.yaml'}: no such file; check the path")


def as_unprivileged_user(function, *args) -> str:
    """Run ``function(*args)`` in a forked child that gave up root, so that file
    permissions apply even when the suite runs as root (as in CI); return its result."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            os.write(writer, function(*args).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as stream:
        result = stream.read()
    os.waitpid(child, 0)
    return result


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX file permissions")
def test_an_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("language: en\n")
    path.chmod(0)
    tmp_path.chmod(0o755)
    assert "permission denied" in as_unprivileged_user(error_of, load_path, path)


def test_a_second_document_is_reported():
    assert "remove the '---' line" in error_of(load_text, "a: 1\n---\nb: 2\n", "f")
