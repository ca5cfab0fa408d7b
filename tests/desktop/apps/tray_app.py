"""A tiny program around ergo's tray adapter, run by the desktop tests.

It selects the tray the way the daemon does (``ERGO_TRAY`` decides), shows a menu
and prints one JSON line per event on stdout: ``{"ready": NAME, "has_menu": BOOL}``
once the loop runs, then ``{"action": VALUE}`` for each menu click. The action
``"quit"`` stops the tray, and the program exits 0. SIGINT and SIGTERM do the same
after printing ``{"signal": NUMBER}``, as the daemon's handlers will. SIGUSR1 prints
``{"tray": NAME}``, the tray's name at that moment (ergo's Linux tray names the
protocol showing the icon). With ``--no-default`` no entry is the default one.
"""

from __future__ import annotations

import json
import signal
import sys
from dataclasses import replace

from ergo.desktop.select import select_tray
from ergo.ports import SEPARATOR, MenuItem, TrayView

MENU = (
    MenuItem("Next: posture check at 10:20", enabled=False),
    SEPARATOR,
    MenuItem(
        "Snooze",
        submenu=(
            MenuItem("5 minutes", "snooze:5m"),
            MenuItem("10 minutes", "snooze:10m"),
            MenuItem("Rest of today (limit reached)", "snooze:rest_of_day", enabled=False),
        ),
    ),
    MenuItem(
        "Pause", submenu=(MenuItem("1 hour", "pause:1h"), MenuItem("Until tomorrow", "pause"))
    ),
    MenuItem("Stretch now", "stretch"),
    SEPARATOR,
    MenuItem("Posture check", "toggle:posture", checked=True),
    MenuItem("Walk (set by your organisation)", "toggle:walk", checked=True, enabled=False),
    SEPARATOR,
    MenuItem("Open config file", "open-config"),
    MenuItem("About and safety", "about"),
    MenuItem("Quit", "quit", default=True),
)


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main() -> int:
    def on_action(action: object) -> None:
        emit(action=action)
        if action == "quit":
            selection.adapter.stop()

    selection = select_tray(on_action)
    tray = selection.adapter

    def on_signal(number: int, _frame: object) -> None:
        emit(signal=number)
        tray.stop()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGUSR1, lambda *_: emit(tray=tray.name))

    menu = MENU
    if "--no-default" in sys.argv[1:]:
        menu = tuple(replace(item, default=False) for item in MENU)

    def ready() -> None:
        tray.show(TrayView("active", "ergo: posture check at 10:20", menu))
        emit(ready=tray.name, has_menu=tray.has_menu, rejected=[r.name for r in selection.rejected])

    tray.run(ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
