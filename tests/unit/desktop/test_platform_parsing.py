"""The Windows and macOS adapters' arithmetic and parsing, with the OS calls left out."""

from __future__ import annotations

import json

import pytest

from ergo.desktop.idle_macos import LOCK_COMMAND, MacIdle, parse_idle, parse_locked
from ergo.desktop.idle_windows import QUNS_NOT_PRESENT, WindowsIdle, idle_from_ticks
from ergo.desktop.interrupt_apps import AppsDetector, matching, parse_ps, parse_tasklist
from ergo.desktop.interrupt_macos import FocusDetector, focus_on
from ergo.desktop.interrupt_windows import (
    ConsentStoreDetector,
    NotificationStateDetector,
    app_name,
    apps_in_use,
)
from ergo.ports import DetectorUnavailable, IdleUnavailable

WRAP = 2**32


def test_idle_time_is_the_tick_difference_in_seconds():
    assert idle_from_ticks(1_000_000, 940_000) == 60.0


def test_idle_time_survives_the_tick_counter_wrapping_after_49_7_days():
    assert idle_from_ticks(5_000, WRAP - 25_000) == 30.0
    assert idle_from_ticks(0, WRAP - 1) == 0.001


class FakeUser32:
    def __init__(self, ticks: tuple[int, int], state: int) -> None:
        self._ticks, self._state = ticks, state

    def ticks(self) -> tuple[int, int]:
        return self._ticks

    def notification_state(self) -> int:
        return self._state


def test_the_windows_monitor_reads_idle_and_lock_from_the_calls():
    monitor = WindowsIdle(FakeUser32((10_000, WRAP - 50_000), QUNS_NOT_PRESENT))
    assert monitor.idle_seconds() == 60.0
    assert monitor.locked() is True
    assert WindowsIdle(FakeUser32((1, 1), 5)).locked() is False


HID = """+-o IOHIDSystem  <class IOHIDSystem, id 0x100000451, registered, matched, active>
    {
      "HIDIdleTime" = 61234567890
      "HIDParameters" = {"HIDClickTime"=500000000}
    }
"""
ROOT = (
    "+-o Root  <class IORegistryEntry, id 0x100000100, retain 33>\n    {\n"
    '      "IOConsoleUsers" = ({"kCGSSessionOnConsoleKey"=Yes,'
    '"CGSSessionScreenIsLocked"=Yes,"kCGSSessionUserNameKey"="anne"})\n    }\n'
)


def test_macos_idle_time_comes_from_hididletime_in_nanoseconds():
    assert parse_idle(HID) == pytest.approx(61.23456789)
    assert parse_idle(HID + HID.replace("61234567890", "5000000000")) == 5.0
    with pytest.raises(IdleUnavailable):
        parse_idle("+-o IOHIDSystem\n")


def test_macos_lock_state_comes_from_the_console_user():
    assert parse_locked(ROOT) is True
    assert parse_locked(ROOT.replace('"CGSSessionScreenIsLocked"=Yes,', "")) is False


def test_the_macos_monitor_runs_ioreg_for_each_reading():
    calls = []

    def run(args):
        calls.append(tuple(args))
        return ROOT if tuple(args) == LOCK_COMMAND else HID

    monitor = MacIdle(run)
    assert monitor.locked() is True
    assert len(calls) == 2


def test_consent_store_entries_with_a_start_and_no_stop_are_apps_in_use():
    tree = {
        "NonPackaged\\C:#Users#anne#AppData#Roaming#Zoom#bin#Zoom.exe": {
            "LastUsedTimeStart": 133_500_000_000_000_000, "LastUsedTimeStop": 0},
        "NonPackaged\\C:#Windows#System32#SoundRecorder.exe": {
            "LastUsedTimeStart": 133_400_000_000_000_000,
            "LastUsedTimeStop": 133_400_000_100_000_000},
        "MSTeams_8wekyb3d8bbwe": {"LastUsedTimeStart": 133_500_000_000_000_000,
                                  "LastUsedTimeStop": 0},
        "Microsoft.WindowsCamera_8wekyb3d8bbwe": {"LastUsedTimeStart": 0,
                                                  "LastUsedTimeStop": 0},
    }
    assert apps_in_use(tree) == ["MSTeams", "Zoom.exe"]
    assert app_name("Microsoft.SkypeApp_kzf8qxf38zg5c") == "SkypeApp"


def test_the_consent_store_detector_names_microphone_and_camera_users():
    stores = {
        "microphone": {"NonPackaged\\C:#zoom.exe": {"LastUsedTimeStart": 1,
                                                   "LastUsedTimeStop": 0}},
        "webcam": {},
    }
    assert ConsentStoreDetector(stores.__getitem__).check() == "microphone in use by zoom.exe"

    def unreadable(capability):
        raise OSError("access denied")

    with pytest.raises(DetectorUnavailable, match="access denied"):
        ConsentStoreDetector(unreadable)


@pytest.mark.parametrize(("state", "fullscreen", "dnd"), [
    (2, "a full-screen program", None),
    (3, "a full-screen game or video", None),
    (4, "presentation mode", None),
    (5, None, None),
    (6, None, "quiet time"),
    (7, "a full-screen app", None),
])
def test_the_shell_notification_state_means_full_screen_or_quiet_time(state, fullscreen, dnd):
    assert NotificationStateDetector("fullscreen", lambda: state).check() == fullscreen
    assert NotificationStateDetector("dnd", lambda: state).check() == dnd


def test_process_lists_from_ps_and_tasklist():
    assert parse_ps("/sbin/launchd\n/Applications/zoom.us.app/Contents/MacOS/zoom.us\n"
                    "  obs\n") == {"launchd", "zoom.us", "obs"}
    assert parse_tasklist('"System","4","Services","0","144 K"\n'
                          '"Teams.exe","9120","Console","1","201,448 K"\n') == {
        "System", "Teams.exe"}


def test_listed_programs_match_without_case_or_exe_and_linux_short_names():
    running = {"teams.exe", "OBS", "chrome_crashpad"}
    assert matching(["Teams", "obs", "zoom", "chrome_crashpad_handler"], running) == [
        "Teams", "obs", "chrome_crashpad_handler"]
    assert AppsDetector(["zoom", "obs"], lambda: running).check() == "obs is running"
    assert AppsDetector(["zoom"], lambda: running).check() is None


def test_macos_focus_is_on_while_an_assertion_record_exists(tmp_path):
    on = {"data": [{"storeAssertionRecords": [{"assertionDetails": {"identifier": "x"}}]}]}
    assert focus_on(on) is True
    assert focus_on({"data": [{"storeAssertionRecords": []}]}) is False
    assert focus_on([]) is False
    path = tmp_path / "Assertions.json"
    assert FocusDetector(path).check() is None
    path.write_text(json.dumps(on))
    assert FocusDetector(path).check() == "Focus is on"
    path.write_text("{not json")
    with pytest.raises(DetectorUnavailable):
        FocusDetector(path)
