"""Opening an X connection with only the extensions ergo uses.

python-xlib's ``Display`` imports and initialises a module for every extension the
server offers (RANDR, XInput, RECORD, ...) and builds classes for each, on every
connection: about 0.9 MB for ergo's X connections, most of it for extensions it
never calls. :func:`open_display` lists only the ones the caller names, so the rest
are neither imported nor set up. A connection is used by the thread that opened it.
"""

from __future__ import annotations

from Xlib import display


class _Display(display.Display):
    """A ``Display`` that sets up only the extensions it is given."""

    def __init__(self, name: str | None, extensions: frozenset[str]) -> None:
        self._wanted = extensions
        super().__init__(name)

    def list_extensions(self) -> list[str]:
        # Display.__init__ sets up those of these extensions it has a module for.
        return [name for name in super().list_extensions() if name in self._wanted]


def open_display(name: str | None, extensions: tuple[str, ...] = ()) -> display.Display:
    """Open the X display ``name`` (None: ``DISPLAY``) with, of the named extensions,
    those the server has. Raise what ``Display`` raises when it cannot be opened."""
    return _Display(name, frozenset(extensions))
