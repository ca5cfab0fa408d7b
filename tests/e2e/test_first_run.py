"""The first-run welcome of a daemon with no display: logged once, never again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home():
    # Short: the control socket lives below it and AF_UNIX paths are limited.
    path = Path(tempfile.mkdtemp(prefix="ergo-home-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def environment(home: Path) -> dict[str, str]:
    runtime = home / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    keep = {key: os.environ[key] for key in ("PATH", "LANG") if key in os.environ}
    return {**keep, "HOME": str(home), "PYTHONPATH": str(ROOT), "LANGUAGE": "nl",
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_CONFIG_DIRS": str(home / "none"),
            "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(runtime)}


def ergo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ergo", *args], env=env, capture_output=True,
                          text=True, timeout=30, check=False)


def run_daemon_until(env: dict[str, str], ready) -> str:
    """Start ``ergo run --no-tray``, wait until ``ready()``, stop it; return its stderr."""
    daemon = subprocess.Popen([sys.executable, "-m", "ergo", "run", "--no-tray"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def up() -> bool:
            assert daemon.poll() is None, daemon.stderr.read()
            return ready() and ergo(env, "status").returncode == 0

        wait_until(up, 20, "ergo to come up")
        assert ergo(env, "stop").returncode == 0
        _out, err = daemon.communicate(timeout=20)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    return err


def test_without_a_display_the_welcome_is_logged_once_in_the_users_language(home):
    env = environment(home)
    marker = home / "state" / "ergo" / "welcome-shown"
    log_file = home / "state" / "ergo" / "log" / "ergo.log"

    def welcomed() -> bool:
        return marker.exists() and log_file.exists() and "Welkom bij ergo" in log_file.read_text()

    first = run_daemon_until(env, welcomed)
    assert "ergo: Welkom bij ergo\n\nTijdens je werktijd" in first
    assert "ergo geeft geen medisch advies." in first
    stamp = marker.read_text()

    # The welcome is decided right after "ergo started" is logged, when the tray is up.
    second = run_daemon_until(env, lambda: log_file.read_text().count("ergo started") == 2)
    assert "Welkom" not in second
    assert log_file.read_text().count("Welkom bij ergo") == 1
    assert marker.read_text() == stamp
