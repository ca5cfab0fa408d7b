"""``ergo autostart`` as a user runs it: ``python -m ergo`` in a subprocess, with HOME and
the XDG dirs in a temporary directory."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.homes import fresh_home_env
from tests.waiting import wait_until

REPOSITORY = Path(__file__).resolve().parents[2]
# Without an ergo console script beside the interpreter, entries run the module.
# An installed ergo has its console script beside the interpreter; a source checkout
# run through PYTHONPATH has not, and is started as a module.
SCRIPT = Path(sys.executable).with_name("ergo")
COMMAND = f"{SCRIPT} run" if SCRIPT.exists() else f"{sys.executable} -m ergo run"


def ergo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ergo", "autostart", *args],
                          env=fresh_home_env(tmp_path),
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_enable_status_disable_round_trip_for_the_user(tmp_path):
    first = ergo(tmp_path, "enable")
    assert first.returncode == 0, first.stderr
    entry = tmp_path / "home/.config/autostart/ergo.desktop"
    assert f"wrote {entry}" in first.stdout
    written = tree(tmp_path / "home")
    assert len(written) == 12  # autostart and launcher entries, 8 PNGs and 2 SVGs
    again = ergo(tmp_path, "enable")
    assert f"unchanged {entry}" in again.stdout
    assert tree(tmp_path / "home") == written
    status = ergo(tmp_path, "status")
    assert status.returncode == 0
    assert f"XDG autostart entry: {entry}\n  enabled\n  starts {COMMAND} (this installation)\n" \
        in status.stdout
    gone = ergo(tmp_path, "disable")
    assert gone.returncode == 0 and f"removed {entry}" in gone.stdout
    assert tree(tmp_path / "home") == {}
    assert f"XDG autostart entry: none ({entry})" in ergo(tmp_path, "status").stdout


def test_system_enable_into_a_package_root_and_back(tmp_path):
    root = tmp_path / "pkgroot"
    result = ergo(tmp_path, "enable", "--system", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert sorted(tree(root))[:3] == ["etc/xdg/autostart/ergo.desktop",
                                      "usr/share/applications/ergo.desktop",
                                      "usr/share/icons/hicolor/128x128/apps/ergo.png"]
    assert not (tmp_path / "home").exists()
    status = ergo(tmp_path, "status", "--system", "--root", str(root))
    assert f"XDG autostart entry: {root}/etc/xdg/autostart/ergo.desktop\n  enabled\n" \
        in status.stdout
    ergo(tmp_path, "disable", "--system", "--root", str(root))
    assert tree(root) == {}


def test_systemd_enable_writes_the_unit_and_says_what_to_run_without_a_user_manager(tmp_path):
    result = ergo(tmp_path, "enable", "--systemd")
    assert result.returncode == 0, result.stderr
    unit = tmp_path / "home/.config/systemd/user/ergo.service"
    assert f"ExecStart={COMMAND}\n" in unit.read_text()
    assert "systemctl --user daemon-reload && systemctl --user enable ergo.service" \
        in result.stdout
    status = ergo(tmp_path, "status").stdout
    assert f"systemd user unit: {unit}\n  disabled\n" in status


def test_a_user_hidden_system_entry_is_reported(tmp_path):
    root = tmp_path / "pkgroot"
    ergo(tmp_path, "enable", "--system", "--root", str(root))
    user = tmp_path / "home/.config/autostart/ergo.desktop"
    user.parent.mkdir(parents=True)
    user.write_text("[Desktop Entry]\nType=Application\nName=ergo\nExec=ergo run\nHidden=true\n")
    status = ergo(tmp_path, "status").stdout
    assert f"XDG autostart entry: {user}\n  disabled\n  Hidden=true" in status


@pytest.mark.parametrize(("args", "message"), [
    (("enable", "--root", "x"), "--root only goes with --system"),
    (("status", "--bogus"), "unrecognized arguments"),
    (("start",), "invalid choice"),
])
def test_usage_mistakes_exit_2_with_a_message_and_no_traceback(tmp_path, args, message):
    result = ergo(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


needs_dex = pytest.mark.skipif(shutil.which("dex") is None, reason="needs dex (Debian: dex)")


@needs_dex
def test_dex_reads_the_autostart_entry_as_a_session_manager_and_runs_this_installation(
        tmp_path):
    assert ergo(tmp_path, "enable").returncode == 0
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CONFIG_DIRS": str(tmp_path / "none"), "PATH": os.environ["PATH"]}
    result = subprocess.run(["dex", "--autostart", "--dry-run", "--verbose"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert f"Executing command: {COMMAND}\n" in result.stdout


@needs_dex
def test_dex_starts_ergo_from_the_entry_and_ergo_status_answers(tmp_path):
    assert ergo(tmp_path, "enable").returncode == 0
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_STATE_HOME": str(home / ".local/state"), "XDG_RUNTIME_DIR": str(runtime),
           "XDG_CONFIG_DIRS": str(tmp_path / "none"), "PATH": os.environ["PATH"],
           "PYTHONPATH": str(REPOSITORY)}
    # A session of its own, so every process dex starts can be ended by its group id.
    dex = subprocess.Popen(["dex", "--autostart"], env=env, start_new_session=True)
    try:
        dex.wait(timeout=30)
        wait_until(lambda: subprocess.run([sys.executable, "-m", "ergo", "status"], env=env,
                                          capture_output=True, timeout=30).returncode == 0,
                   20, "the autostarted ergo to answer ergo status")
        stop = subprocess.run([sys.executable, "-m", "ergo", "stop"], env=env,
                              capture_output=True, text=True, timeout=30)
        assert stop.returncode == 0, stop.stderr
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(dex.pid, signal.SIGTERM)
