"""The systemd user unit writer, in a temporary home and system root."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from autostart_places import installed_ergo, make_target

from ergo.autostart import systemd
from ergo.autostart.common import Places, Target, describe


def unit_path(target: Target):
    return systemd.unit_dir(target) / "ergo.service"


def test_the_unit_restarts_ergo_on_failure_within_the_graphical_session():
    text = systemd.unit_text(("/opt/ergo/bin/ergo", "run"))
    lines = text.splitlines()
    assert lines[0] == systemd.MARKER
    for line in ("PartOf=graphical-session.target", "After=graphical-session.target",
                 "ExecStart=/opt/ergo/bin/ergo run", "Restart=on-failure", "RestartSec=5",
                 "StartLimitIntervalSec=120", "StartLimitBurst=5",
                 "WantedBy=graphical-session.target"):
        assert line in lines
    assert lines.index("[Unit]") < lines.index("[Service]") < lines.index("[Install]")


def test_enable_without_a_user_manager_writes_the_unit_and_says_what_to_run(tmp_path):
    target = make_target(tmp_path)
    lines = systemd.enable(target)
    path = tmp_path / "home/.config/systemd/user/ergo.service"
    assert lines == [f"wrote {path}",
                     "no systemd user manager to talk to here; to finish, run: "
                     "systemctl --user daemon-reload && systemctl --user enable ergo.service"]
    assert path.read_text() == systemd.unit_text(target.command)
    assert systemd.enable(target)[0] == f"unchanged {path}"


def test_system_enable_writes_the_unit_for_every_user_and_names_the_global_enable(tmp_path):
    target = make_target(tmp_path, system=True)
    lines = systemd.enable(target)
    assert unit_path(target) == tmp_path / "root/etc/systemd/user/ergo.service"
    assert lines[1].endswith("systemctl --global enable ergo.service")


def test_a_user_manager_counts_only_with_its_socket_in_the_runtime_dir(tmp_path):
    runtime = tmp_path / "run"
    environ = {"XDG_RUNTIME_DIR": str(runtime), "PATH": "/usr/bin:/bin"}
    target = Target(Places(tmp_path, environ), False, ("ergo", "run"))
    assert not systemd.manager_available(target)
    (runtime / "systemd").mkdir(parents=True)
    (runtime / "systemd" / "private").touch()
    assert systemd.manager_available(target) == (systemd.shutil.which("systemctl") is not None)
    staged = Target(Places(tmp_path, environ, tmp_path / "pkgroot"), True, ("ergo", "run"))
    assert not systemd.manager_available(staged)


def test_status_reads_enabled_from_the_link_systemctl_enable_makes(tmp_path):
    target = make_target(tmp_path)
    systemd.enable(target)
    [entry] = systemd.status(target)
    assert entry.exists and not entry.enabled and entry.command == target.command
    assert "not enabled: run systemctl --user enable ergo.service" in entry.notes
    wants = unit_path(target).parent / "graphical-session.target.wants"
    wants.mkdir()
    (wants / "ergo.service").symlink_to(unit_path(target))
    [entry] = systemd.status(target)
    assert entry.enabled and entry.notes == ()
    assert f"  starts {target.command[0]} run (this installation)" in describe(
        entry, target.command, target.places.environ)


def test_disable_removes_the_unit_and_its_enable_link_and_nothing_else(tmp_path):
    target = make_target(tmp_path)
    systemd.enable(target)
    folder = unit_path(target).parent
    (folder / "other.service").write_text("[Service]\nExecStart=/bin/true\n")
    wants = folder / "graphical-session.target.wants"
    wants.mkdir()
    (wants / "ergo.service").symlink_to(unit_path(target))
    lines = systemd.disable(target)
    assert lines[:2] == [f"removed {wants / 'ergo.service'}", f"removed {unit_path(target)}"]
    assert sorted(p.name for p in folder.rglob("*")) == [
        "graphical-session.target.wants", "other.service"]
    assert systemd.disable(target) == [f"no systemd unit at {unit_path(target)}"]


def test_disable_keeps_a_unit_ergo_did_not_write(tmp_path):
    target = make_target(tmp_path)
    unit_path(target).parent.mkdir(parents=True)
    unit_path(target).write_text("[Service]\nExecStart=/usr/bin/ergo run\n")
    assert "ergo did not write it" in systemd.disable(target)[0]
    assert unit_path(target).exists()


def test_status_says_the_unit_points_at_another_installation(tmp_path):
    target = make_target(tmp_path)
    other = installed_ergo(tmp_path / "other")
    systemd.enable(Target(target.places, False, other))
    lines = describe(systemd.status(target)[0], target.command, target.places.environ)
    assert any("which is not this installation" in line for line in lines)


@pytest.mark.parametrize("command", [
    ("/opt/my apps/ergo", "run"),
    ("/opt/100%/ergo", "run"),
    ("/opt/$USER/ergo", "run"),
    ('/opt/say "hi"\\/ergo', "run"),
    ("/opt/semi;colon/ergo", "run"),
])
def test_execstart_quoting_round_trips_awkward_paths(command):
    assert systemd.split_exec(systemd.quote_exec(command)) == command


def test_execstart_escapes_specifiers_and_variables():
    assert systemd.quote_exec(("/opt/100%/$HOME/ergo", "run")) == "/opt/100%%/$$HOME/ergo run"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_analyze_verify_accepts_the_unit(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    unit = tmp_path / "ergo.service"
    unit.write_text(systemd.unit_text(("/bin/true", "run")))
    result = subprocess.run(["systemd-analyze", "--user", "verify", str(unit)],
                            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
