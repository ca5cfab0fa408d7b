"""The first-run welcome: its text and the marker that it was shown."""

from __future__ import annotations

from datetime import UTC, datetime

from ergo.firstrun import (
    mark_welcome_shown,
    welcome,
    welcome_marker,
    welcome_once,
    welcome_shown,
)
from ergo.i18n import install


def test_the_welcome_counts_as_shown_once_marked_and_stays_so(tmp_path):
    marker = welcome_marker(tmp_path / "state" / "ergo")
    assert not welcome_shown(marker)
    mark_welcome_shown(marker, datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    assert welcome_shown(marker)
    assert marker.read_text() == "2025-03-03T09:00:00+00:00\n"
    assert marker.stat().st_mode & 0o777 == 0o600


def test_an_unreadable_marker_still_means_shown(tmp_path):
    marker = welcome_marker(tmp_path)
    marker.write_bytes(b"\xff\x00 garbage")
    assert welcome_shown(marker)


def test_the_welcome_is_shown_on_the_first_start_only(tmp_path):
    marker = welcome_marker(tmp_path / "state")
    shown: list[str] = []
    first = welcome_once(marker, datetime(2025, 3, 3, 9, 0, tzinfo=UTC), lambda: shown.append("x"))
    again = welcome_once(marker, datetime(2025, 3, 4, 9, 0, tzinfo=UTC), lambda: shown.append("x"))
    assert (first, again, shown) == (True, False, ["x"])
    assert marker.read_text() == "2025-03-03T09:00:00+00:00\n"


def test_a_marker_that_cannot_be_written_is_logged_and_the_welcome_still_shown(tmp_path, caplog):
    blocked = tmp_path / "state"
    blocked.write_text("a file where the state dir should be")
    shown: list[str] = []
    assert welcome_once(welcome_marker(blocked), datetime.now(UTC), lambda: shown.append("x"))
    assert shown == ["x"]
    assert "cannot record that the welcome was shown" in caplog.text


def test_the_welcome_says_what_ergo_does_where_to_snooze_and_the_safety_note_in_dutch():
    install("nl")
    text = welcome()
    assert text.title == "Welkom bij ergo"
    snooze, safety = text.paragraphs[1], text.paragraphs[2]
    assert "systeemvak" in snooze and "ergo snooze 15m" in snooze
    assert "geen medisch advies" in safety and "tintelingen of een doof gevoel" in safety
    assert text.as_text().startswith("Welkom bij ergo\n\nTijdens je werktijd")
