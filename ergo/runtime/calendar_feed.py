"""The ``ergo-calendar`` thread: reads the configured calendars every ``calendar_refresh``.

It runs only while ``interruptions.calendars`` lists a feed (the daemon starts
it, the dispatcher calls :meth:`CalendarFeed.wake` after a reload), so ergo
without calendars never imports icalendar. Every read ends with one
:class:`CalendarRead` on the dispatcher's queue; the dispatcher thread alone
hands its spans to the engine. Downloads and parsing happen here, never on the
dispatcher thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from ergo.core.busy import BusySpan
from ergo.core.durations import clock_time
from ergo.core.model import Settings
from ergo.core.schedule import zone_of
from ergo.i18n import _

if TYPE_CHECKING:
    from ergo.calendar.feeds import FeedState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarRead:
    """The calendars were read: all their busy spans, and each feed's state.

    ``feeds`` is each feed's state, in config order.
    """

    spans: tuple[BusySpan, ...]
    feeds: tuple[FeedState, ...]


class CalendarFeed:
    """Reads the calendars now and every ``calendar_refresh``, on a thread of its own.

    ``settings`` returns the settings in force (any thread may call it); ``put``
    queues an item for the dispatcher; ``now`` is the clock. Floating times in a
    feed are read in the work-hours zone, else the system's.
    """

    def __init__(
        self,
        settings: Callable[[], Settings],
        put: Callable[[object], None],
        now: Callable[[], datetime],
        cache_dir: Path | None = None,
    ) -> None:
        self._settings = settings
        self._put = put
        self._now = now
        self._cache_dir = cache_dir
        self._woken = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Read again now (the config changed): start the thread if calendars are configured.

        Called on the main thread at start and on the dispatcher thread after a reload.
        """
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._woken.set()
                return
            if not self._settings().interruptions.calendars:
                return
            self._thread = threading.Thread(target=self._run, name="ergo-calendar", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Let the thread end at its next wait; any thread."""
        self._stopping.set()
        self._woken.set()

    def _run(self) -> None:
        from ergo.calendar.feeds import default_cache_dir, read_calendars, saved_calendars

        cache_dir = self._cache_dir or default_cache_dir()
        config = self._settings()
        # The copies from the last run count at once: a slow or absent network must not
        # let reminders through a meeting while the first download waits.
        try:
            saved = saved_calendars(config.interruptions, cache_dir, self._now(),
                                    work_zone(config, self._now()))
        except Exception:
            log.exception("could not read the saved copies of the calendars")
        else:
            if saved.spans:
                self._put(CalendarRead(saved.spans, saved.feeds))
        while not self._stopping.is_set():
            # Cleared before reading, so a wake-up during the read brings another one.
            self._woken.clear()
            config = self._settings()
            settings = config.interruptions
            if not settings.calendars:
                with self._lock:
                    # Checked again under the lock: a reload may have just added one.
                    if not self._settings().interruptions.calendars:
                        self._thread = None
                        self._put(CalendarRead((), ()))
                        return
                continue
            try:
                now = self._now()
                read = read_calendars(settings, cache_dir, now, work_zone(config, now))
            except Exception:
                # A feed must never end the thread: the next refresh tries again.
                log.exception("could not read the calendars")
            else:
                self._put(CalendarRead(read.spans, read.feeds))
            self._woken.wait(settings.calendar_refresh.total_seconds())


def work_zone(settings: Settings, now: datetime) -> tzinfo:
    """Return the work-hours zone, else the zone of ``now`` (the system's)."""
    return zone_of(settings.work_hours, now.astimezone())


def calendar_status(read: CalendarRead | None) -> list[dict[str, object]]:
    """Return each feed's state for ``ergo status --json`` (sources redacted)."""
    if read is None:
        return []
    return [
        {"source": feed.source,
         "fetched": None if feed.fetched is None else feed.fetched.isoformat(),
         "events": feed.events, "error": feed.error}
        for feed in read.feeds
    ]


def calendar_warning(read: CalendarRead | None) -> str | None:
    """Return one line about the first feed that could not be read, or None."""
    failed = next((feed for feed in read.feeds if feed.error), None) if read else None
    if failed is None:
        return None
    if failed.fetched is None:
        return _("calendar {source} could not be read: {error}").format(
            source=failed.source, error=failed.error)
    return _("calendar {source} could not be read: {error}; its copy from {time} "
             "is used").format(source=failed.source, error=failed.error,
                               time=clock_time(failed.fetched.astimezone()))
