"""ergo never talks to the network on its own: history and everything else stay on this machine.

The only sockets ergo may open are its local control channel (ergo/control), an
AF_UNIX socket or a Windows named pipe, the Wayland compositor's AF_UNIX socket
(ergo/desktop/wayland_wire.py), and the download of the calendar feeds the user
configured (ergo/calendar/fetch.py); nothing else opens an internet socket.
"""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ergo"
CONTROL = PACKAGE / "control"

NETWORK_MODULES = {
    "socket", "ssl", "http", "urllib", "urllib3", "ftplib", "smtplib", "poplib", "imaplib",
    "telnetlib", "xmlrpc", "socketserver", "asyncio", "requests", "httpx", "aiohttp",
    "websocket", "websockets", "multiprocessing.connection",
}  # fmt: skip
# The control channel needs these, and only these.
CONTROL_MAY_USE = {"socket", "multiprocessing.connection"}
# The Wayland client speaks to the compositor over its AF_UNIX socket.
WAYLAND_WIRE = PACKAGE / "desktop" / "wayland_wire.py"
# Downloads the calendar feeds in interruptions.calendars, and nothing else.
CALENDAR_FETCH = PACKAGE / "calendar" / "fetch.py"
CALENDAR_FETCH_MAY_USE = {"urllib", "http.client"}
# Splitting a URL into its parts is string handling, not network use.
ANYONE_MAY_USE = {"urllib.parse"}


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def network_use(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {
        name
        for name in imported_modules(tree)
        for banned in NETWORK_MODULES
        if name == banned or name.startswith(banned + ".")
    }
    found |= {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr in ("AF_INET", "AF_INET6"))
        or (isinstance(node, ast.Name) and node.id in ("AF_INET", "AF_INET6"))
    }
    if CONTROL in path.parents:
        found = {
            name
            for name in found
            if not any(name == ok or name.startswith(ok + ".") for ok in CONTROL_MAY_USE)
        }
    elif path == WAYLAND_WIRE:
        found.discard("socket")
    elif path == CALENDAR_FETCH:
        found = {name for name in found
                 if not any(name == ok or name.startswith(ok + ".")
                            for ok in CALENDAR_FETCH_MAY_USE)}
    return {name for name in found
            if not any(name == ok or name.startswith(ok + ".") for ok in ANYONE_MAY_USE)}


def test_no_module_outside_the_control_channel_imports_network_code():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 5
    offenders = {str(p.relative_to(PACKAGE)): use for p in sources if (use := network_use(p))}
    assert offenders == {}


def test_the_scan_catches_network_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from urllib.request import urlopen\nimport socket\ns = socket.AF_INET\n")
    assert network_use(sample) == {"urllib.request", "urllib.request.urlopen", "socket", "AF_INET"}


GUARD = r"""
import importlib, pkgutil, socket, sys, tempfile
from pathlib import Path

class NoInternet(socket.socket):
    def __init__(self, family=socket.AF_INET, *args, **kwargs):
        if family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"ergo opened an internet socket (family {family!r})")
        super().__init__(family, *args, **kwargs)

def refuse(*args, **kwargs):
    raise AssertionError(f"ergo looked up or connected to a network address {args!r}")

socket.socket = NoInternet
socket.create_connection = socket.getaddrinfo = refuse

import ergo
for module in pkgutil.walk_packages(ergo.__path__, "ergo."):
    if not module.name.endswith(".__main__"):  # runs a program when imported
        importlib.import_module(module.name)

from ergo.cli import main
folder = Path(tempfile.mkdtemp())
database = str(folder / "history.sqlite3")
from datetime import datetime, timezone
from ergo.history.recorder import HistoryRecorder
recorder = HistoryRecorder(Path(database))
recorder.record("shown", datetime.now(timezone.utc), "walk")
recorder.close()
codes = [
    main(["stats", "--db", database, "--json", "--export", str(folder / "e.csv"),
          "--chart", str(folder / "c.png")]),
    main(["history", "clear", "--yes", "--db", database]),
]
assert codes == [0, 0], codes
print("imported", len(sys.modules), "modules")
"""


def test_importing_every_module_and_using_history_opens_no_internet_socket():
    result = subprocess.run(
        [sys.executable, "-c", GUARD],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def test_the_guard_would_catch_an_internet_socket():
    probe = GUARD.replace("import ergo\n", "socket.socket(socket.AF_INET)\nimport ergo\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ergo opened an internet socket" in result.stderr
