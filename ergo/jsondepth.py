"""JSON decoding with a nesting limit, for data ergo did not write itself.

``json.loads`` recurses once per nesting level, so a request or a state file
nested some thousands of levels deep raises RecursionError (or worse, on a
thread with a small stack). ergo's own data is a few levels deep; anything
deeper than :data:`MAX_DEPTH` is refused before it is parsed. Any thread.
"""

from __future__ import annotations

import json
from typing import Any

#: Far more than any message or state ergo writes (they are at most four deep).
MAX_DEPTH = 32


class DepthError(ValueError):
    """The JSON text nests deeper than allowed."""


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise DepthError when the arrays and objects in ``text`` nest deeper than ``limit``.

    Brackets inside strings are skipped; the text need not be valid JSON.
    """
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise DepthError(f"nested more than {limit} levels deep")
        elif char in "]}":
            depth -= 1


def loads_bounded(raw: bytes | str, limit: int = MAX_DEPTH) -> Any:
    """Given JSON as UTF-8 bytes or text, return the decoded value.

    Raise DepthError when it nests deeper than ``limit``, ValueError
    (UnicodeDecodeError, json.JSONDecodeError) when it is not JSON.
    """
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    check_depth(text, limit)
    return json.loads(text)
