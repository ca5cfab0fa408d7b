"""GNOME's do-not-disturb switch read through GSettings (a memory backend in a child process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
from gi.repository import Gio
from ergo.desktop.interrupt_dbus import GnomeBanners
detector = GnomeBanners()
print(detector.check())
Gio.Settings.new("org.gnome.desktop.notifications").set_boolean("show-banners", False)
print(detector.check())
"""


def test_show_banners_switched_off_is_do_not_disturb():
    pytest.importorskip("gi", reason="PyGObject (ergo's gtk extra) is not installed")
    if not Path("/usr/share/glib-2.0/schemas/org.gnome.desktop.notifications.gschema.xml"
                ).exists():
        pytest.skip("gsettings-desktop-schemas is not installed")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=30,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "GSETTINGS_BACKEND": "memory"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["None", "do not disturb is on"]
