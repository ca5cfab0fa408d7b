"""Fixtures for the tests in real headless Wayland compositors (``-m wayland``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.missing import unavailable
from tests.wayland.session import WaylandSession, missing_programs, user_venv

#: Where the user venv is kept between runs (it is rebuilt when ergo's dependencies change).
VENV_FOLDER = Path(os.environ.get("ERGO_WAYLAND_VENVS", "/var/tmp"))


def _need(compositor: str, *extra: str) -> None:
    """Skip when the compositor's programs (or ``extra`` ones) are missing, except in CI
    (``CI`` set), where .ci/run installs them and a skip would hide a broken setup."""
    missing = missing_programs(compositor) + [p for p in extra if shutil.which(p) is None]
    if missing:
        message = f"{compositor} session programs missing: {', '.join(missing)} (see .ci/run)"
        unavailable(message)


@pytest.fixture(scope="session")
def user_python() -> Path:
    """Debian's Python in a venv the session's user can read, with ergo installed."""
    if not Path("/usr/bin/python3").exists():
        message = "/usr/bin/python3 is missing (apt install python3-venv python3-tk)"
        unavailable(message)
    return user_venv(VENV_FOLDER)


def _session(compositor: str, python: Path, xwayland: bool = False,
             *extra: str) -> Iterator[WaylandSession]:
    _need(compositor, *extra)
    with WaylandSession(compositor, python, xwayland=xwayland) as session:
        yield session


@pytest.fixture
def sway(user_python: Path) -> Iterator[WaylandSession]:
    """A headless sway with waybar (tray host) and mako (notifications), no Xwayland."""
    yield from _session("sway", user_python)


@pytest.fixture
def sway_xwayland(user_python: Path) -> Iterator[WaylandSession]:
    """The same sway session with Xwayland, so ergo's Tk windows can open."""
    yield from _session("sway", user_python, True, "Xwayland", "xwininfo")


@pytest.fixture
def kwin(user_python: Path) -> Iterator[WaylandSession]:
    """A headless KWin (kwin_wayland --virtual), no Xwayland."""
    yield from _session("kwin", user_python)


@pytest.fixture
def gnome(user_python: Path) -> Iterator[WaylandSession]:
    """A headless GNOME Shell with its AppIndicator extension (tray host) and its own
    notifications, no Xwayland."""
    yield from _session("gnome", user_python)


@pytest.fixture
def gnome_xwayland(user_python: Path) -> Iterator[WaylandSession]:
    """The same GNOME Shell session with Xwayland, so ergo's Tk windows can open."""
    yield from _session("gnome", user_python, True, "xwininfo")
