"""A language added as data: a German catalog, compiled here with ``msgfmt`` into the
user's data directory, makes ``language: de`` a valid setting, and the real daemon's
tray menu, ``ergo status``, a reminder and a routine step come out in German, with no
change to ergo's code.

The daemon runs with the StatusNotifierItem tray, read by the watcher and host in
``tests/desktop/sni_host.py``; dunst receives the reminder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.configs import all_week
from tests.desktop.conftest import ROOT
from tests.desktop.session import DesktopSession, wait_until
from tests.desktop.sni_host import Host, Watcher, labels
from tests.missing import unavailable

pytestmark = pytest.mark.desktop

GERMAN = {
    "Quit": "Beenden",
    "Stretch now": "Jetzt dehnen",
    "ergo is running (pid {pid}): {state}": "ergo läuft (PID {pid}): {state}",
    "Time to move": "Zeit für Bewegung",
    "Take a short walk, or do the lower-back stretches (2½ minutes).":
        "Geh ein paar Schritte oder mach die Rückenübungen (2½ Minuten).",
    "Step {number} of {count}": "Schritt {number} von {count}",
    "Seated pelvic tilt": "Becken kippen im Sitzen",
}

CONFIG = f"language: de\n{all_week('1m')}"


def quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def compile_catalog(data_home: Path) -> Path:
    """Write the German ``.po`` and compile it into ``data_home``'s ergo catalogs."""
    body = "".join(f"msgid {quoted(en)}\nmsgstr {quoted(de)}\n\n" for en, de in GERMAN.items())
    source = data_home / "de.po"
    source.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                      '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                      + body, encoding="utf-8")
    target = data_home / "ergo" / "locale" / "de" / "LC_MESSAGES" / "ergo.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["msgfmt", "--check-format", "-o", str(target), str(source)], check=True)
    return target


class German:
    """One user's ergo with the German catalog in its data directory."""

    def __init__(self, desktop: DesktopSession, folder: Path) -> None:
        home = folder / "home"
        (home / ".local" / "share").mkdir(parents=True)
        (folder / "run").mkdir(mode=0o700)
        self.catalog = compile_catalog(home / ".local" / "share")
        self.config = folder / "ergo.yaml"
        self.config.write_text(CONFIG)
        env = {k: v for k, v in desktop.env.items() if not k.startswith(("ERGO_", "XDG_"))}
        self.env = dict(env, ERGO_TRAY="sni", ERGO_CONFIG=str(self.config), HOME=str(home),
                        XDG_CONFIG_DIRS=str(folder / "etc"), XDG_DATA_DIRS=str(folder / "share"),
                        ERGO_RUNTIME_DIR=str(folder / "run"), PYTHONPATH=str(ROOT),
                        LANG="C.UTF-8")
        self.log = folder / "ergo.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.desktop = desktop

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = self.desktop.popen(
                [sys.executable, "-m", "ergo", "run", "-v"], env=self.env, stderr=log)

    def ergo(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ergo", *args], env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture
def german(desktop: DesktopSession) -> Iterator[German]:
    if shutil.which("msgfmt") is None:
        unavailable("msgfmt (Debian: gettext) is needed to compile the test catalog")
    # A short folder in /tmp: the control socket's path must stay under the AF_UNIX limit.
    folder = Path(tempfile.mkdtemp(prefix="ergo-de-", dir="/tmp"))
    user = German(desktop, folder)
    yield user
    if user.process is not None:
        desktop.terminate(user.process)
    print(user.log.read_text(errors="replace") if user.log.exists() else "")
    shutil.rmtree(folder, ignore_errors=True)


def test_language_de_is_refused_without_its_catalog_and_valid_with_it(german: German):
    german.catalog.unlink()
    refused = german.ergo("config", "check", str(german.config))
    assert refused.returncode != 0
    assert "'de' is not a language ergo has a catalog for (found: auto, en, nl)" in (
        refused.stdout + refused.stderr)
    compile_catalog(german.catalog.parents[4])
    accepted = german.ergo("config", "check", str(german.config))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_menu_status_a_reminder_and_a_routine_step_come_out_in_german(
    desktop: DesktopSession, german: German
):
    watcher = Watcher(desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        german.start()
        host = Host(desktop.env["DBUS_SESSION_BUS_ADDRESS"], watcher.wait_for_item(timeout=20))
        try:
            shown = wait_until(lambda: labels(host.layout()[1]), what="the daemon's menu")
            assert {"Jetzt dehnen", "Beenden"} <= set(shown)
        finally:
            host.close()
    finally:
        watcher.stop()

    status = german.ergo("status")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("ergo läuft (PID ")

    assert german.ergo("trigger", "walk").returncode == 0
    reminder = desktop.wait_for_notify("Zeit für Bewegung", timeout=10)
    assert reminder.body == "Geh ein paar Schritte oder mach die Rückenübungen (2½ Minuten)."

    # Enter accepts the safety notice, then skips both steps.
    routine = german.ergo("routine", "lumbar-micro", "--terminal", stdin="\n\n\n")
    assert "Schritt 1 von 2: Becken kippen im Sitzen" in routine.stdout, routine.stderr
