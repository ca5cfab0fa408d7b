"""Driving ``apps/tray_app.py`` (ergo's tray adapter in a tiny program) from the tests."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.desktop.conftest import ROOT
from tests.desktop.session import DesktopSession, Window, wait_until

APP = Path(__file__).parent / "apps" / "tray_app.py"


class TrayApp:
    """tray_app.py running in the desktop with a forced backend and ``env`` added to the
    desktop's environment; reads its JSON lines."""

    def __init__(self, desktop: DesktopSession, backend: str, *args: str,
                 env: Mapping[str, str] | None = None) -> None:
        env = dict(desktop.env, ERGO_TRAY=backend, PYTHONPATH=str(ROOT), **(env or {}))
        self.backend = backend
        self.desktop = desktop
        self.process = desktop.popen(
            [sys.executable, str(APP), *args], env=env, stdout=subprocess.PIPE, text=True
        )
        self.ready = self.next_event()

    def next_event(self, timeout: float = 10) -> dict[str, object]:
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert readable, "the tray app printed nothing"
        line = self.process.stdout.readline()
        assert line, f"the tray app exited with status {self.process.wait()}"
        return json.loads(line)

    def tray_name(self) -> str:
        """Return the tray's name now (ergo's Linux tray: the protocol in use)."""
        self.process.send_signal(signal.SIGUSR1)
        return str(self.next_event()["tray"])

    def wait_for_name(self, name: str, timeout: float = 5) -> str:
        return wait_until(lambda: self.tray_name() == name and name, timeout, f"tray {name}")

    def open_menu(self, icon: Window, button: int) -> Window:
        before = {w.id for w in self.desktop.top_windows()}
        self.desktop.click(icon.id, icon.width // 2, icon.height // 2, button)
        menu = wait_until(
            lambda: next(
                (w for w in self.desktop.top_windows() if w.id not in before and w.height > 40),
                None,
            ),
            what="the tray menu to open",
        )
        return self.desktop.settled(menu.id)
