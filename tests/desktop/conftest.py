"""A throwaway X display (Xvfb) for the player window tests; skipped when Xvfb is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def display():
    """Start Xvfb on a free display number and yield ``":N"``; stop it afterwards."""
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("needs Xvfb and xdotool (apt-get install xvfb xdotool)")
    with tempfile.TemporaryFile() as number_file:
        # -displayfd: Xvfb picks a free display and writes its number (safe in parallel);
        # -noreset: without it a client connecting right after start-up can fail.
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(number_file.fileno()), "-screen", "0", "1280x800x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(number_file.fileno(),), stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            number = b""
            while not number.strip().isdigit() and time.monotonic() < deadline:
                time.sleep(0.05)
                number_file.seek(0)
                number = number_file.read()
            if not number.strip().isdigit():
                pytest.fail("Xvfb did not start")
            yield f":{number.decode().strip()}"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def desktop_env(display):
    """The environment for a child process that opens windows on the test display."""
    env = dict(os.environ, DISPLAY=display)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env
