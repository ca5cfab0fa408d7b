"""The calendar keys of interruptions: defaults, checks with file and line, HR locks and bounds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.config import ConfigError, load_config

SECRET = "https://outlook.example.org/owa/calendar/5f1c0ffee/secret-token/calendar.ics"


def load(write, user: str, org: str | None = None):
    org_path = write("org.yaml", org) if org is not None else None
    return load_config(write("ergo.yaml", user), org_path, environ={})


def problems(write, user: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(write, user)
    return caught.value.problems


def test_by_default_no_calendar_is_read_titles_stay_out_and_there_is_no_nudge(write):
    interruptions = load(write, "").settings.interruptions
    assert interruptions.calendars == ()
    assert interruptions.calendar_refresh == timedelta(minutes=15)
    assert interruptions.tentative_busy is True
    assert interruptions.show_titles is False
    assert interruptions.before_long_meeting is None


def test_a_user_lists_feeds_and_webcal_addresses_are_read_over_https(write):
    interruptions = load(write, (
        "interruptions:\n"
        f"  calendars: [{SECRET}, 'webcal://p01.example.com/cal.ics', ~/work.ics]\n"
        "  calendar_refresh: 30m\n  before_long_meeting: 5m\n  tentative_busy: false\n"
        "  show_titles: true\n  calendar_addresses: [ana@example.org]\n"
    )).settings.interruptions
    assert interruptions.calendars == (SECRET, "https://p01.example.com/cal.ics", "~/work.ics")
    assert interruptions.calendar_refresh == timedelta(minutes=30)
    assert interruptions.before_long_meeting == timedelta(minutes=5)
    assert (interruptions.tentative_busy, interruptions.show_titles) == (False, True)
    assert interruptions.calendar_addresses == ("ana@example.org",)


def test_plain_http_to_another_machine_is_refused_with_file_and_line_but_not_the_address(
        write, tmp_path):
    user = "interruptions:\n  calendars:\n    - http://cal.example.org/s3cret.ics\n"
    [message] = problems(write, user)
    assert message.startswith(f"{tmp_path / 'ergo.yaml'}:3:")
    assert message.endswith(
        "interruptions.calendars[0]: a calendar address must start with https:// so its "
        "secret address is not sent in the clear; most services offer https")
    assert "s3cret" not in message


def test_plain_http_to_this_machine_is_accepted_for_local_servers(write):
    url = "http://127.0.0.1:8080/calendar.ics"
    loaded = load(write, f"interruptions:\n  calendars: [{url}]\n")
    assert loaded.settings.interruptions.calendars == (url,)


def test_a_refresh_of_a_minute_is_the_shortest_accepted(write, tmp_path):
    interruptions = load(write, "interruptions:\n  calendar_refresh: 1m\n").settings.interruptions
    assert interruptions.calendar_refresh == timedelta(minutes=1)
    assert problems(write, "interruptions:\n  calendar_refresh: 59s\n") == [
        f"{tmp_path / 'ergo.yaml'}:2:3: interruptions.calendar_refresh: '59s' is too often to "
        "read a calendar; write 1m or longer, for example 15m"]


def test_an_unknown_scheme_and_a_too_short_refresh_are_refused(write):
    found = problems(
        write, "interruptions:\n  calendars: ['ftp://x/y.ics']\n  calendar_refresh: 10s\n")
    assert any("ftp:// is not a calendar address" in p for p in found)
    assert any(":3:" in p and "interruptions.calendar_refresh" in p and "1m or longer" in p
               for p in found)


def test_the_organisation_can_switch_calendars_off(write):
    org = "interruptions:\n  calendars: []\npolicy:\n  locked: [interruptions.calendars]\n"
    loaded = load(write, f"interruptions:\n  calendars: [{SECRET}]\n", org)
    assert loaded.settings.interruptions.calendars == ()
    assert "interruptions.calendars" in loaded.settings.locked
    [warning] = loaded.warnings
    assert "locked by the organisation" in warning
    assert "secret-token" not in warning


def test_the_organisation_can_bound_the_refresh_and_the_nudge(write):
    org = ("policy:\n  bounds:\n    interruptions.calendar_refresh: {min: 30m}\n"
           "    interruptions.before_long_meeting: {max: 10m}\n")
    user = "interruptions:\n  calendar_refresh: 5m\n  before_long_meeting: 20m\n"
    loaded = load(write, user, org)
    assert loaded.settings.interruptions.calendar_refresh == timedelta(minutes=30)
    assert loaded.settings.interruptions.before_long_meeting == timedelta(minutes=10)
    assert len(loaded.warnings) == 2


def test_an_address_that_is_not_an_e_mail_address_is_refused_with_its_line(write, tmp_path):
    [message] = problems(write, "interruptions:\n  calendar_addresses: [ana@example.org, Ana]\n")
    assert message.startswith(f"{tmp_path / 'ergo.yaml'}:2:")
    assert "interruptions.calendar_addresses[1]" in message
    assert "'Ana' is not an e-mail address" in message


def test_an_address_with_a_space_is_refused_saying_how_to_write_one(write, tmp_path):
    assert problems(write, "interruptions:\n  calendar_addresses: ['ana @example.org']\n") == [
        f"{tmp_path / 'ergo.yaml'}:2:24: interruptions.calendar_addresses[0]: 'ana @example.org' "
        "is not an e-mail address; write it as in your calendar, for example ana@example.org"]


def test_an_address_copied_as_a_mailto_link_is_read_as_the_address(write):
    user = "interruptions:\n  calendar_addresses: ['mailto:ana@example.org', ' bo@example.org ']\n"
    interruptions = load(write, user).settings.interruptions
    assert interruptions.calendar_addresses == ("ana@example.org", "bo@example.org")


def test_a_webcals_address_is_read_over_https(write):
    user = "interruptions:\n  calendars: ['WebCalS://p01.example.com/cal.ics']\n"
    assert load(write, user).settings.interruptions.calendars == (
        "https://p01.example.com/cal.ics",)


def test_an_address_with_another_address_in_its_query_is_read_by_its_own_scheme(write):
    url = "https://cal.example.org/feed.ics?return=webcal://other.example.org/x.ics"
    user = f"interruptions:\n  calendars: ['{url}']\n"
    assert load(write, user).settings.interruptions.calendars == (url,)


def test_an_address_of_another_kind_is_refused_at_its_line_saying_what_ergo_reads(write,
                                                                                    tmp_path):
    assert problems(write, "interruptions:\n  calendars: ['ftp://x/y.ics']\n") == [
        f"{tmp_path / 'ergo.yaml'}:2:15: interruptions.calendars[0]: ftp:// is not a calendar "
        "address ergo can read; give an https:// address or a path to an .ics file"]
