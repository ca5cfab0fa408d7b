"""Calendar feeds read from a real HTTP server on 127.0.0.1 and from files, with the disk copy."""

from __future__ import annotations

import logging
import stat
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ergo.calendar.feeds import feed_states, read_calendars
from ergo.calendar.fetch import FeedError, Validators, fetch, redacted
from ergo.core.model import InterruptionSettings
from tests import calendars
from tests.calendar_server import calendar_server

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2024, 6, 3, 8, tzinfo=AMS)
SECRET = "/owa/calendar/5f1c0ffee@example.org/9a8b7c6d-secret-token/calendar.ics"


def quick(source: str, known: Validators):
    return fetch(source, known, timeout=1.0, limit=200_000)


def read(cache, *sources: str, **options):
    settings = InterruptionSettings(calendars=sources, **options)
    return read_calendars(settings, cache, NOW, AMS, download=quick)


@pytest.fixture
def server():
    with calendar_server() as running:
        yield running


def starts(spans) -> list[str]:
    return [f"{s.start.astimezone(AMS):%a %H:%M}" for s in spans]


def test_outlook_google_and_nextcloud_feeds_give_their_busy_time_and_states(server, tmp_path):
    urls = [server.serve("/outlook.ics", calendars.outlook()),
            server.serve("/google/basic.ics", calendars.google()),
            server.serve("/remote.php/dav/public-calendars/x?export", calendars.nextcloud())]
    result = read(tmp_path, *urls)
    assert sorted(starts(result.spans)) == sorted([
        "Mon 09:00", "Tue 09:00", "Tue 12:00", "Wed 09:30", "Fri 09:00",  # Outlook
        "Mon 12:00", "Wed 16:00", "Mon 12:00",  # Google: the weekly 1:1 skips the 10th
        "Mon 14:00", "Tue 09:00", "Thu 16:00",  # Nextcloud
    ])
    assert [(f.source, f.events, f.error, f.fetched) for f in result.feeds] == [
        ("http://127.0.0.1/…", 7, None, NOW),
        ("http://127.0.0.1/…", 5, None, NOW),
        ("http://127.0.0.1/…", 5, None, NOW),
    ]


def test_an_unchanged_feed_is_answered_304_and_read_from_the_copy(server, tmp_path):
    url = server.serve("/outlook.ics", calendars.outlook())
    first = read(tmp_path, url)
    second = read(tmp_path, url)
    [(_, asked), (_, again)] = server.requests
    assert "If-None-Match" not in asked
    assert again["If-None-Match"] == server.etag("/outlook.ics")
    assert second.spans == first.spans
    assert second.feeds[0].error is None


def test_a_feed_that_does_not_answer_times_out_and_the_last_good_copy_stays(server, tmp_path,
                                                                              caplog):
    url = server.serve("/cal.ics", calendars.nextcloud())
    good = read(tmp_path, url)
    server.serve("/cal.ics", b"", slow=True)
    with caplog.at_level(logging.WARNING):
        stale = read(tmp_path, url)
        again = read(tmp_path, url)
    assert stale.spans == good.spans
    [feed] = stale.feeds
    assert feed.error == "http://127.0.0.1/… did not answer within 1 s"
    assert feed.fetched == NOW
    assert again.feeds == stale.feeds
    # One warning for the outage, not one per refresh.
    assert len([r for r in caplog.records if "did not answer" in r.getMessage()]) == 1


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "streamed"])
def test_a_feed_that_is_too_large_is_refused(server, streamed):
    url = server.serve("/huge.ics", b"X" * 300_000, streamed=streamed)
    with pytest.raises(FeedError, match="larger than"):
        quick(url, Validators())


def test_an_error_answer_and_a_bad_feed_keep_the_copy_and_say_why(server, tmp_path):
    url = server.serve(SECRET, calendars.google())
    good = read(tmp_path, url)
    server.serve(SECRET, b"<html>Sign in</html>")
    broken = read(tmp_path, url)
    assert broken.spans == good.spans
    assert "not a calendar" in broken.feeds[0].error
    server.serve(SECRET, b"", status=404)
    gone = read(tmp_path, url)
    assert gone.feeds[0].error == "http://127.0.0.1/… answered 404 Not Found"
    assert gone.spans == good.spans


def test_an_unreachable_feed_without_a_copy_has_no_busy_time_and_says_so(tmp_path):
    result = read(tmp_path, "http://127.0.0.1:9/calendar.ics")
    assert result.spans == ()
    [feed] = result.feeds
    assert feed.fetched is None and "could not be reached" in feed.error


def test_a_local_file_is_read_and_a_missing_one_is_an_error(tmp_path):
    path = tmp_path / "exported.ics"
    path.write_bytes(calendars.outlook())
    result = read(tmp_path / "cache", str(path), str(tmp_path / "missing.ics"))
    assert starts(result.spans)[0] == "Mon 09:00"
    assert result.feeds[1].error == f"{tmp_path / 'missing.ics'} does not exist"


def test_doctor_reads_the_states_from_disk_without_fetching(server, tmp_path):
    url = server.serve("/cal.ics", calendars.google())
    read(tmp_path, url)
    count = len(server.requests)
    states = feed_states(InterruptionSettings(calendars=(url, "/nowhere.ics")), tmp_path)
    assert [(s.source, s.events, s.fetched) for s in states] == [
        ("http://127.0.0.1/…", 5, NOW), ("/nowhere.ics", None, None)]
    assert len(server.requests) == count


# Privacy -------------------------------------------------------------------


def test_the_copy_and_its_state_are_private_files_named_without_the_address(server, tmp_path):
    url = server.serve(SECRET, calendars.outlook())
    cache = tmp_path / "calendars"
    read(cache, url)
    files = sorted(cache.iterdir())
    assert [f.suffix for f in files] == [".ics", ".json"]
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert not any("secret" in f.name or "5f1c0ffee" in f.name for f in files)
    assert "secret-token" not in files[1].read_text()


def test_no_log_line_or_state_holds_the_full_address(server, tmp_path, caplog):
    url = server.serve(SECRET, calendars.outlook())
    with caplog.at_level(logging.DEBUG):
        read(tmp_path, url)
        server.serve(SECRET, b"", status=500)
        failed = read(tmp_path, url)
        server.serve(SECRET, calendars.outlook())
        read(tmp_path, url)
    assert caplog.records, "the outage and the recovery are logged"
    assert not any("secret-token" in r.getMessage() for r in caplog.records)
    assert "secret-token" not in repr(failed)


def test_titles_stay_out_of_the_spans_unless_show_titles_is_on(server, tmp_path):
    url = server.serve("/cal.ics", calendars.outlook())
    assert {s.title for s in read(tmp_path, url).spans} == {None}
    titled = read(tmp_path, url, show_titles=True)
    assert "Stand-up" in {s.title for s in titled.spans}


def test_a_malformed_address_is_an_error_that_does_not_repeat_it():
    with pytest.raises(FeedError) as caught:
        quick("https://cal.example.org:notaport/secret-token/c.ics", Validators())
    assert "secret-token" not in str(caught.value)
    assert "not an address ergo can download" in str(caught.value)


def test_redaction_keeps_only_scheme_and_host():
    assert redacted("https://user:pw@outlook.office365.com:443/owa/calendar/abc/x.ics?t=1") == (
        "https://outlook.office365.com/…")
    assert redacted("~/work.ics") == "~/work.ics"
