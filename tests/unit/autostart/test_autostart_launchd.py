"""The macOS LaunchAgent writer, in a temporary home and system root."""

from __future__ import annotations

import plistlib

from autostart_places import installed_ergo, make_target

from ergo.autostart import launchd
from ergo.autostart.common import Target, describe


def test_the_agent_runs_ergo_at_login_in_gui_sessions_and_after_a_crash():
    content = plistlib.loads(launchd.plist_bytes(("/Applications/ergo env/bin/ergo", "run")))
    assert content == {
        "Label": "ergo",
        "ProgramArguments": ["/Applications/ergo env/bin/ergo", "run"],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": 30,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def test_enable_writes_the_user_agent_and_says_how_to_load_it_now(tmp_path):
    target = make_target(tmp_path)
    path = tmp_path / "home/Library/LaunchAgents/ergo.plist"
    assert launchd.enable(target) == [
        f"wrote {path}",
        f"it takes effect at the next login; to start it now: "
        f"launchctl bootstrap gui/$(id -u) {path}"]
    assert plistlib.loads(path.read_bytes())["ProgramArguments"] == list(target.command)
    assert launchd.enable(target)[0] == f"unchanged {path}"


def test_system_enable_writes_below_the_root_in_library_launchagents(tmp_path):
    target = make_target(tmp_path, system=True)
    launchd.enable(target)
    assert (tmp_path / "root/Library/LaunchAgents/ergo.plist").is_file()


def test_status_reports_this_installation_another_one_and_disabled(tmp_path):
    target = make_target(tmp_path)
    launchd.enable(target)
    [entry] = launchd.status(target)
    assert entry.enabled and entry.command == target.command
    other = installed_ergo(tmp_path / "other")
    path = launchd.agent_path(target)
    content = plistlib.loads(launchd.plist_bytes(other))
    path.write_bytes(plistlib.dumps({**content, "Disabled": True}))
    [entry] = launchd.status(target)
    lines = describe(entry, target.command, target.places.environ)
    assert "  disabled" in lines and "  Disabled=true in the property list" in lines
    assert any("which is not this installation" in line for line in lines)


def test_status_reports_a_damaged_property_list(tmp_path):
    target = make_target(tmp_path)
    path = launchd.agent_path(target)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"<plist><dict><key>Label")
    [entry] = launchd.status(target)
    assert entry.notes == ("not a readable property list",)


def test_disable_removes_only_ergos_agent(tmp_path):
    target = make_target(tmp_path)
    launchd.enable(target)
    neighbour = launchd.agent_path(target).parent / "com.example.other.plist"
    neighbour.write_bytes(plistlib.dumps({"Label": "com.example.other"}))
    assert launchd.disable(target) == [f"removed {launchd.agent_path(target)}"]
    assert [p.name for p in neighbour.parent.iterdir()] == [neighbour.name]
    launchd.agent_path(target).write_bytes(plistlib.dumps({"Label": "com.example.mine"}))
    assert "ergo did not write it" in launchd.disable(Target(target.places, False, ()))[0]
