"""The first-run welcome marker."""

from __future__ import annotations

from datetime import UTC, datetime

from ergo.firstrun import mark_welcome_shown, welcome_marker, welcome_shown


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
