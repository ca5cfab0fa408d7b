"""X connections set up only the extensions asked for, in the virtual desktop (Xvfb)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ergo.desktop.xdisplay import open_display
from tests.desktop.session import DesktopSession

pytestmark = pytest.mark.desktop


def test_only_the_named_extensions_are_set_up_and_they_work(desktop: DesktopSession):
    connection = open_display(desktop.env["DISPLAY"], ("MIT-SCREEN-SAVER",))
    try:
        assert connection.extensions == ["MIT-SCREEN-SAVER"]
        assert connection.has_extension("MIT-SCREEN-SAVER")
        assert not connection.has_extension("RANDR")
        assert connection.screen().root.screensaver_query_info().idle >= 0
    finally:
        connection.close()


def test_a_connection_without_extensions_imports_none_of_their_modules(
    desktop: DesktopSession,
):
    # In a fresh interpreter: the modules of the extensions the server offers
    # (RANDR, XInput, RECORD, ...) are not loaded at all (Xlib's protocol module
    # itself imports the Generic Event one).
    script = ("import sys; from ergo.desktop.xdisplay import open_display; "
              "d = open_display(None); d.intern_atom('MANAGER'); "
              "print(d.extensions, sorted(m for m in sys.modules "
              "if m.startswith('Xlib.ext.') and m != 'Xlib.ext.ge'))")
    done = subprocess.run([sys.executable, "-c", script], env=desktop.env, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["[]", "[]"]
    # The control: the server offers extensions that a plain Display would set up.
    plain = "from Xlib import display; print(len(display.Display().extensions))"
    listed = subprocess.run([sys.executable, "-c", plain], env=desktop.env, capture_output=True,
                            text=True, check=True)
    assert int(listed.stdout) > 5
