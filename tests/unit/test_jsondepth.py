"""Decoding JSON from outside with a nesting limit."""

from __future__ import annotations

import pytest

from ergo.jsondepth import MAX_DEPTH, DepthError, loads_bounded


def test_nesting_up_to_the_limit_decodes_and_one_more_level_is_refused():
    fits = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads_bounded(fits.encode()) is not None
    with pytest.raises(DepthError, match=f"nested more than {MAX_DEPTH} levels deep"):
        loads_bounded("[" + fits + "]")


def test_brackets_inside_strings_do_not_count_even_after_escaped_quotes():
    text = '{"a": "' + '\\"[' * 1000 + '"}'
    assert loads_bounded(text) == {"a": '"[' * 1000}


def test_a_hundred_thousand_levels_are_refused_before_parsing():
    with pytest.raises(DepthError):
        loads_bounded(b"[" * 100_000)
