"""Recording events into the history from the daemon without ever slowing it down.

Thread rules: :meth:`HistoryRecorder.record` may be called from any thread (the
dispatcher, tray callbacks); it only validates its arguments and puts the event
on a queue, so it never blocks on disk and never raises for database trouble. One
background writer thread owns the SQLite connection: it waits for an event,
gathers whatever else arrives within ``batch_delay`` seconds and commits the lot
in one transaction.

When the history file is unusable, reminders go on and history does its best:

- locked by another program: the events stay in memory (up to ``max_pending``)
  and are written by a later batch or retry once the lock is gone;
- damaged (not a database, or malformed): the file is moved aside to
  ``<name>.corrupt`` and a fresh history is started in its place;
- written by a newer ergo: history is switched off for this run.

Each kind of trouble is logged as a warning once per recorder.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ergo.history.store import (
    DEFAULT_RETENTION,
    HistoryBusy,
    HistoryCorrupt,
    HistoryError,
    HistoryStore,
    HistoryTooNew,
    StoredEvent,
    set_aside,
)
from ergo.i18n import _

log = logging.getLogger(__name__)

# Pruning needs no clock: it runs when the newest recorded event is a day past the
# last prune, cutting at that event's time minus the retention.
_PRUNE_EVERY = timedelta(days=1)


class _Flush:
    """A marker on the queue: the writer sets ``done`` once everything before it is handled."""

    def __init__(self, stop: bool = False) -> None:
        self.stop = stop
        self.done = threading.Event()


class HistoryRecorder:
    """Writes history events on its own thread; see the module docstring for the rules.

    ``path`` is the history file (see :func:`ergo.history.store.default_path`);
    ``retention`` is how long events are kept; ``busy_timeout`` is how long the
    writer waits for another program's lock before keeping events for later, and
    ``retry_delay`` how often it tries those again when nothing new arrives.
    ``on_written``, when given, is called on the writer thread after each batch is
    committed, so that what is shown from the history (the tray's "Today" line) can
    be read again; it must return at once.
    """

    def __init__(
        self,
        path: Path,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        batch_delay: float = 1.0,
        busy_timeout: float = 2.0,
        retry_delay: float = 30.0,
        max_pending: int = 10_000,
        on_written: Callable[[], None] | None = None,
    ) -> None:
        self.path = path
        self.retention = retention
        self._batch_delay = batch_delay
        self._busy_timeout = busy_timeout
        self._retry_delay = retry_delay
        self._max_pending = max_pending
        self._on_written = on_written
        self._queue: queue.SimpleQueue[StoredEvent | _Flush] = queue.SimpleQueue()
        self._store: HistoryStore | None = None
        self._pending: list[StoredEvent] = []
        self._warned: set[str] = set()
        self._disabled = False
        self._closed = False
        self._pruned_at: int | None = None
        self._thread = threading.Thread(target=self._run, name="ergo-history", daemon=True)
        self._thread.start()

    def record(self, kind: str, at: datetime, reminder: str | None = None, **detail: Any) -> None:
        """Queue one event for writing and return at once.

        ``at`` must be timezone-aware; its own date is the day the event counts
        for. Detail by kind (timedeltas may be given for lengths):
        ``snoozed(duration=)``,
        ``deferred(reason="meeting"|"fullscreen"|"dnd"|"app"|"calendar")``,
        ``natural_break(seconds=)``, ``done(movement=True)`` when the person got up
        for a movement reminder, ``routine_*(routine=id)``,
        ``routine_stopped(routine=id, step=N)``.

        Raise ValueError or TypeError only for a call that is wrong in itself
        (unknown kind, naive time, non-JSON detail), never for the database.
        """
        event = StoredEvent.of(kind, at, reminder, **detail)
        if self._closed:
            self._warn_once("closed", "history event %s after close: dropped", kind)
            return
        self._queue.put(event)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every event recorded so far has been handled; return False on timeout.

        "Handled" means written, or kept in memory while the file is locked.
        """
        marker = _Flush()
        self._queue.put(marker)
        return marker.done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Write what is queued, stop the writer thread and close the file."""
        if self._closed:
            return
        self._closed = True
        marker = _Flush(stop=True)
        self._queue.put(marker)
        self._thread.join(timeout)

    @property
    def pending(self) -> int:
        """How many events are waiting in memory for a locked file (read on any thread)."""
        return len(self._pending)

    # Everything below runs on the writer thread only.

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, markers = self._gather()
            self._pending.extend(batch)
            if self._pending:
                self._write()
            for marker in markers:
                stop = stop or marker.stop
                if not marker.stop:
                    marker.done.set()
        if self._pending:
            self._warn_once(
                "lost", "%d history events could not be written and are lost", len(self._pending)
            )
        if self._store is not None:
            self._store.close()
        for marker in markers:
            marker.done.set()

    def _gather(self) -> tuple[list[StoredEvent], list[_Flush]]:
        batch: list[StoredEvent] = []
        markers: list[_Flush] = []
        try:
            # With events held back by a lock, wake up now and then to try again.
            item = self._queue.get(timeout=self._retry_delay if self._pending else None)
        except queue.Empty:
            return batch, markers
        deadline = time.monotonic() + self._batch_delay
        while True:
            if isinstance(item, _Flush):
                markers.append(item)
                return batch, markers
            batch.append(item)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return batch, markers
            try:
                item = self._queue.get(timeout=remaining)
            except queue.Empty:
                return batch, markers

    def _write(self) -> None:
        if self._disabled:
            self._pending.clear()
            return
        for attempt in range(2):
            try:
                store = self._open()
                store.add(self._pending)
            except HistoryCorrupt as error:
                # A damaged file is moved aside once and the write retried on a fresh file.
                self._drop_store()
                if attempt == 0:
                    try:
                        target = set_aside(self.path)
                    except OSError as move_error:
                        self._give_up(HistoryError(_("{problem}; cannot move it aside: {error}")
                                                   .format(problem=error, error=move_error)))
                        break
                    self._warn_once(
                        "corrupt", "%s; moved it to %s and started a new history", error, target
                    )
                    continue
                self._give_up(error)
            except HistoryTooNew as error:
                self._give_up(error)
            except HistoryBusy as error:
                self._warn_once("busy", "%s; keeping events to write later", error)
            except HistoryError as error:
                self._drop_store()
                self._warn_once("error", "%s; keeping events to write later", error)
            else:
                newest = max(event.at for event in self._pending)
                self._pending.clear()
                self._prune(store, newest)
                if self._on_written is not None:
                    self._on_written()
            break
        if len(self._pending) > self._max_pending:
            dropped = len(self._pending) - self._max_pending
            del self._pending[:dropped]
            self._warn_once("overflow", "history backlog full: dropped the oldest events")

    def _open(self) -> HistoryStore:
        if self._store is None:
            self._store = HistoryStore.open(self.path, timeout=self._busy_timeout)
        return self._store

    def _drop_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _give_up(self, error: HistoryError) -> None:
        self._disabled = True
        self._pending.clear()
        self._warn_once("disabled", "%s; history is off until ergo restarts", error)

    def _prune(self, store: HistoryStore, newest: int) -> None:
        if self._pruned_at is not None and newest - self._pruned_at < _PRUNE_EVERY.total_seconds():
            return
        cutoff = datetime.fromtimestamp(newest - self.retention.total_seconds()).astimezone()
        try:
            store.prune(cutoff)
        except HistoryError as error:
            self._warn_once("prune", "%s; old history was not pruned", error)
            return
        self._pruned_at = newest

    def _warn_once(self, problem: str, message: str, *args: Any) -> None:
        if problem not in self._warned:
            self._warned.add(problem)
            log.warning(message, *args)
