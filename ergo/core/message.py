"""Texts the pure core has for the user, kept translatable.

The core imports nothing from ergo outside itself, so it cannot translate. It
returns a :class:`Message` instead: an English gettext message id with named
``{placeholders}`` and their values. The shell translates it with
:func:`ergo.i18n.translate`; ``str()`` gives the English text, for logs and tests.
``Message("...")`` calls are a marker for the catalog tools, like ``N_``.
"""

from __future__ import annotations


class Message:
    """A message id (``"a snooze may last at most {longest}"``) and its values."""

    __slots__ = ("args", "text")

    def __init__(self, text: str, /, **args: str | int) -> None:
        self.text = text
        self.args: tuple[tuple[str, str | int], ...] = tuple(sorted(args.items()))

    def __str__(self) -> str:
        return self.text.format(**dict(self.args))

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.text, self.args) == (other.text, other.args)

    def __hash__(self) -> int:
        return hash((self.text, self.args))
