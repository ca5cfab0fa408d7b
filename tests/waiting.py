"""Waiting on a condition with a deadline, for tests that watch other threads or
processes: :func:`wait_until` for something that should come, :func:`stays` for
something that should not change for a while, :func:`wait_still` for something
(a picture, a window's place) that should stop changing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: How often a condition is looked at again.
POLL = 0.05


def wait_until(check: Callable[[], T], timeout: float = 5.0, what: str = "condition") -> T:
    """Call ``check`` until it returns something truthy; return that, or raise
    TimeoutError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(POLL)


def stays(check: Callable[[], object], seconds: float, what: str = "condition") -> None:
    """Call ``check`` for ``seconds``; raise AssertionError naming ``what`` as soon as it
    returns something falsy. For behaviour that is "nothing happens for a while"."""
    end = time.monotonic() + seconds
    while True:
        assert check(), f"{what} stopped holding"
        if time.monotonic() >= end:
            return
        time.sleep(POLL)


def wait_still(look: Callable[[], T], timeout: float = 5.0, what: str = "it to settle") -> T:
    """Call ``look`` until two calls in a row return the same (truthy) value; return it,
    or raise TimeoutError naming ``what`` after ``timeout`` seconds."""
    last: list[T] = []

    def settled() -> T | None:
        now = look()
        same = bool(now) and bool(last) and now == last[0]
        last[:] = [now]
        return now if same else None

    return wait_until(settled, timeout, what)
