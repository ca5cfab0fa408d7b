"""Fixtures for the tests that run in the virtual desktop (``-m desktop``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.session import DesktopSession, missing_programs
from tests.missing import unavailable

ROOT = Path(__file__).resolve().parents[2]


def gtk_installed() -> bool:
    """Whether PyGObject (the gtk extra, for pystray's GTK trays) can be imported."""
    try:
        import gi  # noqa: F401
    except ImportError:
        return False
    return True


needs_gtk = pytest.mark.skipif(
    not gtk_installed(), reason="PyGObject is not installed (pip install -e '.[gtk]')"
)


@pytest.fixture(scope="session")
def desktop_session() -> Iterator[DesktopSession]:
    """The shared virtual desktop. Skipped when its programs are missing, except in
    CI (``CI`` set), where .ci/run installs them and a skip would hide a broken setup."""
    missing = missing_programs()
    if missing:
        message = f"virtual desktop programs missing: {', '.join(missing)} (see .ci/run)"
        unavailable(message)
    with DesktopSession() as session:
        yield session


@pytest.fixture
def desktop(desktop_session: DesktopSession, monkeypatch: pytest.MonkeyPatch) -> DesktopSession:
    """The shared desktop, with its DISPLAY and buses in this process's environment,
    dunst and trayer running (a test may have stopped them) and no notification shown."""
    for name in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS", "NO_AT_BRIDGE"):
        monkeypatch.setenv(name, desktop_session.env[name])
    desktop_session.start_dunst()
    desktop_session.start_trayer()
    # Notifications left by an earlier test would be counted with this test's.
    desktop_session.run("dunstctl", "close-all")
    # With no window manager the keyboard focus follows the pointer: put it back where
    # Xvfb starts it, in the middle of the screen, wherever an earlier test left it.
    width, height = (int(n) for n in desktop_session.screen.split("x")[:2])
    desktop_session.run("xdotool", "mousemove", str(width // 2), str(height // 2))
    return desktop_session


@pytest.fixture
def desktop_env(desktop: DesktopSession) -> dict[str, str]:
    """The environment for a child process that runs ergo code in the virtual desktop."""
    return dict(desktop.env, PYTHONPATH=str(ROOT))
