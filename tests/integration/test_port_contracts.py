"""One contract per port (tray, notifier, idle monitor, interruption detector, helpers),
each run against the tests' fakes, the null adapters and the real adapters this machine
can run without a desktop: the D-Bus ones against services on a private bus, the
process lister, the helper starter.

A contract class names what every implementation of its port must do; each
``Test...`` subclass only says how to make one implementation (its ``port``
fixture). A fake that drifted from the port, or a new adapter that breaks what the
runtime relies on, fails here.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ergo.core.events import INTERRUPTION_REASONS
from ergo.desktop.idle_dbus import FREEDESKTOP_SCREENSAVER, MutterIdle, ScreenSaver
from ergo.desktop.idle_none import NoIdle
from ergo.desktop.interrupt_apps import AppsDetector, linux_processes
from ergo.desktop.interrupt_dbus import NotificationsInhibited
from ergo.desktop.notify_dbus import FreedesktopNotifier
from ergo.desktop.notify_log import LogNotifier
from ergo.desktop.tray_none import NoTray
from ergo.desktop.windows import WindowPath
from ergo.ports import (
    DetectorUnavailable,
    IdleUnavailable,
    MenuItem,
    Notification,
    TrayView,
)
from ergo.runtime.helpers import Helpers
from tests.dbus_services import FakeMutter, FakeNotifications, FakeScreenSaver, start_bus
from tests.fakes import RecordingHelpers, RecordingNotifier
from tests.idle_fakes import ScriptedMonitor, SimClock

SIGNALS = {"input", "idle", "lock", "sleep", "resume"}
VIEW = TrayView("due", "ergo: stand up", (MenuItem("Done", "done"),))


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus, in this process's environment."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is missing (see .ci/system-packages)")
    process, address = start_bus(tmp_path, "session")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    process.kill()
    process.wait()


def _adapter_on(service: Any, make: Callable[[], Any]) -> Iterator[Any]:
    """Serve ``service`` on the bus, yield the adapter ``make`` builds against it, then
    close both."""
    service.start()
    made = make()
    yield made
    made.close()
    service.stop()


# -- tray ------------------------------------------------------------------------------


class TrayContract:
    """What the daemon relies on in a tray: a name, a menu flag, ``show`` from any thread
    without blocking, and ``run`` that calls ``on_ready`` and returns once stopped."""

    def test_it_has_a_name_and_says_whether_it_has_a_menu(self, port):
        assert isinstance(port.name, str) and port.name
        assert isinstance(port.has_menu, bool)

    def test_run_calls_on_ready_shows_views_and_returns_after_stop(self, port):
        ready = threading.Event()
        loop = threading.Thread(target=port.run, args=(ready.set,), daemon=True)
        loop.start()
        assert ready.wait(5), "on_ready was never called"
        shown = threading.Thread(target=port.show, args=(VIEW,))
        shown.start()
        shown.join(2)
        assert not shown.is_alive(), "show blocked"
        port.stop()
        loop.join(5)
        assert not loop.is_alive(), "run did not return after stop"

    def test_stop_before_run_is_harmless(self, port):
        port.stop()


class TestNoTray(TrayContract):
    @pytest.fixture
    def port(self):
        return NoTray(lambda action: None, "contract test")


# -- notifier --------------------------------------------------------------------------


class NotifierContract:
    """What the dispatcher relies on in a notifier: a name, ``check`` that passes while
    it works, ``notify`` that says whether the answers come back (never without any),
    ``withdraw`` that never raises, and ``about`` lines for ``ergo doctor``."""

    def test_it_has_a_name_and_passes_its_check(self, port):
        assert isinstance(port.name, str) and port.name
        assert port.check() is None

    def test_a_notification_without_answers_never_claims_to_carry_them(self, port):
        shown = port.notify(Notification("Stand up", "Walk to the window.",
                                         timedelta(seconds=5), tag=("walk",)))
        assert shown is False

    def test_withdrawing_what_was_never_shown_is_harmless(self, port):
        port.withdraw(("never-shown",))

    def test_about_is_lines_of_text(self, port):
        lines = port.about()
        assert isinstance(lines, tuple) and all(isinstance(line, str) for line in lines)


class TestRecordingNotifier(NotifierContract):
    @pytest.fixture
    def port(self):
        return RecordingNotifier()


class TestLogNotifier(NotifierContract):
    @pytest.fixture
    def port(self):
        return LogNotifier()


class TestFreedesktopNotifier(NotifierContract):
    @pytest.fixture
    def port(self, session_bus, tmp_path):
        env = {"XDG_DATA_HOME": str(tmp_path / "share")}
        yield from _adapter_on(FakeNotifications(session_bus),
                               lambda: FreedesktopNotifier(env=env))


# -- idle monitor ----------------------------------------------------------------------


class IdleMonitorContract:
    """What the idle watcher relies on in a monitor: a name, signals it may report, idle
    seconds that are never negative (or IdleUnavailable), a lock state that is True,
    False or None (or IdleUnavailable), and ``close`` that is harmless twice."""

    def test_it_has_a_name_and_reports_only_known_signals(self, port):
        assert isinstance(port.name, str) and port.name
        assert set(port.signals) <= SIGNALS

    def test_idle_time_and_lock_state_after_start(self, port):
        port.start(60.0, lambda signal: None)
        try:
            idle = port.idle_seconds()
        except IdleUnavailable as error:
            assert str(error)
        else:
            assert isinstance(idle, float | int) and idle >= 0
        try:
            assert port.locked() in (True, False, None)
        except IdleUnavailable as error:
            assert str(error)

    def test_close_twice_is_harmless(self, port):
        port.start(60.0, lambda signal: None)
        port.close()
        port.close()


class TestScriptedMonitor(IdleMonitorContract):
    @pytest.fixture
    def port(self):
        from datetime import UTC, datetime

        return ScriptedMonitor(SimClock(datetime(2025, 3, 3, 9, tzinfo=UTC)))


class TestNoIdle(IdleMonitorContract):
    @pytest.fixture
    def port(self):
        return NoIdle("contract test")


class TestScreenSaverMonitor(IdleMonitorContract):
    @pytest.fixture
    def port(self, session_bus):
        yield from _adapter_on(FakeScreenSaver(session_bus),
                               lambda: ScreenSaver(FREEDESKTOP_SCREENSAVER))


class TestMutterMonitor(IdleMonitorContract):
    @pytest.fixture
    def port(self, session_bus):
        yield from _adapter_on(FakeMutter(session_bus), MutterIdle)


# -- interruption detector -------------------------------------------------------------


class DetectorContract:
    """What the idle watcher relies on in a detector: a name, one of the engine's
    interruption reasons, ``check`` that gives None or a non-empty description (or
    DetectorUnavailable), and ``close`` that is harmless twice."""

    def test_it_has_a_name_and_a_reason_the_engine_knows(self, port):
        assert isinstance(port.name, str) and port.name
        assert port.reason in INTERRUPTION_REASONS

    def test_check_says_what_goes_on_or_nothing(self, port):
        try:
            found = port.check()
        except DetectorUnavailable as error:
            assert str(error)
        else:
            assert found is None or (isinstance(found, str) and found)

    def test_close_twice_is_harmless(self, port):
        port.close()
        port.close()


class TestAppsDetectorOnThisMachine(DetectorContract):
    @pytest.fixture
    def port(self):
        return AppsDetector(["zoom", "python3"], linux_processes)


class TestAppsDetectorThatCannotList(DetectorContract):
    @pytest.fixture
    def port(self):
        def broken() -> set[str]:
            raise OSError("no /proc")

        return AppsDetector(["zoom"], broken)


class TestNotificationsInhibited(DetectorContract):
    @pytest.fixture
    def port(self, session_bus):
        yield from _adapter_on(FakeNotifications(session_bus), NotificationsInhibited)


# -- helpers ---------------------------------------------------------------------------


class HelpersContract:
    """What the dispatcher relies on in its helpers before any window opens: no prompt
    and no player open, ``can_prompt`` following how windows open, and closing what is
    not open (the prompt, everything) is harmless."""

    def test_nothing_is_open_at_first(self, port):
        assert port.prompt_ids == ()
        assert port.routine_playing is False

    def test_it_can_prompt_exactly_when_windows_can_open(self, port):
        assert port.can_prompt() is (port.windows.name is not None)

    def test_closing_what_is_not_open_is_harmless(self, port):
        port.close_prompt()
        assert port.prompt_ids == ()
        port.close()
        port.close()


@pytest.mark.parametrize("windows", [WindowPath("x11"),
                                     WindowPath(None, "no display")], ids=["x11", "none"])
class TestRecordingHelpers(HelpersContract):
    @pytest.fixture
    def port(self, windows):
        return RecordingHelpers(windows=windows)


@pytest.mark.parametrize("windows", [WindowPath("x11"),
                                     WindowPath(None, "no display")], ids=["x11", "none"])
class TestRealHelpers(HelpersContract):
    @pytest.fixture
    def port(self, windows):
        helpers = Helpers(lambda item: None, icon=None, windows=windows)
        yield helpers
        helpers.close()
