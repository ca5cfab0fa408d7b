"""What every autostart writer shares: the command of this installation, admin checks,
file installation and the status lines."""

from __future__ import annotations

import pytest

from ergo.autostart.common import (
    EntryStatus,
    describe,
    ergo_command,
    install_file,
    remove_file,
    require_admin,
)
from ergo.errors import UserError


def test_the_command_is_the_console_script_beside_the_interpreter(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "ergo").write_text("")
    python = tmp_path / "bin" / "python"
    assert ergo_command(str(python), windows=False) == (str(tmp_path / "bin" / "ergo"), "run")


def test_on_windows_the_console_script_may_sit_in_scripts_beside_python(tmp_path):
    (tmp_path / "Scripts").mkdir()
    (tmp_path / "Scripts" / "ergo.exe").write_text("")
    assert ergo_command(str(tmp_path / "python.exe"), windows=True) == (
        str(tmp_path / "Scripts" / "ergo.exe"), "run")


def test_without_a_console_script_the_command_runs_the_module(tmp_path):
    python = tmp_path / "bin" / "python3"
    assert ergo_command(str(python), windows=False) == (str(python), "-m", "ergo", "run")


@pytest.mark.parametrize(("windows", "fix"), [(False, "sudo ergo autostart"),
                                              (True, "Run as administrator")])
def test_system_wide_changes_without_rights_stop_with_exit_2_and_the_fix(windows, fix):
    with pytest.raises(UserError) as caught:
        require_admin(False, windows=windows)
    assert caught.value.exit_code == 2
    assert fix in caught.value.problems[0]
    require_admin(True, windows=windows)


def test_install_file_reports_wrote_unchanged_and_updated(tmp_path):
    path = tmp_path / "deep" / "file"
    assert install_file(path, b"a") == f"wrote {path}"
    assert install_file(path, b"a") == f"unchanged {path}"
    assert install_file(path, b"b") == f"updated {path}"
    assert path.read_bytes() == b"b"
    assert [p.name for p in path.parent.iterdir()] == ["file"]


def test_remove_file_removes_only_what_is_ours(tmp_path):
    path = tmp_path / "file"
    assert remove_file(path, ours=True) is None
    path.write_text("x")
    assert "ergo did not write it" in remove_file(path, ours=False)
    assert remove_file(path, ours=True) == f"removed {path}"
    assert not path.exists()


def test_status_says_a_program_that_cannot_be_executed_is_broken(tmp_path):
    program = tmp_path / "ergo"
    program.write_text("")
    program.chmod(0o644)
    entry = EntryStatus("Entry", "somewhere", True, True, (str(program), "run"))
    assert f"  broken: its program {program} is not executable; `ergo autostart enable` " \
           "writes it anew for this installation" in describe(entry, (str(program), "run"), {})


def test_status_looks_up_a_bare_program_name_on_path(tmp_path):
    entry = EntryStatus("Entry", "somewhere", True, True, ("ergo", "run"))
    lines = describe(entry, ("/x/ergo", "run"), {"PATH": str(tmp_path)})
    assert "  broken: its program ergo is not on PATH" in lines[-1]
    (tmp_path / "ergo").write_text("")
    (tmp_path / "ergo").chmod(0o755)
    assert not any("broken" in line for line in describe(entry, ("/x/ergo", "run"),
                                                          {"PATH": str(tmp_path)}))


def test_a_bare_program_name_is_this_installation_when_path_leads_to_it(tmp_path):
    program = tmp_path / "bin" / "ergo"
    program.parent.mkdir()
    program.write_text("")
    program.chmod(0o755)
    entry = EntryStatus("Entry", "somewhere", True, True, ("ergo", "run"))
    on_path = describe(entry, (str(program), "run"), {"PATH": str(program.parent)})
    assert "  starts ergo run (this installation)" in on_path
    elsewhere = describe(entry, ("/opt/ergo/bin/ergo", "run"), {"PATH": str(program.parent)})
    assert "  starts ergo run, which is not this installation (/opt/ergo/bin/ergo run)" \
        in elsewhere


def test_status_of_an_entry_without_a_command_says_only_that_it_is_broken():
    entry = EntryStatus("Entry", "here", True, None, ())
    assert describe(entry, ("ergo", "run"), {}) == [
        "Entry: here", "  broken: it has no command to start; `ergo autostart enable` "
        "writes it anew for this installation"]
