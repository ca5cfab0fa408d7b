"""Waiting on a condition with a deadline, for tests that watch other threads or
processes: :func:`wait_until` for something that should come, :func:`stays` for
something that should not change for a while, :func:`wait_still` for something
(a picture, a window's place) that should stop changing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: How soon a condition is looked at again, at first, and how long the pause between
#: two looks grows to: a condition that comes soon is seen soon, and a long wait takes
#: few looks (a look that starts a program costs a fifth of a second of CPU).
POLL = 0.05
LONGEST_POLL = 0.25


def wait_until(check: Callable[[], T], timeout: float = 5.0, what: str = "condition") -> T:
    """Call ``check`` until it returns something truthy; return that, or raise
    TimeoutError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = POLL
    while True:
        result = check()
        if result:
            return result
        left = deadline - time.monotonic()
        if left < 0:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        # The last look comes at the deadline, not a whole pause after it.
        time.sleep(min(pause, left + 0.001))
        pause = min(pause * 1.5, LONGEST_POLL)


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
