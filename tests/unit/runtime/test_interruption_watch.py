"""The interruption watcher: detector readings in, interruption events out; the watch thread."""

from __future__ import annotations

import threading

from ergo.core.events import InterruptionEnded, InterruptionStarted
from ergo.core.model import InterruptionSettings
from ergo.desktop.select import Detectors
from ergo.ports import DetectorUnavailable
from ergo.runtime.idle_watch import SIGNAL_FALLBACK, InterruptionWatch, WatchThread


class Scripted:
    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason
        self.detail: str | None = None
        self.broken: str | None = None
        self.closed = False

    def check(self) -> str | None:
        if self.broken:
            raise DetectorUnavailable(self.broken)
        return self.detail

    def close(self) -> None:
        self.closed = True


def watcher(*detectors: Scripted, settings: list | None = None):
    put: list[object] = []
    chosen: list[InterruptionSettings] = []
    current = settings if settings is not None else [InterruptionSettings()]

    def select(wanted: InterruptionSettings) -> Detectors:
        chosen.append(wanted)
        return Detectors(tuple(d for d in detectors if wanted.apps or d.reason != "app"))

    return InterruptionWatch(put.append, lambda: current[0], select, every=15.0), put, chosen


def test_a_call_starting_and_ending_gives_one_start_and_one_end():
    mic = Scripted("capture", "meeting")
    watch, put, _ = watcher(mic)
    assert watch.poll() == 15.0
    mic.detail = "microphone in use by zoom"
    watch.poll()
    watch.poll()
    mic.detail = None
    watch.poll()
    assert put == [InterruptionStarted("meeting", "microphone in use by zoom"),
                   InterruptionEnded("meeting")]


def test_a_new_detail_is_passed_on_and_two_detectors_of_one_reason_count_once():
    mic, other = Scripted("capture", "meeting"), Scripted("consent", "meeting")
    watch, put, _ = watcher(mic, other)
    mic.detail = "microphone in use"
    watch.poll()
    other.detail = "camera in use"
    watch.poll()
    mic.detail = None
    watch.poll()
    other.detail = None
    watch.poll()
    assert put == [
        InterruptionStarted("meeting", "microphone in use"),
        InterruptionStarted("meeting", "camera in use"),
        InterruptionEnded("meeting"),
    ]


def test_a_detector_that_breaks_is_left_out_with_a_warning_and_its_interruption_ends(caplog):
    dnd = Scripted("notifications-inhibited", "dnd")
    watch, put, _ = watcher(dnd)
    dnd.detail = "do not disturb is on"
    watch.poll()
    dnd.broken = "the notification server went away"
    watch.poll()
    watch.poll()
    assert put == [InterruptionStarted("dnd", "do not disturb is on"), InterruptionEnded("dnd")]
    assert caplog.text.count("the notification server went away") == 1


def test_a_config_change_selects_the_detectors_again_and_closes_the_old_ones():
    apps = Scripted("apps", "app")
    apps.detail = "obs is running"
    settings = [InterruptionSettings()]
    watch, put, chosen = watcher(apps, settings=settings)
    watch.poll()
    assert put == []
    settings[0] = InterruptionSettings(apps=("obs",))
    watch.poll()
    assert put == [InterruptionStarted("app", "obs is running")]
    assert len(chosen) == 2
    settings[0] = InterruptionSettings()
    watch.poll()
    assert apps.closed
    assert put[-1] == InterruptionEnded("app")


def test_with_no_detector_the_watcher_looks_rarely():
    watch, _, _ = watcher(settings=[InterruptionSettings(meetings=False)])
    assert watch.poll() == SIGNAL_FALLBACK


class Counting:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.polls = 0
        self.polled = threading.Event()

    def poll(self) -> float:
        self.polls += 1
        self.polled.set()
        return self.delay


def test_the_thread_looks_at_each_part_when_due_and_at_once_when_woken():
    slow, fast = Counting(3600), Counting(0.05)
    thread = WatchThread([slow, fast])
    thread.start()
    try:
        assert slow.polled.wait(2)
        fast.polled.clear()
        assert fast.polled.wait(2)
        fast.polled.clear()
        assert fast.polled.wait(2)
        assert slow.polls == 1
        slow.polled.clear()
        thread.wake(slow)
        assert slow.polled.wait(2)
        assert slow.polls == 2
    finally:
        thread.stop()
