"""The freedesktop writer: autostart entry, launcher entry and icons, in a temporary home
and system root."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from autostart_places import installed_ergo, make_target
from PIL import Image

from ergo.autostart import xdg
from ergo.autostart.common import Target, describe
from tests.tool_modules import load_tool


def files_below(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def user_entry(target: Target) -> Path:
    return target.places.home / ".config" / "autostart" / "ergo.desktop"


def test_enable_writes_the_user_autostart_entry_pointing_at_the_installed_program(tmp_path):
    target = make_target(tmp_path)
    lines = xdg.enable(target)
    path = user_entry(target)
    assert lines == [f"wrote {path}"]
    keys = xdg.parse_entry(path.read_text())
    assert keys["Exec"] == f"{target.command[0]} run"
    assert keys["TryExec"] == target.command[0]
    assert keys["X-GNOME-Autostart-enabled"] == "true"
    assert keys["GenericName[nl]"] == "Houdingsherinneringen" and keys["Comment[nl]"]
    assert keys["Icon"] == "ergo"
    # Its notifications name it (desktop-entry hint); GNOME lists it in its settings.
    assert keys["X-GNOME-UsesNotifications"] == "true"


def test_enabling_twice_leaves_one_identical_file(tmp_path):
    target = make_target(tmp_path)
    xdg.enable(target)
    xdg.install_launcher(target)
    before = files_below(tmp_path / "home")
    assert xdg.enable(target) == [f"unchanged {user_entry(target)}"]
    xdg.install_launcher(target)
    assert files_below(tmp_path / "home") == before
    assert list(user_entry(target).parent.iterdir()) == [user_entry(target)]


def test_enable_honours_xdg_config_home(tmp_path):
    target = make_target(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    places = type(target.places)(target.places.home, {"XDG_CONFIG_HOME": str(elsewhere)},
                                 target.places.root)
    xdg.enable(Target(places, False, target.command))
    assert (elsewhere / "autostart" / "ergo.desktop").is_file()


def test_a_relative_xdg_config_home_is_ignored_as_the_spec_says(tmp_path):
    target = make_target(tmp_path)
    places = type(target.places)(target.places.home, {"XDG_CONFIG_HOME": "relative"},
                                 target.places.root)
    xdg.enable(Target(places, False, target.command))
    assert user_entry(target).is_file()


def test_system_enable_writes_below_the_root_in_etc_xdg_autostart(tmp_path):
    target = make_target(tmp_path, system=True)
    xdg.enable(target)
    xdg.install_launcher(target)
    root = tmp_path / "root"
    assert (root / "etc/xdg/autostart/ergo.desktop").is_file()
    assert (root / "usr/share/applications/ergo.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/48x48/apps/ergo.png").is_file()
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("system", [False, True])
def test_disable_removes_exactly_what_enable_wrote(tmp_path, system):
    target = make_target(tmp_path, system=system)
    base = tmp_path / ("root" if system else "home")
    neighbour = (base / ("etc/xdg/autostart" if system else ".config/autostart")
                 / "other.desktop")
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\nType=Application\nName=other\nExec=other\n")
    before = files_below(base)
    xdg.enable(target)
    xdg.install_launcher(target)
    xdg.disable(target)
    xdg.remove_launcher(target)
    assert files_below(base) == before
    assert not any((base / ("usr/share" if system else ".local/share")
                    / "icons/hicolor").iterdir())


def test_disable_keeps_an_entry_ergo_did_not_write(tmp_path):
    target = make_target(tmp_path)
    path = user_entry(target)
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nType=Application\nName=ergo\nExec=ergo run\n")
    lines = xdg.disable(target)
    assert path.is_file()
    assert "ergo did not write it" in lines[0]


def test_remove_launcher_keeps_an_icon_someone_else_replaced(tmp_path):
    target = make_target(tmp_path)
    xdg.install_launcher(target)
    icon = tmp_path / "home/.local/share/icons/hicolor/32x32/apps/ergo.png"
    icon.write_bytes(b"another program's icon")
    xdg.remove_launcher(target)
    assert icon.read_bytes() == b"another program's icon"
    assert not (tmp_path / "home/.local/share/icons/hicolor/48x48").exists()


@pytest.mark.parametrize(("key", "value"), [("Hidden", "true"),
                                            ("X-GNOME-Autostart-enabled", "false")])
def test_status_reports_an_entry_switched_off_by_desktop_settings(tmp_path, key, value):
    target = make_target(tmp_path)
    xdg.enable(target)
    path = user_entry(target)
    text = path.read_text().replace("X-GNOME-Autostart-enabled=true\n", "")
    path.write_text(text + f"{key}={value}\n")
    [entry] = xdg.status(target)
    assert entry.exists and not entry.enabled
    assert any(note.startswith(f"{key}={value}") for note in entry.notes)
    assert "  disabled" in describe(entry, target.command, target.places.environ)


def test_enable_turns_an_entry_switched_off_in_desktop_settings_back_on(tmp_path):
    target = make_target(tmp_path)
    xdg.enable(target)
    path = user_entry(target)
    path.write_text(path.read_text().replace("Autostart-enabled=true", "Autostart-enabled=false"))
    assert xdg.enable(target) == [f"updated {path}"]
    assert xdg.status(target)[0].enabled


def test_user_disable_hides_a_system_wide_entry_and_enable_undoes_it(tmp_path):
    system_target = make_target(tmp_path, system=True)
    xdg.enable(system_target)
    target = Target(system_target.places, False, system_target.command)
    lines = xdg.disable(target)
    path = user_entry(target)
    assert "Hidden=true turns off" in lines[-1]
    assert xdg.parse_entry(path.read_text())["Hidden"] == "true"
    hiding, system_entry = xdg.status(target)
    assert not hiding.enabled and not system_entry.enabled
    assert f"replaced for this user by {path}" in system_entry.notes
    xdg.enable(target)
    assert xdg.status(target)[0].enabled
    xdg.disable(target)
    xdg.disable(system_target)
    assert not (tmp_path / "root/etc/xdg/autostart/ergo.desktop").exists()


def test_status_follows_xdg_config_dirs_for_system_wide_entries(tmp_path):
    target = make_target(tmp_path)
    vendor = tmp_path / "root/etc/xdg/xdg-vendor/autostart/ergo.desktop"
    vendor.parent.mkdir(parents=True)
    vendor.write_text(xdg.desktop_entry(target.command, autostart=True))
    environ = {**target.places.environ, "XDG_CONFIG_DIRS": "/etc/xdg/xdg-vendor:/etc/xdg"}
    places = type(target.places)(target.places.home, environ, target.places.root)
    [entry] = xdg.status(Target(places, False, target.command))
    assert entry.location == str(vendor) and entry.enabled


def test_status_says_an_entry_points_at_another_installation(tmp_path):
    target = make_target(tmp_path)
    other = installed_ergo(tmp_path / "other")
    xdg.enable(Target(target.places, False, other))
    [entry] = xdg.status(target)
    lines = describe(entry, target.command, target.places.environ)
    assert f"  starts {other[0]} run, which is not this installation ({target.command[0]} run)" \
        in lines
    assert not any("broken" in line for line in lines)


def test_status_says_an_entry_whose_program_is_gone_is_broken(tmp_path):
    target = make_target(tmp_path)
    xdg.enable(Target(target.places, False, ("/opt/removed/bin/ergo", "run")))
    lines = describe(xdg.status(target)[0], target.command, target.places.environ)
    assert ("  broken: its program /opt/removed/bin/ergo does not exist; "
            "`ergo autostart enable` writes it anew for this installation") in lines


def test_status_without_any_entry_says_none_and_where_it_would_be(tmp_path):
    target = make_target(tmp_path)
    [entry] = xdg.status(target)
    assert describe(entry, target.command, target.places.environ) == [
        f"XDG autostart entry: none ({user_entry(target)})"]


@pytest.mark.parametrize("command", [
    ("/opt/my apps/ergo", "run"),
    ("/opt/50%/ergo", "run"),
    ('/opt/say "hi"/ergo', "run"),
    ("/opt/back\\slash/ergo", "run"),
    ("/opt/$HOME`x`/ergo", "--flag=a b", "run"),
])
def test_exec_quoting_round_trips_awkward_paths(command):
    text = xdg.desktop_entry(command, autostart=True)
    value = xdg.parse_entry(text)["Exec"]
    assert xdg.split_exec(xdg.unescape_string(value)) == command


def test_split_exec_drops_field_codes():
    assert xdg.split_exec('"/usr/bin/my app" --open %U') == ("/usr/bin/my app", "--open")


needs_validator = pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                                     reason="needs desktop-file-validate (desktop-file-utils)")


@needs_validator
@pytest.mark.parametrize("kind", ["autostart", "launcher", "hiding"])
def test_desktop_file_validate_accepts_the_entries(tmp_path, kind):
    command = ("/opt/my apps/bin/ergo", "run")
    path = tmp_path / "ergo.desktop"
    path.write_text(xdg.hiding_entry(command) if kind == "hiding"
                    else xdg.desktop_entry(command, autostart=kind == "autostart"))
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


@needs_validator
def test_desktop_file_validate_accepts_the_packaged_launcher_entry():
    packaged = Path(xdg.__file__).parent.parent / "data/applications/ergo.desktop"
    result = subprocess.run(["desktop-file-validate", str(packaged)], capture_output=True,
                            text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_packaged_launcher_entry_is_what_ergo_generates_for_a_packaged_install():
    packaged = Path(xdg.__file__).parent.parent / "data/applications/ergo.desktop"
    assert packaged.read_text() == xdg.desktop_entry(("ergo", "run"), autostart=False)


def test_every_icon_size_is_packaged_as_a_square_png_of_that_size():
    for relative, data in xdg.icon_files():
        if relative.endswith(".png"):
            size = int(relative.split("x")[0])
            path = Path(xdg.__file__).parent.parent / "data/icons/hicolor" / relative
            with Image.open(path) as image:
                assert image.size == (size, size) and image.mode == "RGBA"
        else:
            assert data.startswith(b"<svg ") and b"</svg>" in data
    assert len(xdg.icon_files()) == len(xdg.ICON_SIZES) + 2


def test_the_symbolic_icon_is_one_colour_without_the_tile_at_16_pixels():
    symbolic = dict(xdg.icon_files())["symbolic/apps/ergo-symbolic.svg"].decode()
    assert 'width="16" height="16"' in symbolic
    assert set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', symbolic)) == {"#2e3436"}
    assert "<rect" not in symbolic
    # GTK and KDE recolour the fills of a symbolic icon, never its strokes.
    assert "stroke" not in symbolic


def test_the_symbolic_icon_is_what_the_drawing_tool_draws():
    symbolic = dict(xdg.icon_files())["symbolic/apps/ergo-symbolic.svg"].decode()
    assert symbolic == load_tool("draw_icon").svg(symbolic=True)
