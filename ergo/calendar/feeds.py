"""The configured calendars read into busy spans, with a private on-disk copy of each feed.

Called on the calendar feed's thread (``ergo.runtime.calendar_feed``), by
``ergo plan`` and (for :func:`feed_states` only) by ``ergo doctor``; never on
the dispatcher thread.

Each feed keeps two files in ``calendars/`` of the state folder, both mode
0600 in a 0700 folder, named by a hash of the source so that not even the file
names reveal the secret address: ``<key>.ics``, the last copy that parsed,
and ``<key>.json``, when it was fetched, its validators, how many events it
had and the last error. A feed that cannot be read or parsed keeps its last
good copy, whose busy time still counts.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from ergo.atomic import write_atomic
from ergo.calendar.fetch import Download, FeedError, Validators, fetch, redacted
from ergo.calendar.parse import Busy, CalendarError, busy_spans
from ergo.core.busy import BusySpan
from ergo.core.model import InterruptionSettings
from ergo.i18n import _, ngettext

log = logging.getLogger(__name__)

#: How far back and ahead of now a feed is expanded: a meeting under way, and the
#: days ``ergo plan`` shows.
LOOK_BACK = timedelta(days=1)
LOOK_AHEAD = timedelta(days=15)
_FILE_MODE = 0o600
_DIR_MODE = 0o700


@dataclass(frozen=True)
class FeedState:
    """How one feed is doing, for ``ergo status`` and ``ergo doctor``.

    ``source`` is redacted; ``fetched`` is when the copy in use was read (None:
    never); ``events`` how many events it had in the window; ``error`` why the
    last attempt failed (None: it worked).
    """

    source: str
    fetched: datetime | None = None
    events: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Calendars:
    """All feeds read: their busy spans together, and each feed's state in config order."""

    spans: tuple[BusySpan, ...]
    feeds: tuple[FeedState, ...]


def default_cache_dir() -> Path:
    """Return ``calendars/`` in the user state folder (``~/.local/state/ergo`` on Linux)."""
    from ergo.runtime.state_store import default_state_path

    return default_state_path().parent / "calendars"


def read_calendars(
    settings: InterruptionSettings,
    cache_dir: Path,
    now: datetime,
    zone: tzinfo,
    download: Callable[[str, Validators], Download] = fetch,
    window: tuple[datetime, datetime] | None = None,
) -> Calendars:
    """Read every configured feed (or its last good copy) into busy spans in ``window``.

    The window defaults to :data:`LOOK_BACK` before ``now`` to :data:`LOOK_AHEAD`
    after it. ``zone`` reads floating times. Never raises for a bad feed: its state
    says why.
    """
    if window is None:
        window = (now - LOOK_BACK, now + LOOK_AHEAD)
    spans: list[BusySpan] = []
    feeds = []
    for source in settings.calendars:
        found, state = _read_one(settings, source, cache_dir, now, window, zone, download)
        spans.extend(found)
        feeds.append(state)
    return Calendars(tuple(spans), tuple(feeds))


def saved_calendars(
    settings: InterruptionSettings, cache_dir: Path, now: datetime, zone: tzinfo
) -> Calendars:
    """Read the last good copies alone, fetching and recording nothing.

    What the daemon knows at once when it starts, before any server answers.
    """
    parsed = _parser(settings, (now - LOOK_BACK, now + LOOK_AHEAD), zone)
    spans: list[BusySpan] = []
    for source in settings.calendars:
        spans.extend(_last_good(_paths(cache_dir, source)[0], parsed))
    return Calendars(tuple(spans), feed_states(settings, cache_dir))


def feed_states(settings: InterruptionSettings, cache_dir: Path) -> tuple[FeedState, ...]:
    """Return each configured feed's state as last recorded on disk (nothing is fetched)."""
    return tuple(_state(source, _meta(_paths(cache_dir, source)[1])) for source in
                 settings.calendars)


def doctor_lines(states: tuple[FeedState, ...]) -> list[str]:
    """Return ``ergo doctor``'s lines about the calendar feeds, in the user's language."""
    if not states:
        return [_("Calendars: none (interruptions.calendars)")]
    lines = [_("Calendars:")]
    for state in states:
        if state.fetched is None:
            copy = _("no copy yet")
        else:
            copy = ngettext("{count} event, fetched {time}", "{count} events, fetched {time}",
                            state.events or 0).format(
                count=state.events, time=f"{state.fetched.astimezone():%Y-%m-%d %H:%M}")
        lines.append(f"  {state.source}: {copy}")
        if state.error:
            lines.append("    " + _("last attempt failed: {error}").format(error=state.error))
        elif state.fetched is None:
            lines.append("    " + _("not read yet: ergo reads it while it runs"))
    return lines


def _read_one(
    settings: InterruptionSettings,
    source: str,
    cache_dir: Path,
    now: datetime,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    download: Callable[[str, Validators], Download],
) -> tuple[tuple[BusySpan, ...], FeedState]:
    copy, meta_path = _paths(cache_dir, source)
    meta = _meta(meta_path)
    parsed = _parser(settings, window, zone)
    try:
        known = Validators(meta.get("etag"), meta.get("last_modified")) if copy.exists() \
            else Validators()
        answer = download(source, known)
        data = copy.read_bytes() if answer.data is None else answer.data
        busy = parsed(data)
    except (FeedError, CalendarError, OSError) as error:
        message = str(error) if not isinstance(error, OSError) else \
            f"the saved copy could not be read ({error.strerror or error})"
        if meta.get("error") != message:
            log.warning("calendar %s: %s; keeping the last good copy", redacted(source), message)
        meta = {**meta, "error": message, "checked": now.isoformat()}
        _save_meta(meta_path, meta)
        return _last_good(copy, parsed), _state(source, meta)
    if answer.data is not None:
        try:
            write_atomic(copy, answer.data, mode=_FILE_MODE, dir_mode=_DIR_MODE)
        except OSError as error:
            # Without the copy the validators mean nothing: ask for the whole feed next time.
            log.warning("could not keep a copy of calendar %s: %s", redacted(source), error)
            answer = Download(answer.data, Validators())
    if meta.get("error"):
        log.info("calendar %s can be read again", redacted(source))
    meta = {"source": redacted(source), "etag": answer.validators.etag,
            "last_modified": answer.validators.last_modified, "fetched": now.isoformat(),
            "checked": now.isoformat(), "events": busy.events, "error": None}
    _save_meta(meta_path, meta)
    return busy.spans, _state(source, meta)


def _parser(
    settings: InterruptionSettings, window: tuple[datetime, datetime], zone: tzinfo
) -> Callable[[bytes], Busy]:
    def parsed(data: bytes) -> Busy:
        return busy_spans(data, *window, zone, tentative_busy=settings.tentative_busy,
                          addresses=settings.calendar_addresses, titles=settings.show_titles)

    return parsed


def _last_good(copy: Path, parsed: Callable[[bytes], Busy]) -> tuple[BusySpan, ...]:
    try:
        return parsed(copy.read_bytes()).spans
    except (OSError, CalendarError):
        return ()


def _paths(cache_dir: Path, source: str) -> tuple[Path, Path]:
    key = hashlib.sha256(source.encode()).hexdigest()[:24]
    return cache_dir / f"{key}.ics", cache_dir / f"{key}.json"


def _meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _save_meta(path: Path, meta: dict[str, Any]) -> None:
    try:
        write_atomic(path, json.dumps(meta).encode(), mode=_FILE_MODE, dir_mode=_DIR_MODE)
    except OSError as error:
        log.warning("could not save the calendar's state in %s: %s", path.parent, error)


def _state(source: str, meta: dict[str, Any]) -> FeedState:
    fetched = meta.get("fetched")
    events = meta.get("events")
    error = meta.get("error")
    return FeedState(
        source=redacted(source),
        fetched=_instant(fetched),
        events=events if isinstance(events, int) else None,
        error=error if isinstance(error, str) else None,
    )


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
