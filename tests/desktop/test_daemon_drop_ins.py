"""The real daemon with organisation drop-ins (``org.d/*.yaml``): a broken drop-in is
named where the user looks, the other files' locks hold, and a fixed or new drop-in is
picked up without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.test_daemon import REMINDER, Ergo, config_text
from tests.desktop.test_daemon_faults import first_due_in, org_text, problem_notification

pytestmark = pytest.mark.desktop


@pytest.fixture
def ergo(desktop: DesktopSession) -> Iterator[Ergo]:
    user = Ergo(desktop)
    # The user tries a three-second interval; the organisation's lock must win.
    user.config.write_text(config_text(every="3s"))
    yield user
    user.close()


def test_a_broken_drop_in_is_named_and_the_other_locks_hold_until_it_is_fixed(ergo: Ergo):
    org = ergo.root / "org.yaml"
    org.write_text(org_text(every="1h"))
    (ergo.root / "org.d").mkdir()
    broken = ergo.root / "org.d" / "20-it.yaml"
    broken.write_text("reminders: {" + REMINDER + ": [\n")
    ergo.start("--org-config", str(org))
    status = ergo.status()
    assert status["config_problems"][0].startswith(f"{broken}:")
    assert first_due_in(status) > timedelta(minutes=50)
    assert str(broken) in problem_notification(ergo)

    # Fixed, with a new interval: the watcher sees the drop-in change.
    broken.write_text(f"reminders:\n  {REMINDER}: {{every: 3h}}\n")
    wait_until(lambda: first_due_in(ergo.status()) > timedelta(hours=2), timeout=15,
               what="the fixed drop-in in force")
    assert ergo.status()["config_problems"] == []

    # A new drop-in is picked up too.
    (ergo.root / "org.d" / "30-hr.yaml").write_text(f"reminders:\n  {REMINDER}: {{every: 2h}}\n")
    wait_until(lambda: timedelta(hours=1) < first_due_in(ergo.status()) <= timedelta(hours=2),
               timeout=15, what="the new drop-in in force")
