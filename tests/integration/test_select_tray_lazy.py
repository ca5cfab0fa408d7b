"""With a session bus, ergo's own tray wins the tray selection on Linux, and pystray's
backends, later in the candidate list, are never loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.dbus_services import start_bus

SCRIPT = """
import json, sys
from ergo.desktop.select import select_tray
selection = select_tray(lambda action: None, env={"DBUS_SESSION_BUS_ADDRESS": sys.argv[1]},
                        platform="linux")
print(json.dumps({
    "tray": selection.adapter.name,
    "rejected": [r.name for r in selection.rejected],
    "loaded": sorted(m for m in sys.modules if "pystray" in m),
}))
"""


def test_the_linux_tray_wins_on_a_session_bus_and_pystray_is_never_imported(tmp_path: Path):
    daemon, address = start_bus(tmp_path, "session")
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT, address], capture_output=True,
                              text=True, check=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    finally:
        daemon.kill()
        daemon.wait()
    result = json.loads(done.stdout)
    assert result == {"tray": "sni", "rejected": [], "loaded": []}
