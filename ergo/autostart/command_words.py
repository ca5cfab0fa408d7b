"""The one tokenizer behind the three command-line formats autostart entries use: a
desktop entry's ``Exec`` (:mod:`ergo.autostart.xdg`), a systemd unit's ``ExecStart``
(:mod:`ergo.autostart.systemd`) and a Windows ``Run`` value (:mod:`ergo.autostart.windows`).

All three split words at blanks outside double quotes, and a double quote opens or
closes a quoted part without ending the word; they differ only in their escapes, which
each format passes in as an :data:`Escape`.
"""

from __future__ import annotations

from collections.abc import Callable

#: Given the text, a position and whether it is inside quotes, return the characters an
#: escape starting there stands for and the position after it, or None for no escape.
Escape = Callable[[str, int, bool], "tuple[str, int] | None"]


def split_words(value: str, escape: Escape, start: int = 0) -> list[str]:
    """Given a command line, its format's escapes and where to begin, return its words."""
    words: list[str] = []
    current: list[str] = []
    in_word = quoted = False
    i = start
    while i < len(value):
        escaped = escape(value, i, quoted)
        if escaped is not None:
            text, i = escaped
            current.append(text)
            in_word = True
            continue
        c = value[i]
        if c == '"':
            quoted = not quoted
            in_word = True
        elif c in " \t" and not quoted:
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(c)
            in_word = True
        i += 1
    if in_word:
        words.append("".join(current))
    return words


def backslash_in_quotes(value: str, i: int, quoted: bool) -> tuple[str, int] | None:
    """The escape of desktop entries and systemd: inside quotes, a backslash stands for
    the character after it."""
    if quoted and value[i] == "\\" and i + 1 < len(value):
        return value[i + 1], i + 2
    return None
