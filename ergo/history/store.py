"""The on-disk event history: one SQLite file (WAL mode) in the user data directory.

Each row is one event: its kind, when it happened (UTC seconds), the user's local
date and UTC offset at that moment (so days group by the user's own calendar),
the reminder it concerns and a small JSON ``detail`` (snooze length, break
length, deferral reason, routine step).

The schema is versioned: ``MIGRATIONS[n]`` takes a database from version ``n``
to ``n + 1`` and a new file is built by running them all, so the upgrade path is
the path every install takes.

Thread rules: a :class:`HistoryStore` wraps one ``sqlite3`` connection and must be
used by the thread that opened it (the recorder's writer thread in the daemon,
the main thread in the CLI). Several processes may open the same file; SQLite's
locking keeps them apart, and a writer that finds the file locked gets
:class:`HistoryBusy` after ``timeout`` seconds.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ergo.i18n import _

ENV_PATH = "ERGO_HISTORY_DB"
DEFAULT_RETENTION = timedelta(days=180)

EVENT_KINDS: frozenset[str] = frozenset(
    {
        "shown",
        "done",
        "snoozed",
        "skipped",
        "ignored",
        "not_shown",
        "deferred",
        "natural_break",
        "routine_started",
        "routine_completed",
        "routine_stopped",
        "paused",
        "resumed",
    }
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # Version 1: events with their time, local day and reminder only.
    (
        "CREATE TABLE events ("
        " id INTEGER PRIMARY KEY,"
        " kind TEXT NOT NULL,"
        " at INTEGER NOT NULL,"
        " day TEXT NOT NULL,"
        " utc_offset INTEGER NOT NULL,"
        " reminder TEXT)",
    ),
    # Version 2: the detail that makes stats meaningful (snooze and break lengths,
    # why a reminder was deferred, where a routine stopped), and an index so that a
    # week's stats read that week's rows instead of a year of them.
    (
        "ALTER TABLE events ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'",
        "CREATE INDEX events_by_day ON events (day)",
        "CREATE INDEX events_by_time ON events (at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite primary result codes (the low byte of sqlite_errorcode).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class HistoryError(Exception):
    """The history file cannot be used; the message says why in plain words."""


class HistoryBusy(HistoryError):
    """Another process holds a lock on the history file; trying again later may work."""


class HistoryCorrupt(HistoryError):
    """The history file is damaged or is not an SQLite database."""


class HistoryTooNew(HistoryError):
    """The history file was written by a newer ergo with a schema this one doesn't know."""


@dataclass(frozen=True)
class StoredEvent:
    """One event as stored: ``at`` in UTC seconds, ``day`` the user's local date."""

    kind: str
    at: int
    day: str
    utc_offset: int
    reminder: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, at: datetime, reminder: str | None = None, **detail: Any) -> StoredEvent:
        """Given an event kind, an aware ``at`` and its detail, return the row to store.

        The local day is ``at``'s own date, so the caller's time zone decides which
        day an event belongs to. Timedeltas in ``detail`` are stored as seconds.
        Raise ValueError for an unknown kind or a naive ``at``, and TypeError for
        detail that isn't plain JSON data.
        """
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown history event kind {kind!r}; known: {sorted(EVENT_KINDS)}")
        offset = at.utcoffset()
        if offset is None:
            raise ValueError("history events need a timezone-aware time")
        clean = {key: _plain(key, value) for key, value in detail.items()}
        return cls(
            kind=kind,
            at=round(at.timestamp()),
            day=at.date().isoformat(),
            utc_offset=int(offset.total_seconds()),
            reminder=reminder,
            detail=clean,
        )


def _plain(key: str, value: Any) -> Any:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"history detail {key}={value!r} must be a string, number, bool or timedelta")


def default_path() -> Path:
    """Return the history file: ``$ERGO_HISTORY_DB`` if set, else in the user data dir."""
    override = os.environ.get(ENV_PATH)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("ergo", appauthor=False) / "history.sqlite3"


def classify(error: sqlite3.Error, path: Path) -> HistoryError:
    """Given an sqlite3 error about ``path``, return the HistoryError it amounts to."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return HistoryCorrupt(
            _("the history file {file} is damaged ({error})").format(file=path, error=error))
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return HistoryBusy(_("the history file {file} is locked by another program ({error})")
                           .format(file=path, error=error))
    return HistoryError(
        _("the history file {file} cannot be used ({error})").format(file=path, error=error))


class HistoryStore:
    """An open history file at the current schema version."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, *, timeout: float = 2.0) -> HistoryStore:
        """Given a path, open (creating if needed) the history there and migrate it.

        Raise HistoryCorrupt, HistoryBusy, HistoryTooNew or HistoryError; never a
        bare sqlite3 error.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except OSError as error:
            raise HistoryError(_("the history file {file} cannot be created ({error})")
                               .format(file=path, error=error)) from error
        except sqlite3.Error as error:
            raise classify(error, path) from error
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            # WAL makes commits cheap; NORMAL skips an fsync per commit, which for a
            # history of reminders risks at most the last batch on a power cut.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA secure_delete=ON")
            _migrate(connection, path)
        except sqlite3.Error as error:
            connection.close()
            raise classify(error, path) from error
        except HistoryError:
            connection.close()
            raise
        return cls(connection, path)

    def close(self) -> None:
        self._db.close()

    def _run(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise classify(error, self.path) from error

    def add(self, events: Iterable[StoredEvent]) -> None:
        """Store the events in one transaction (all or none)."""
        rows = [
            (e.kind, e.at, e.day, e.utc_offset, e.reminder, json.dumps(e.detail)) for e in events
        ]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT INTO events (kind, at, day, utc_offset, reminder, detail)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as error:
            raise classify(error, self.path) from error

    def prune(self, before: datetime) -> int:
        """Delete the events that happened before ``before``; return how many went."""
        cursor = self._run("DELETE FROM events WHERE at < ?", (before.timestamp(),))
        return cursor.rowcount

    def clear(self) -> int:
        """Delete every event and wipe the freed pages from the file; return how many went."""
        count = self._run("DELETE FROM events").rowcount
        self._run("VACUUM")
        self._run("PRAGMA wal_checkpoint(TRUNCATE)")
        return count

    def count(self) -> int:
        """Return how many events are stored."""
        return self._run("SELECT count(*) FROM events").fetchone()[0]

    def events_between(self, first: date, last: date) -> list[StoredEvent]:
        """Return the events of the local days ``first`` to ``last`` (inclusive), in time order."""
        cursor = self._run(
            "SELECT kind, at, day, utc_offset, reminder, detail FROM events"
            " WHERE day BETWEEN ? AND ? ORDER BY at, id",
            (first.isoformat(), last.isoformat()),
        )
        return [_event(row) for row in cursor]

    def all_events(self) -> Iterator[StoredEvent]:
        """Yield every stored event in time order."""
        for row in self._run(
            "SELECT kind, at, day, utc_offset, reminder, detail FROM events ORDER BY at, id"
        ):
            yield _event(row)


def _event(row: tuple[Any, ...]) -> StoredEvent:
    kind, at, day, utc_offset, reminder, detail = row
    # Most events carry no detail; skipping the JSON parser for them saves a third of a
    # year's read.
    return StoredEvent(
        kind, at, day, utc_offset, reminder, json.loads(detail) if detail != "{}" else {}
    )


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    # One write transaction, so two processes opening a new file don't both migrate it.
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        if row is None:
            version = 0
            connection.execute("INSERT INTO schema_version (version) VALUES (0)")
        else:
            version = row[0]
        if version > SCHEMA_VERSION:
            raise HistoryTooNew(
                _("the history file {file} has schema version {version}, newer than this"
                  " ergo knows ({known}); update ergo or run `ergo history clear`")
                .format(file=path, version=version, known=SCHEMA_VERSION)
            )
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                connection.execute(statement)
        connection.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def set_aside(path: Path) -> Path:
    """Move a damaged history file (and its WAL files) to ``<name>.corrupt``; return it.

    An older ``.corrupt`` copy is replaced: keeping one is enough to look into.
    """
    target = path.with_name(path.name + ".corrupt")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{target}{suffix}")
    return target


def delete_files(path: Path) -> None:
    """Delete the history file and its WAL files, whatever state they are in."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
