"""ergo's packages, built from a copy of the repository as a distribution would build them:
the sdist and wheel with ``python -m build``, the .deb with ``dpkg-buildpackage``.

The wheel goes into a fresh virtual environment outside the tree, the .deb onto this
machine (CI's machines are throwaway; the package is purged again afterwards), and each
runs the commands a new user or an administrator runs first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo import DISTRIBUTION, __version__
from tests.missing import unavailable
from tests.packaging.conftest import require
from tests.zones import ZONES

# pytest-xdist keeps each group on one worker, so each package is built once: the sdist
# and wheel on one, the .deb (built, then installed system-wide) on another, side by side.
pytestmark = [pytest.mark.packaging, pytest.mark.xdist_group("packaging")]
on_the_deb_worker = pytest.mark.xdist_group("deb")

ROOT = Path(__file__).resolve().parents[2]
#: The man page and the bash, zsh and fish completions, below an installation prefix.
SHARED = ("share/man/man1/ergo.1", "share/bash-completion/completions/ergo",
          "share/zsh/site-functions/_ergo", "share/fish/vendor_completions.d/ergo.fish")
FIRST_COMMANDS = (("--version",), ("config", "check"), ("plan",), ("doctor",))
#: A -k expression that keeps only the runs of a test in UTC, of those run in every zone.
UTC_ONLY = " and ".join(f"not {zone.split('/')[-1]}" for zone in ZONES if zone != "UTC")
# A buildd's environment: Debian's own tools, whatever else this machine has on PATH.
DEBIAN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


def run(command: list[str], **options) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            timeout=900, **options)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def copy_of_the_tree(target: Path) -> Path:
    """Copy the files git knows (committed or not, minus ignored ones) to ``target``, so
    builds write nothing into the repository."""
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def user_env(home: Path, path: str) -> dict[str, str]:
    """A new user's environment without a desktop: no display, no session bus."""
    return {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "XDG_CONFIG_HOME":
            str(home / ".config"), "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(home / "run")}


def first_commands(ergo: str, home: Path, path: str) -> dict[tuple[str, ...], str]:
    """Run the first commands with ``ergo``; return their output by command."""
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    env = user_env(home, path)
    return {command: run([ergo, *command], env=env, cwd=home).stdout
            for command in FIRST_COMMANDS}


def assert_first_commands_work(output: dict[tuple[str, ...], str]) -> None:
    assert output[("--version",)] == f"{DISTRIBUTION} {__version__}\n"
    assert output[("config", "check")] == "ok: built-in defaults only\n"
    assert "Posture check" in output[("plan",)]
    assert "What would help" in output[("doctor",)] or "ergo" in output[("doctor",)]


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> Path:
    source = copy_of_the_tree(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(source)])
    return out


def only(folder: Path, pattern: str) -> Path:
    (found,) = folder.glob(pattern)
    return found


def test_the_sdist_carries_what_a_distribution_needs_to_build_and_test(dists):
    with tarfile.open(only(dists, "*.tar.gz")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", "pyproject.toml", "tests/conftest.py",
                   "tests/unit/test_i18n.py", "config/org-example.yaml", "docs/rollout.md",
                   "tools/update_catalogs", "tools/config_texts.py", "tools/cli_files.py",
                   "bench/plan_bench.py", "docs/translating.md",
                   "ergo/locale/ergo.pot", "debian/rules", "debian/control"):
        assert needed in names, needed
    assert not any("__pycache__" in name for name in names)


def test_the_wheel_carries_the_licence_schemas_desktop_files_and_catalogs(dists):
    with zipfile.ZipFile(only(dists, "*.whl")) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(f"ergo_reminders-{__version__}.dist-info/METADATA").decode()
    assert f"ergo_reminders-{__version__}.dist-info/licenses/LICENSE" in names
    for needed in ("ergo/config/user.schema.json", "ergo/config/org.schema.json",
                   "ergo/data/applications/ergo.desktop",
                   "ergo/data/icons/hicolor/symbolic/apps/ergo-symbolic.svg",
                   "ergo/data/icons/hicolor/scalable/status/ergo-due-symbolic.svg",
                   "ergo/data/icons/hicolor/index.theme",
                   "ergo/data/metainfo/io.github.ergo_reminders.ergo.metainfo.xml",
                   "ergo/locale/ergo.pot", "ergo/locale/nl/LC_MESSAGES/ergo.po"):
        assert needed in names, needed
    assert "License-Expression: GPL-3.0-or-later" in metadata
    assert "Name: ergo-reminders" in metadata
    # Written at build time from the argparse definitions; pip installs them below the
    # environment's prefix.
    data = f"ergo_reminders-{__version__}.data/data/"
    for needed in SHARED:
        assert data + needed in names, needed


@pytest.fixture(scope="module")
def wheel_venv(dists, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the tree with the wheel and its test extra."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", str(venv)])
    wheel = only(dists, "*.whl")
    # Unlike pip's default, nothing is byte-compiled ahead: of the test extra's modules
    # (mypy's thousands among them) these tests import few.
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile",
         f"{wheel}[test]"])
    return venv


def test_the_wheel_installed_in_a_fresh_venv_runs_the_first_commands(wheel_venv, tmp_path):
    output = first_commands(str(wheel_venv / "bin" / "ergo"), tmp_path,
                            f"{wheel_venv / 'bin'}:{os.defpath}")
    assert_first_commands_work(output)


def test_the_wheel_installs_the_man_page_and_completions_below_the_venvs_prefix(
    wheel_venv, tmp_path
):
    for needed in SHARED:
        assert (wheel_venv / needed).is_file(), needed
    page = run(["man", "--no-hyphenation", "-l", str(wheel_venv / SHARED[0])],
               env={"PATH": DEBIAN_PATH, "MANWIDTH": "100", "LANG": "C.UTF-8"}).stdout
    assert "posture and movement reminders" in page and "ergo snooze" in page
    script = f"source {wheel_venv / SHARED[1]}; complete -p ergo"
    assert "_shtab_ergo" in run(["bash", "-c", script],
                                env=user_env(tmp_path, DEBIAN_PATH)).stdout


def test_the_installed_modeline_names_the_schema_inside_the_venv(wheel_venv, tmp_path):
    env = user_env(tmp_path, f"{wheel_venv / 'bin'}:{os.defpath}")
    line = run([str(wheel_venv / "bin" / "ergo"), "config", "schema", "--path", "--org"],
               env=env).stdout
    path = Path(line.strip().removeprefix("# yaml-language-server: $schema=file://"))
    assert path.is_file() and path.is_relative_to(wheel_venv)


def test_the_suite_runs_from_the_unpacked_sdist(dists, wheel_venv, tmp_path):
    with tarfile.open(only(dists, "*.tar.gz")) as sdist:
        sdist.extractall(tmp_path, filter="data")
    unpacked = only(tmp_path, "ergo_reminders-*")
    # The config tests read the shipped schemas, catalogs and examples. Each runs in one
    # system zone here: what the other zones check does not depend on the packaging.
    result = run([str(wheel_venv / "bin" / "python"), "-m", "pytest", "-q", "-n", "0",
                  "-p", "no:cacheprovider", "-k", UTC_ONLY, "tests/unit/config",
                  "tests/unit/test_distribution.py", "tests/e2e/test_config_cli.py"],
                 cwd=unpacked,
                 env={**user_env(tmp_path, f"{wheel_venv / 'bin'}:{os.defpath}"), "CI": ""})
    # The summary line: with --durations, test names are printed above it.
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary) and "failed" not in summary, summary


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    """The .deb, built by dpkg-buildpackage from a copy of the tree (it writes into the
    parent folder) with Debian's own Python."""
    require("dpkg-buildpackage", "dh", "lintian")
    parent = tmp_path_factory.mktemp("deb")
    source = copy_of_the_tree(parent / "source")
    run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=source,
        env={"PATH": DEBIAN_PATH, "HOME": str(parent), "LANG": "C.UTF-8"})
    return only(parent, "ergo-reminders_*_all.deb")


@on_the_deb_worker
def test_the_deb_is_lintian_clean(deb):
    result = run(["lintian", "--pedantic", "--fail-on", "none", str(deb)],
                 env={"PATH": DEBIAN_PATH, "LANG": "C.UTF-8"})
    tags = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    assert tags == []


@on_the_deb_worker
def test_the_deb_holds_the_desktop_files_and_depends_on_debian_packages(deb):
    listing = run(["dpkg-deb", "--contents", str(deb)]).stdout
    for path in ("./usr/bin/ergo", "./usr/share/applications/ergo.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/ergo.svg",
                 "./usr/share/icons/hicolor/symbolic/apps/ergo-symbolic.svg",
                 "./usr/share/icons/hicolor/scalable/status/ergo-active-symbolic.svg",
                 "./usr/share/icons/hicolor/scalable/status/ergo-paused-symbolic.svg",
                 "./usr/share/icons/hicolor/scalable/status/ergo-due-symbolic.svg",
                 "./usr/share/icons/hicolor/scalable/status/ergo-off-hours-symbolic.svg",
                 "./usr/share/metainfo/io.github.ergo_reminders.ergo.metainfo.xml",
                 "./usr/share/man/man1/ergo.1.gz",
                 "./usr/share/bash-completion/completions/ergo",
                 "./usr/share/zsh/vendor-completions/_ergo",
                 "./usr/share/fish/vendor_completions.d/ergo.fish",
                 "./etc/xdg/autostart/ergo.desktop"):
        assert path in listing, path
    # The system's hicolor theme (hicolor-icon-theme) owns its index.theme.
    assert "./usr/share/icons/hicolor/index.theme" not in listing
    depends = run(["dpkg-deb", "--field", str(deb), "Depends"]).stdout
    for package in ("python3-apscheduler", "python3-pystray", "python3-yaml",
                    "python3-jeepney", "python3-xlib", "python3-pil", "python3-platformdirs",
                    "python3-tzlocal", "python3-tk", "python3-ruamel.yaml",
                    "python3-icalendar", "python3-recurring-ical-events"):
        assert package in depends, package
    # Notifications on Linux speak D-Bus through jeepney: no plyer, no notify-send.
    assert "plyer" not in depends and "libnotify" not in depends


def apt_get(*args: str) -> None:
    lock = ["flock", "/tmp/apt.lock"] if shutil.which("flock") else []
    run([*lock, "apt-get", "-y", "-q", *args],
        env={"PATH": DEBIAN_PATH, "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"})


@pytest.fixture(scope="module")
def installed_deb(deb) -> Iterator[Path]:
    """The .deb installed on this machine with apt, purged again afterwards."""
    if os.geteuid() != 0:
        message = "installing the .deb needs root (CI runs as root)"
        unavailable(message)
    apt_get("install", "--no-install-recommends", str(deb))
    try:
        yield Path("/usr/bin/ergo")
    finally:
        # Another checkout's tests on the same machine may have purged it already.
        installed = subprocess.run(["dpkg-query", "-W", "ergo-reminders"],
                                   capture_output=True, check=False).returncode == 0
        if installed:
            apt_get("purge", "ergo-reminders")


@on_the_deb_worker
def test_the_installed_deb_runs_the_first_commands_with_debians_python(installed_deb, tmp_path):
    assert installed_deb.read_text().startswith("#!/usr/bin/python3\n")
    assert_first_commands_work(first_commands(str(installed_deb), tmp_path, DEBIAN_PATH))


@on_the_deb_worker
def test_the_installed_desktop_files_validate(installed_deb):
    require("appstreamcli", "desktop-file-validate")
    run(["appstreamcli", "validate", "--no-net", "--pedantic",
         "/usr/share/metainfo/io.github.ergo_reminders.ergo.metainfo.xml"])
    for entry in ("/usr/share/applications/ergo.desktop", "/etc/xdg/autostart/ergo.desktop"):
        assert run(["desktop-file-validate", entry]).stdout == ""


@on_the_deb_worker
def test_the_system_autostart_entry_is_off_until_the_admin_enables_it(installed_deb, tmp_path):
    env = user_env(tmp_path, DEBIAN_PATH)
    before = run([str(installed_deb), "autostart", "status", "--system"], env=env).stdout
    assert "/etc/xdg/autostart/ergo.desktop\n  disabled\n" in before
    assert "starts ergo run (this installation)" in before


@on_the_deb_worker
def test_the_installed_man_page_and_bash_completion_work(installed_deb, tmp_path):
    page = run(["man", "--no-hyphenation", "ergo"],
               env={"PATH": DEBIAN_PATH, "MANWIDTH": "100", "LANG": "C.UTF-8"}).stdout
    assert "posture and movement reminders" in page and "config" in page
    script = ("source /usr/share/bash-completion/completions/ergo; "
              'COMP_WORDS=(ergo trigger ""); COMP_CWORD=2; _shtab_ergo; '
              'echo "${COMPREPLY[*]}"')
    ids = run(["bash", "-c", script], env=user_env(tmp_path, DEBIAN_PATH)).stdout.split()
    assert ids == ["sit-upright", "feet-flat", "change-position", "walk"]
