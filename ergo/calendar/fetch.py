"""Download a calendar feed, or read it from a file: bounded in time and size, never logged in full.

Called on the calendar feed's thread and by ``ergo plan``, never on the
dispatcher thread. HTTP(S) goes through the standard library's urllib with a
timeout on every socket operation and an overall deadline, a size limit, and
the validators of the last good copy (``If-None-Match``, ``If-Modified-Since``),
so an unchanged feed costs one short ``304`` answer. A feed's address is a
secret (anyone who has it reads the calendar): only :func:`redacted` forms of
it appear in messages.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from io import BufferedIOBase
from pathlib import Path
from urllib.parse import urlsplit

from ergo import __version__

#: The largest feed ergo reads; a year of a busy calendar is a few hundred kilobytes.
SIZE_LIMIT = 5 * 1024 * 1024
#: Seconds for the whole download, and for each connect or read within it.
TIMEOUT = 20.0
_CHUNK = 64 * 1024


class FeedError(Exception):
    """The feed could not be read; the message says why, with the address redacted."""


@dataclass(frozen=True)
class Validators:
    """What the server said identifies its copy: its ``ETag`` and ``Last-Modified``."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Download:
    """A feed's content (None: unchanged since the copy ``Validators`` describe)."""

    data: bytes | None
    validators: Validators


def is_url(source: str) -> bool:
    return "://" in source


def redacted(source: str) -> str:
    """Return a feed's source safe to show and log: a URL's scheme and host only."""
    if not is_url(source):
        return source
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.hostname or ''}/…"


def fetch(
    source: str,
    known: Validators = Validators(),
    *,
    timeout: float = TIMEOUT,
    limit: int = SIZE_LIMIT,
) -> Download:
    """Given a URL or a file path and the validators of the copy at hand, return the feed.

    Raise :class:`FeedError` when it cannot be read in ``timeout`` seconds or is
    larger than ``limit`` bytes.
    """
    if not is_url(source):
        return Download(_read_file(Path(source).expanduser(), limit), Validators())
    headers = {"User-Agent": f"ergo/{__version__}"}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(source, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > limit:
                raise FeedError(_too_large(source, limit))
            data = _read_bounded(response, source, limit, deadline)
            return Download(data, Validators(response.headers.get("ETag"),
                                             response.headers.get("Last-Modified")))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Download(None, known)
        raise FeedError(f"{redacted(source)} answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FeedError(f"{redacted(source)} could not be reached "
                        f"({_scrubbed(str(error.reason), source)})") from None
    except TimeoutError:
        raise FeedError(f"{redacted(source)} did not answer within {timeout:g} s") from None
    except OSError as error:
        raise FeedError(f"{redacted(source)} could not be read "
                        f"({_scrubbed(str(error), source)})") from None
    except http.client.IncompleteRead:
        raise FeedError(f"{redacted(source)} broke off in the middle of the feed") from None
    except (ValueError, http.client.InvalidURL):
        # http.client and urllib name the whole address in these messages.
        raise FeedError(f"{redacted(source)} is not an address ergo can download; copy "
                        "the calendar's ICS link again") from None
    except http.client.HTTPException:
        raise FeedError(f"{redacted(source)} did not answer as a web server does") from None


def _read_bounded(response: BufferedIOBase, source: str, limit: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise FeedError(_too_large(source, limit))
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _read_file(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise FeedError(_too_large(str(path), limit))
        return path.read_bytes()
    except FileNotFoundError:
        raise FeedError(f"{path} does not exist") from None
    except OSError as error:
        raise FeedError(f"{path} could not be read ({error.strerror or error})") from None


def _too_large(source: str, limit: int) -> str:
    return (f"{redacted(source)} is larger than {limit // (1024 * 1024)} MB, more than a "
            "calendar needs; publish a shorter range of it")


def _scrubbed(text: str, source: str) -> str:
    """Remove the secret address from a library's message, should it quote it."""
    return text.replace(source, redacted(source))
