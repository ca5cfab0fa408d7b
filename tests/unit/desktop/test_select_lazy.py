"""Choosing adapters loads only the code of the candidates that can work here."""

from __future__ import annotations

import json
import subprocess
import sys

from ergo.core.model import InterruptionSettings

SCRIPT = """
import json, sys
from ergo.core.model import InterruptionSettings
from ergo.desktop.select import select_idle, select_interruptions
env = {"HOME": sys.argv[1]}
idle = select_idle(env=env, platform="linux")
found = select_interruptions(InterruptionSettings(), env=env, platform="linux")
print(json.dumps({
    "rejected": {r.name: r.reason for r in idle.rejected},
    "unavailable": dict(found.unavailable),
    "loaded": sorted(m for m in sys.modules if "wayland" in m or "interrupt_apps" in m),
}))
"""


def test_outside_a_wayland_session_and_with_no_apps_listed_their_code_is_not_loaded(tmp_path):
    assert InterruptionSettings().fullscreen  # so the Wayland detector is a candidate
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                          text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    result = json.loads(done.stdout)
    assert result["loaded"] == ["ergo.desktop.wayland_socket"]
    assert "WAYLAND_DISPLAY is not set" in result["rejected"]["idle wayland"]
    assert "WAYLAND_DISPLAY is not set" in result["unavailable"]["fullscreen-wlroots"]
