"""How ``ergo run`` starts: the tray icon first, the saved state and the rest after it.

The state file is a FIFO here, so reading it blocks until the test writes it, the
way a home on a network share that is slow to answer would: the icon must not
wait for it, and ergo must still stop when asked while it waits.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ergo.core.state import EngineState
from ergo.runtime.state_store import StateStore
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.test_daemon import Ergo, config_text

pytestmark = pytest.mark.desktop


def serve_once(fifo: Path, data: bytes) -> None:
    """Write ``data`` to the first reader of ``fifo`` (from a thread of its own); a later
    reader finds a plain file holding the same."""

    def serve() -> None:
        with fifo.open("wb") as stream:
            plain = fifo.with_name("plain.json")
            plain.write_bytes(data)
            os.replace(plain, fifo)
            stream.write(data)

    threading.Thread(target=serve, daemon=True).start()


def saved_state(folder: Path) -> bytes:
    """Return a state file's bytes as ergo saves them, for a fresh state."""
    store = StateStore(folder / "saved.json")
    store.save(EngineState().to_dict())
    return store.path.read_bytes()


def test_the_icon_shows_before_the_state_is_read_and_the_rest_follows_it(
    desktop: DesktopSession,
):
    # ergo's own Linux tray; trayer has no StatusNotifierWatcher, so it docks by XEmbed.
    user = Ergo(desktop, tray=None)
    try:
        user.config.write_text(config_text(every="1h"))
        os.mkfifo(user.state_file)
        user.launch()
        desktop.wait_for_tray_icon(timeout=30)
        # The rest, the control channel among it, waits for the state.
        assert user.cli("status", check=False).returncode == 1
        serve_once(user.state_file, saved_state(user.root))
        status = wait_until(lambda: user.cli("status", check=False).returncode == 0
                            and user.status(), timeout=60, what="ergo to answer ergo status")
        assert status["backends"]["tray"] == "xembed"
        assert [r["id"] for r in status["next"]] == ["stand-up"]
        assert "state.json" not in user.log
    finally:
        user.close()


def test_ergo_stopped_while_its_state_cannot_be_read_still_ends(desktop: DesktopSession):
    user = Ergo(desktop, tray=None)
    try:
        user.config.write_text(config_text(every="1h"))
        os.mkfifo(user.state_file)
        process = user.launch()
        desktop.wait_for_tray_icon(timeout=30)
        assert desktop.terminate(process, timeout=20) == 0
        assert "its start did not end within 4 s" in user.log
        assert desktop.tray_icons() == []
    finally:
        user.close()
