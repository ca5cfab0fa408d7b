"""A throwaway headless Wayland session for tests: sway (with waybar and mako), KWin or
GNOME Shell.

:class:`WaylandSession` runs a private session bus (and a stand-in system
bus), the compositor and its helpers, and waits until each is ready; it kills
everything it started (each in its own process group, newest first) in
:meth:`WaylandSession.stop`. Programs under test get the session through
:attr:`WaylandSession.env` and are started with :meth:`WaylandSession.popen`.

sway refuses to run as root, so when the tests run as root the whole session,
ergo included, runs as an unprivileged user (:data:`USER`, created when
missing). That user cannot read root's Python (pyenv under /root), so ergo
runs from :func:`user_venv`: a virtual environment on Debian's
``/usr/bin/python3`` holding ergo's dependencies and a copy of ergo from this
source tree.

- **sway 1.7**: ``WLR_BACKENDS=headless`` with the pixman renderer; waybar's
  tray module is the StatusNotifierItem host, mako the notification server,
  ``wtype`` types on a virtual keyboard, ``foot -F`` is a native full-screen
  window. It offers ``org_kde_kwin_idle`` and the wlroots toplevel list.
- **KWin 5.27**: ``kwin_wayland --virtual``, run from a plain copy because the
  installed binary carries file capabilities that cannot be used in a
  container. It offers ``ext_idle_notifier_v1`` and owns
  ``org.freedesktop.ScreenSaver``; it has no virtual keyboard for ``wtype``,
  so input is made with ``org_kde_kwin_idle_timeout.simulate_user_activity``,
  which the protocol defines to act like real input on the seat.
- **GNOME Shell 43**: ``gnome-shell --headless --wayland --virtual-monitor``,
  with its AppIndicator extension (switched on in the session's own dconf
  database) as the StatusNotifierItem host, and its notification service
  (``org.gnome.Shell.Notifications``, a gjs program that the shell would have
  D-Bus start; the private bus starts nothing, so the harness does). It runs
  in unsafe mode so that ``org.gnome.Shell.Eval`` can list the notifications
  the shell shows. Input is a key pressed through Mutter's
  ``org.gnome.Mutter.RemoteDesktop``, which the shell handles as real input.
  With Xwayland, Mutter names its X display in its log and gives X clients
  an Xauthority file under ``XDG_RUNTIME_DIR``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import tomllib
from pathlib import Path

from tests.desktop.session import WATCHER, start_bus_daemon, wait_until

ROOT = Path(__file__).resolve().parents[2]
#: The unprivileged user the session runs as when the tests run as root.
USER = os.environ.get("ERGO_WAYLAND_USER", "ergowl")
SYSTEM_PYTHON = "/usr/bin/python3"
PROGRAMS = {
    "sway": ("sway", "waybar", "mako", "makoctl", "wtype", "foot", "dbus-daemon", "dbus-send"),
    "kwin": ("kwin_wayland", "dbus-daemon", "dbus-send"),
    "gnome": ("gnome-shell", "gjs", "gsettings", "dbus-daemon", "dbus-send"),
}
GNOME_NOTIFICATIONS = "/usr/share/gnome-shell/org.gnome.Shell.Notifications"
DCONF_SERVICE = "/usr/libexec/dconf-service"
APPINDICATOR = "ubuntu-appindicators@ubuntu.com"
SIZE = (1280, 800)

_WAYBAR = {"layer": "top", "position": "top", "height": 30, "modules-right": ["tray"],
           "tray": {"icon-size": 22, "spacing": 8}}
# One Wayland client that makes the seat "active", as input would (KWin has no
# virtual keyboard protocol for wtype).
_ACTIVITY = """
import os
from ergo.desktop.wayland_wire import connect
c = connect(os.environ)
seat = c.bind("wl_seat", 1, lambda opcode, payload: None)
idle = c.bind("org_kde_kwin_idle", 1, lambda opcode, payload: None)
timeout = c.new_object(lambda opcode, payload: None)
c.send(idle, 0, "nou", timeout, seat, 3600000)
c.send(timeout, 1)
c.roundtrip()
"""
# A Shift key pressed and released through Mutter's remote desktop (GNOME has no
# virtual keyboard protocol either). The session ends when its creator disconnects.
_GNOME_KEY = """
from jeepney import DBusAddress
from ergo.desktop.dbus import Bus
bus = Bus("SESSION")
desktop = DBusAddress("/org/gnome/Mutter/RemoteDesktop", bus_name="org.gnome.Mutter.RemoteDesktop",
                      interface="org.gnome.Mutter.RemoteDesktop")
(path,) = bus.call(desktop, "CreateSession")
session = DBusAddress(path, bus_name=desktop.bus_name,
                      interface="org.gnome.Mutter.RemoteDesktop.Session")
bus.call(session, "Start")
for pressed in (True, False):
    bus.call(session, "NotifyKeyboardKeysym", "ub", (0xFFE1, pressed))
bus.call(session, "Stop")
bus.close()
"""
# Prints the title and body of every notification GNOME Shell's message tray holds, as
# JSON (Eval answers with the expression's value in JSON).
_GNOME_NOTIFICATIONS = """
from jeepney import DBusAddress
from ergo.desktop.dbus import Bus
shell = DBusAddress("/org/gnome/Shell", bus_name="org.gnome.Shell", interface="org.gnome.Shell")
ok, out = Bus("SESSION").call(shell, "Eval", "s", (
    "Main.messageTray.getSources().flatMap("
    "s => s.notifications.map(n => [n.title, n.bannerBodyText ?? '']))",))
print(out if ok else "[]")
"""


def missing_programs(compositor: str) -> list[str]:
    """Return the programs a session with ``compositor`` needs that are not installed."""
    needed = [*PROGRAMS[compositor], SYSTEM_PYTHON]
    if os.geteuid() == 0:
        needed.append("useradd")
    missing = [name for name in needed if shutil.which(name) is None]
    if compositor == "gnome":
        extension = Path("/usr/share/gnome-shell/extensions") / APPINDICATOR
        missing += [str(p) for p in (Path(GNOME_NOTIFICATIONS), Path(DCONF_SERVICE), extension)
                    if not p.exists()]
    return missing


def session_user() -> pwd.struct_passwd | None:
    """Return the user to run the session as (created when missing), or None to run as
    the current user (who is not root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", USER], check=True,
                       capture_output=True)
        return pwd.getpwnam(USER)


def user_venv(folder: Path) -> Path:
    """Return the Python of a venv under ``folder`` that any user can read, with ergo's
    dependencies (kept between runs while they do not change) and a fresh copy of ergo."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = sorted(project["dependencies"])
    # One venv per checkout: each run copies its own ergo into the venv, and two
    # checkouts tested at once must not overwrite each other's copy mid-test.
    key = hashlib.sha256(json.dumps([requirements, str(ROOT)]).encode()).hexdigest()[:12]
    venv = folder / f"ergo-wayland-venv-{key}"
    python = venv / "bin" / "python"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "ergo-wayland-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / "ready").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements],
                           check=True)
            (venv / "ready").write_text("")
        site = Path(subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True).stdout.strip())
        shutil.rmtree(site / "ergo", ignore_errors=True)
        shutil.copytree(ROOT / "ergo", site / "ergo",
                        ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([str(python), "-m", "compileall", "-q", str(site / "ergo")], check=True)
        for path in [venv, *venv.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o444 | (0o111 if path.is_dir() else 0))
    return python


class WaylandSession:
    """One compositor session; use :meth:`start` and :meth:`stop` (or ``with``)."""

    def __init__(self, compositor: str, python: Path, xwayland: bool = False) -> None:
        if compositor not in PROGRAMS:
            raise ValueError(f"unknown compositor {compositor!r}")
        self.compositor = compositor
        self.python = python
        self.xwayland = xwayland
        self.user = session_user()
        self.dir = Path(tempfile.mkdtemp(prefix=f"ergo-{compositor}-"))
        self.home = self.dir / "home"
        self.log = self.dir / "session.log"
        self.env: dict[str, str] = {}
        self._processes: list[subprocess.Popen[bytes]] = []
        #: The compositor's process, once started.
        self.compositor_process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> WaylandSession:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        runtime = self.dir / "run"
        for folder in (self.home, runtime):
            folder.mkdir(mode=0o700)
        self._own(self.dir)
        name = self.user.pw_name if self.user else pwd.getpwuid(os.getuid()).pw_name
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": str(self.home), "USER": name, "LOGNAME": name,
            "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(runtime),
            "XDG_SESSION_TYPE": "wayland", "NO_AT_BRIDGE": "1",
        }
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus("bus")
        # A stand-in system bus with nothing on it (no logind), as a container has.
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = self._start_bus("sysbus")
        if self.compositor == "sway":
            self._start_sway()
        elif self.compositor == "gnome":
            self._start_gnome()
        else:
            self._start_kwin()

    def stop(self) -> None:
        for process in reversed(self._processes):
            self._end(process)
        self._processes.clear()
        shutil.rmtree(self.dir, ignore_errors=True)

    def popen(self, args: list[str], env: dict[str, str] | None = None,
              **kwargs: object) -> subprocess.Popen[bytes]:
        """Start ``args`` as the session's user, in its own process group, output to the
        session log; :meth:`stop` ends it (and its children) if still running."""
        log = self.log.open("ab")
        kwargs.setdefault("stdout", log)
        kwargs.setdefault("stderr", log)
        process = subprocess.Popen(args, env=env or self.env, cwd=self.dir,  # type: ignore[call-overload]
                                   start_new_session=True, **self._as_user(), **kwargs)
        log.close()
        self._processes.append(process)
        return process

    def run(self, *args: str, check: bool = True, timeout: float = 15,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run a command as the session's user and return its result."""
        done = subprocess.run(args, env=env or self.env, cwd=self.dir, capture_output=True,
                              text=True, timeout=timeout, check=False, **self._as_user())
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: "
                               f"{done.stderr.strip()}\n--- session log:\n{self.log_tail()}")
        return done

    def terminate(self, process: subprocess.Popen[bytes]) -> int:
        """End one process started here (TERM, then KILL) and return its exit status."""
        code = self._end(process)
        if process in self._processes:
            self._processes.remove(process)
        return code

    def write(self, relative: str, text: str) -> Path:
        """Write a file in the session folder, owned by the session's user."""
        path = self.dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if self.user is not None:
            # The file and the folders above it only: the session's programs add and
            # remove files of their own elsewhere in the tree meanwhile.
            for part in (path, *path.relative_to(self.dir).parents):
                os.chown(self.dir / part, self.user.pw_uid, self.user.pw_gid)
        return path

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # -- what the tests look at --------------------------------------------------------

    def bus_has(self, name: str) -> bool:
        """Is ``name`` owned on the session bus?"""
        out = self.run("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                       "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                       f"string:{name}", check=False).stdout
        return "boolean true" in out

    def registered_items(self) -> str:
        """The StatusNotifierWatcher's list of items, as dbus-send prints it."""
        return self.run("dbus-send", "--session", "--print-reply", f"--dest={WATCHER}",
                        "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
                        f"string:{WATCHER}", "string:RegisteredStatusNotifierItems",
                        check=False).stdout

    def notifications(self) -> list[str]:
        """The summaries of the notifications the desktop shows now (sway and GNOME)."""
        if self.compositor == "gnome":
            return [title for title, _ in self._gnome_notifications()]
        out = self.run("makoctl", "list", check=False).stdout
        if not out.strip():
            return []
        data = json.loads(out)["data"]
        return [n["summary"]["data"] for group in data for n in group]

    def notification_body(self, summary: str) -> str | None:
        """The body of the notification shown with ``summary``, if any (sway and GNOME)."""
        if self.compositor == "gnome":
            return next((body for title, body in self._gnome_notifications()
                         if title == summary), None)
        out = self.run("makoctl", "list", check=False).stdout
        if not out.strip():
            return None
        for group in json.loads(out)["data"]:
            for note in group:
                if note["summary"]["data"] == summary:
                    return note["body"]["data"]
        return None

    def user_input(self) -> None:
        """Input on the seat: a key typed on a virtual keyboard (sway), a key pressed
        through Mutter's remote desktop (GNOME), or the seat made active through the KDE
        idle protocol (KWin, which has no virtual keyboard)."""
        if self.compositor == "sway":
            self.run("wtype", "-k", "Shift_L")
        elif self.compositor == "gnome":
            self.run(str(self.python), "-c", _GNOME_KEY)
        else:
            self.run(str(self.python), "-c", _ACTIVITY)

    def _gnome_notifications(self) -> list[tuple[str, str]]:
        out = self.run(str(self.python), "-c", _GNOME_NOTIFICATIONS, check=False).stdout
        return [tuple(pair) for pair in json.loads(out or "[]")]

    # -- the pieces ------------------------------------------------------------------

    def _as_user(self) -> dict[str, object]:
        if self.user is None:
            return {}
        return {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}

    def _own(self, top: Path) -> None:
        if self.user is None:
            return
        for path in [top, *top.rglob("*")]:
            os.chown(path, self.user.pw_uid, self.user.pw_gid, follow_symlinks=False)

    def _end(self, process: subprocess.Popen[bytes]) -> int:
        if process.poll() is None:
            # The group: sway and KWin start Xwayland (and sway its exec'd shell) as children.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        code = process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        return code

    def _start_bus(self, name: str) -> str:
        return start_bus_daemon(self.dir, name, self.popen, self.write)[1]

    def _start_sway(self) -> None:
        dump = self.dir / "sway.env"
        config = self.write("sway.conf", "\n".join([
            f"xwayland {'enable' if self.xwayland else 'disable'}",
            f"output HEADLESS-1 resolution {SIZE[0]}x{SIZE[1]}",
            "default_border none",
            f"exec env > {dump}.part && mv {dump}.part {dump}",
            "",
        ]))
        env = dict(self.env, XDG_CURRENT_DESKTOP="sway", WLR_BACKENDS="headless",
                   WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman")
        self.compositor_process = self.popen(["sway", "-c", str(config)], env=env)
        wait_until(dump.exists, 20, "sway to start")
        seen = dict(line.split("=", 1) for line in dump.read_text().splitlines() if "=" in line)
        self.env.update(XDG_CURRENT_DESKTOP="sway", SWAYSOCK=seen["SWAYSOCK"],
                        WAYLAND_DISPLAY=seen["WAYLAND_DISPLAY"])
        if self.xwayland:
            self.env["DISPLAY"] = seen["DISPLAY"]
        self.popen(["mako"])
        wait_until(lambda: self.bus_has("org.freedesktop.Notifications"), 10, "mako")
        waybar = self.write("waybar.json", json.dumps(_WAYBAR))
        self.popen(["waybar", "-c", str(waybar)])
        wait_until(lambda: self.bus_has(WATCHER), 20, f"waybar to own {WATCHER}")

    def _start_gnome(self) -> None:
        # The extension list lives in dconf; its service writes the session's own database.
        self.popen([DCONF_SERVICE])
        wait_until(lambda: self.bus_has("ca.desrt.dconf"), 10, "dconf-service")
        self.run("gsettings", "set", "org.gnome.shell", "enabled-extensions", f"['{APPINDICATOR}']")
        self.env.update(XDG_CURRENT_DESKTOP="GNOME")
        args = ["gnome-shell", "--headless", "--wayland", "--unsafe-mode",
                "--wayland-display=wayland-ergo", "--virtual-monitor", f"{SIZE[0]}x{SIZE[1]}"]
        if not self.xwayland:
            args.append("--no-x11")
        self.compositor_process = self.popen(args)
        socket = Path(self.env["XDG_RUNTIME_DIR"]) / "wayland-ergo"
        wait_until(socket.exists, 30, "GNOME Shell's Wayland socket")
        self.env["WAYLAND_DISPLAY"] = "wayland-ergo"
        for name in ("org.gnome.Shell", "org.gnome.Mutter.IdleMonitor", WATCHER):
            wait_until(lambda name=name: self.bus_has(name), 30, f"GNOME Shell to own {name}")
        self.popen(["gjs", GNOME_NOTIFICATIONS])
        wait_until(lambda: self.bus_has("org.freedesktop.Notifications"), 20,
                   "GNOME Shell's notification service")
        if self.xwayland:
            # Mutter names the X display in its log, and hands its clients an Xauthority file.
            said = wait_until(lambda: re.search(r"Using public X11 display (:\d+)",
                                                self.log.read_text(errors="replace")),
                              10, "Mutter's X11 display")
            auth = wait_until(lambda: sorted(Path(self.env["XDG_RUNTIME_DIR"]).glob(
                ".mutter-Xwaylandauth.*")), 10, "Mutter's Xauthority file")
            self.env.update(DISPLAY=said.group(1), XAUTHORITY=str(auth[0]))

    def _start_kwin(self) -> None:
        program = self.dir / "kwin_wayland"
        shutil.copy(shutil.which("kwin_wayland") or "kwin_wayland", program)
        self._own(program)
        self.env.update(XDG_CURRENT_DESKTOP="KDE", KDE_FULL_SESSION="true")
        args = [str(program), "--virtual", "--socket", "wayland-ergo",
                "--width", str(SIZE[0]), "--height", str(SIZE[1])]
        if self.xwayland:
            args.append("--xwayland")
        self.compositor_process = self.popen(args, env=dict(self.env, WAYLAND_DISPLAY=""))
        socket = Path(self.env["XDG_RUNTIME_DIR"]) / "wayland-ergo"
        wait_until(socket.exists, 20, "KWin's Wayland socket")
        self.env["WAYLAND_DISPLAY"] = "wayland-ergo"
        wait_until(lambda: self.bus_has("org.freedesktop.ScreenSaver"), 20,
                   "KWin to own org.freedesktop.ScreenSaver")
