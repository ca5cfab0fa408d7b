"""first_that_works, the one way every adapter family is chosen: in order, the first
that works wins, every candidate passed over is kept with its reason, and nothing
after the winner is tried."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ergo.desktop.select import Rejected, first_that_works
from ergo.ports import IdleUnavailable


class Candidates:
    """Makers by name that fail with the given reason, or succeed with None as reason;
    the names in the order they were tried."""

    def __init__(self, reasons: dict[str, str | None]) -> None:
        self.reasons = reasons
        self.tried: list[str] = []

    def make(self, name: str) -> str:
        self.tried.append(name)
        reason = self.reasons[name]
        if reason is not None:
            raise IdleUnavailable(reason)
        return f"adapter {name}"


def test_the_first_candidate_that_works_wins_and_those_after_it_are_not_tried():
    candidates = Candidates({"a": "no a here", "b": None, "c": None})
    found = first_that_works(["a", "b", "c"], candidates.make, (IdleUnavailable,))
    assert (found.name, found.adapter) == ("b", "adapter b")
    assert candidates.tried == ["a", "b"]
    assert found.rejected == (Rejected("a", "no a here"),)


def test_candidates_are_tried_in_the_order_given():
    candidates = Candidates({"a": "no a", "b": "no b", "c": None})
    first_that_works(["c", "b", "a"], candidates.make, (IdleUnavailable,))
    assert candidates.tried == ["c"]
    first_that_works(["b", "a", "c"], candidates.make, (IdleUnavailable,))
    assert candidates.tried == ["c", "b", "a", "c"]


def test_when_none_works_every_rejection_is_kept_in_order_with_its_label_and_reason():
    candidates = Candidates({"x11": "no X display", "logind": "no session"})
    found = first_that_works(["x11", "logind"], candidates.make, (IdleUnavailable,),
                             label="idle ")
    assert (found.name, found.adapter) == (None, None)
    assert found.rejected == (Rejected("idle x11", "no X display"),
                              Rejected("idle logind", "no session"))


def test_explain_turns_the_error_into_the_reason():
    candidates = Candidates({"gtk": "gi missing", "xorg": None})
    found = first_that_works(["gtk", "xorg"], candidates.make, (IdleUnavailable,),
                             explain=lambda name, error: f"{name} needs help: {error}")
    assert found.rejected == (Rejected("gtk", "gtk needs help: gi missing"),)


def test_an_error_that_is_not_a_rejection_propagates():
    def broken(name: str) -> str:
        raise KeyError(name)

    with pytest.raises(KeyError):
        first_that_works(["a"], broken, (IdleUnavailable,))


LAZY = """
import json, sys
from ergo.desktop.select import NOTIFIERS, first_that_works
from ergo.ports import NotifierUnavailable
found = first_that_works(["plyer", "freedesktop"], lambda n: NOTIFIERS[n]("darwin", {}, None),
                         (NotifierUnavailable,))
print(json.dumps({"winner": found.name,
                  "loaded": sorted(m for m in sys.modules if m.startswith("ergo.desktop.notify"))}))
"""


def test_a_registry_candidate_after_the_winner_is_never_imported():
    done = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin"})
    result = json.loads(done.stdout)
    assert result["winner"] == "plyer"
    assert result["loaded"] == ["ergo.desktop.notify_plyer"]
